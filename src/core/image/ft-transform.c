/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-transform.h"

#include <math.h>

#include "ft-resize.h"

const float ft_transform_imagenet_mean[3] = { 0.485f, 0.456f, 0.406f };
const float ft_transform_imagenet_std[3] = { 0.229f, 0.224f, 0.225f };

#define SCALE_MIN 0.08
#define SCALE_MAX 1.0
#define RATIO_MIN (3.0 / 4.0)
#define RATIO_MAX (4.0 / 3.0)

/* Python's round(): halves go to the even neighbour, as rint() does by default. */
static int
round_half_even (double x)
{
  return (int) rint (x);
}

static gboolean
try_box (int width, int height, FtRng *rng, FtBox *box)
{
  double area = (double) width * height;
  double target = area * ft_rng_uniform_range (rng, SCALE_MIN, SCALE_MAX);
  double aspect = exp (ft_rng_uniform_range (rng, log (RATIO_MIN), log (RATIO_MAX)));
  int w = round_half_even (sqrt (target * aspect));
  int h = round_half_even (sqrt (target / aspect));

  if (w <= 0 || w > width || h <= 0 || h > height)
    return FALSE;
  box->top = (int) ft_rng_below (rng, (guint64) (height - h + 1));
  box->left = (int) ft_rng_below (rng, (guint64) (width - w + 1));
  box->height = h;
  box->width = w;
  return TRUE;
}

gboolean
ft_transform_sample_box (int width, int height, FtRng *rng, FtBox *box)
{
  double in_ratio;
  int w = width, h = height;

  g_return_val_if_fail (width > 0 && height > 0 && rng != NULL && box != NULL, FALSE);

  for (int attempt = 0; attempt < 10; attempt++)
    if (try_box (width, height, rng, box))
      return FALSE;

  in_ratio = (double) width / height;
  if (in_ratio < RATIO_MIN)
    h = round_half_even (w / RATIO_MIN);
  else if (in_ratio > RATIO_MAX)
    w = round_half_even (h * RATIO_MAX);
  box->width = w;
  box->height = h;
  box->top = (height - h) / 2;
  box->left = (width - w) / 2;
  return TRUE;
}

int
ft_transform_test_resize (int size)
{
  return size * 256 / 224;
}

void
ft_transform_to_tensor (const FtImage *image,
                        int left,
                        int top,
                        int size,
                        gboolean flip,
                        const float mean[3],
                        const float std[3],
                        float *out)
{
  float lut[3][256];
  gsize plane = (gsize) size * size;

  g_return_if_fail (image != NULL && out != NULL && size > 0);
  g_return_if_fail (left >= 0 && top >= 0);
  g_return_if_fail (left + size <= image->width && top + size <= image->height);

  for (int c = 0; c < 3; c++)
    for (int v = 0; v < 256; v++)
      lut[c][v] = ((float) v / 255.0f - mean[c]) / std[c];

  for (int y = 0; y < size; y++)
    {
      const guint8 *row = image->pixels + (gsize) (top + y) * image->stride;
      float *o = out + (gsize) y * size;

      for (int x = 0; x < size; x++)
        {
          const guint8 *p = row + (gsize) (left + (flip ? size - 1 - x : x)) * image->channels;

          o[x] = lut[0][p[0]];
          o[plane + x] = lut[1][p[1]];
          o[2 * plane + x] = lut[2][p[2]];
        }
    }
}

FtImage *
ft_transform_train (const FtImage *image, int size, FtRng *rng, gboolean *flip)
{
  FtBox box;

  g_return_val_if_fail (image != NULL && size > 0 && rng != NULL, NULL);

  ft_transform_sample_box (image->width, image->height, rng, &box);
  if (flip != NULL)
    *flip = ft_rng_uniform (rng) < 0.5;
  return ft_resize_crop (image, box.left, box.top, box.width, box.height, size, size);
}

FtImage *
ft_transform_test (const FtImage *image, int size, int *left, int *top)
{
  int r = ft_transform_test_resize (size);
  int offset = round_half_even ((r - size) / 2.0);

  g_return_val_if_fail (image != NULL && size > 0, NULL);

  if (left != NULL)
    *left = offset;
  if (top != NULL)
    *top = offset;
  return ft_resize_crop (image, 0, 0, image->width, image->height, r, r);
}

void
ft_transform_apply (const FtImage *image, int size, gboolean augment, FtRng *rng, float *out)
{
  g_autoptr (FtImage) result = NULL;
  gboolean flip = FALSE;
  int left = 0, top = 0;

  g_return_if_fail (image != NULL && out != NULL && size > 0);
  g_return_if_fail (!augment || rng != NULL);

  if (augment)
    result = ft_transform_train (image, size, rng, &flip);
  else
    result = ft_transform_test (image, size, &left, &top);
  ft_transform_to_tensor (result, left, top, size, flip, ft_transform_imagenet_mean,
                          ft_transform_imagenet_std, out);
}
