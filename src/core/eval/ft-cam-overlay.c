/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cam-overlay.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "ft-jet.h"
#include "ft-transform.h"

FtImage *
ft_cam_crop (const FtImage *image, int size)
{
  int left, top;
  g_autoptr (FtImage) resized = ft_transform_test (image, size, &left, &top);
  FtImage *crop = ft_image_new (size, size);
  guint8 *out = ft_image_get_data (crop);

  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      memcpy (out + ((gsize) y * size + x) * 3,
              resized->pixels + (gsize) (top + y) * resized->stride
                + (gsize) (left + x) * resized->channels,
              3);
  return crop;
}

FtImage *
ft_cam_overlay (const FtImage *crop, const float *map)
{
  int w = crop->width, h = crop->height;
  g_autofree float *blend = g_new (float, (gsize) w *h * 3);
  FtImage *overlay = ft_image_new (w, h);
  guint8 *out = ft_image_get_data (overlay);
  float max = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *rgb = crop->pixels + (gsize) y * crop->stride + (gsize) x * crop->channels;
        /* np.uint8 of a float32 product truncates toward zero. */
        const guint8 *jet = ft_jet[(guint8) (255.0f * map[(gsize) y * w + x])];

        for (int c = 0; c < 3; c++)
          {
            float v = (1.0f - 0.5f) * (jet[c] / 255.0f) + 0.5f * (rgb[c] / 255.0f);
            blend[((gsize) y * w + x) * 3 + c] = v;
            max = MAX (max, v);
          }
      }
  for (gsize i = 0; i < (gsize) w * h * 3; i++)
    out[i] = (guint8) (255.0f * (blend[i] / max));
  return overlay;
}

gboolean
ft_cam_save_png (const FtImage *image, const char *path, GError **error)
{
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *buffer = NULL;
  gsize size;

  g_return_val_if_fail (image->channels == 3, FALSE);
  pixbuf = gdk_pixbuf_new_from_data (image->pixels, GDK_COLORSPACE_RGB, FALSE, 8, image->width,
                                     image->height, image->stride, NULL, NULL);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", error, NULL))
    return FALSE;
  return g_file_set_contents (path, buffer, (gssize) size, error);
}
