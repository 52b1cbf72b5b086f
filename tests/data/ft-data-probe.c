/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Runs one piece of the image pipeline on a file and writes the raw result,
 * so that the Python tests can compare it with Pillow and torchvision:
 *   decode IN OUT                     int32 width, height, then RGB bytes
 *   test IN SIZE OUT                  float CHW in 0..1 (Resize + CenterCrop + ToTensor)
 *   crop IN TOP LEFT H W SIZE OUT     float CHW in 0..1 (resized crop + ToTensor)
 *   boxes WIDTH HEIGHT N SEED OUT     int32 top, left, height, width, fallback per draw
 */
#include <stdio.h>
#include <stdlib.h>

#include "ft-image.h"
#include "ft-resize.h"
#include "ft-transform.h"

static const float zero[3] = { 0, 0, 0 };
static const float one[3] = { 1, 1, 1 };

static int
write_out (const char *path, const void *data, gsize size)
{
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents (path, data, size, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  return 0;
}

static FtImage *
load (const char *path)
{
  g_autoptr (GError) error = NULL;
  FtImage *image = ft_image_load (path, 0, &error);

  if (image == NULL)
    fprintf (stderr, "%s\n", error->message);
  return image;
}

static int
cmd_decode (char **argv)
{
  g_autoptr (FtImage) image = load (argv[0]);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  gint32 dims[2];

  if (image == NULL)
    return 2;
  dims[0] = image->width;
  dims[1] = image->height;
  g_byte_array_append (out, (const guint8 *) dims, sizeof dims);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      g_byte_array_append (out, image->pixels + y * image->stride + x * image->channels, 3);
  return write_out (argv[1], out->data, out->len);
}

static int
write_tensor (FtImage *image, int left, int top, int size, const char *path)
{
  g_autofree float *out = g_new (float, 3 * size * size);

  ft_transform_to_tensor (image, left, top, size, FALSE, zero, one, out);
  return write_out (path, out, sizeof (float) * 3 * size * size);
}

static int
cmd_test (char **argv)
{
  g_autoptr (FtImage) image = load (argv[0]);
  g_autoptr (FtImage) resized = NULL;
  int size = atoi (argv[1]), left, top;

  if (image == NULL)
    return 2;
  resized = ft_transform_test (image, size, &left, &top);
  return write_tensor (resized, left, top, size, argv[2]);
}

static int
cmd_crop (char **argv)
{
  g_autoptr (FtImage) image = load (argv[0]);
  g_autoptr (FtImage) crop = NULL;
  int size = atoi (argv[5]);

  if (image == NULL)
    return 2;
  crop = ft_resize_crop (image, atoi (argv[2]), atoi (argv[1]), atoi (argv[4]), atoi (argv[3]),
                         size, size);
  return write_tensor (crop, 0, 0, size, argv[6]);
}

static int
cmd_boxes (char **argv)
{
  int width = atoi (argv[0]), height = atoi (argv[1]), n = atoi (argv[2]);
  guint64 seed = g_ascii_strtoull (argv[3], NULL, 10);
  g_autofree gint32 *out = g_new (gint32, 5 * n);

  for (int i = 0; i < n; i++)
    {
      FtRng rng;
      FtBox box;

      ft_rng_init (&rng, seed, 0, i, FT_RNG_AUGMENT);
      out[5 * i + 4] = ft_transform_sample_box (width, height, &rng, &box);
      out[5 * i + 0] = box.top;
      out[5 * i + 1] = box.left;
      out[5 * i + 2] = box.height;
      out[5 * i + 3] = box.width;
    }
  return write_out (argv[4], out, sizeof (gint32) * 5 * n);
}

int
main (int argc, char **argv)
{
  static const struct
  {
    const char *name;
    int n_args;
    int (*run) (char **argv);
  } commands[] = {
    { "decode", 2, cmd_decode },
    { "test", 3, cmd_test },
    { "crop", 7, cmd_crop },
    { "boxes", 5, cmd_boxes },
  };

  for (guint i = 0; argc > 1 && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name) && argc == commands[i].n_args + 2)
      return commands[i].run (argv + 2);
  fprintf (stderr, "usage: ft-data-probe decode|test|crop|boxes ARGS...\n");
  return 64;
}
