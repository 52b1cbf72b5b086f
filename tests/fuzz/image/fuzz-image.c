/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes as an image file, decoded, then through the recipe's train and
 * test transforms into tensors. */
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ft-image.h"
#include "ft-transform.h"
#include "fuzz-scratch.h"

/* Small enough that one input stays fast under ASan; a larger image is refused by the same
 * check that refuses Pillow's bombs, which the corpus reaches too. */
#define MAX_PIXELS (2048 * 2048)
#define SIZE 32

static char *image_path;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
remove_scratch (void)
{
  g_autofree char *dir = g_path_get_dirname (image_path);

  g_unlink (image_path);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *dir = ft_fuzz_scratch_new ("ft-fuzz-image");

  image_path = g_build_filename (dir, "image", NULL);
  atexit (remove_scratch);
  /* A critical is a broken precondition in our code: a finding, not a refusal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_tensor (const float *t)
{
  /* Normalised bytes lie within (0 - 0.485) / 0.225 and (1 - 0.406) / 0.225. */
  for (int i = 0; i < 3 * SIZE * SIZE; i++)
    if (!(t[i] >= -2.2f && t[i] <= 2.7f))
      abort ();
}

static void
transform (const FtImage *image)
{
  g_autofree float *tensor = g_new (float, 3 * SIZE * SIZE);
  g_autoptr (FtImage) crop = NULL;
  g_autoptr (FtImage) resized = NULL;
  gboolean flip;
  int left, top;
  FtRng rng;

  ft_rng_init (&rng, image->width, image->height, 0, FT_RNG_AUGMENT);
  crop = ft_transform_train (image, SIZE, &rng, &flip);
  if (crop->width != SIZE || crop->height != SIZE)
    abort ();
  ft_transform_to_tensor (crop, 0, 0, SIZE, flip, ft_transform_imagenet_mean,
                          ft_transform_imagenet_std, tensor);
  check_tensor (tensor);
  resized = ft_transform_test (image, SIZE, &left, &top);
  if (left < 0 || top < 0 || left + SIZE > resized->width || top + SIZE > resized->height)
    abort ();
  ft_transform_to_tensor (resized, left, top, SIZE, FALSE, ft_transform_imagenet_mean,
                          ft_transform_imagenet_std, tensor);
  check_tensor (tensor);
  ft_transform_apply (image, SIZE, TRUE, &rng, tensor);
  ft_transform_apply (image, SIZE, FALSE, &rng, tensor);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImage) image = NULL;

  if (!g_file_set_contents (image_path, (const char *) data, (gssize) size, NULL))
    abort ();
  image = ft_image_load (image_path, MAX_PIXELS, &error);
  if (image == NULL)
    {
      /* A refusal is one line (GdkPixbuf's own words, which end as they will, may follow ours). */
      if (error == NULL || error->message[0] == '\0' || strchr (error->message, '\n') != NULL
          || !g_utf8_validate (error->message, -1, NULL))
        {
          fprintf (stderr, "not one line: %s\n", error ? error->message : "(no error)");
          abort ();
        }
      return 0;
    }
  if (image->width < 1 || image->height < 1
      || (guint64) image->width * (guint64) image->height > MAX_PIXELS
      || (image->channels != 3 && image->channels != 4)
      || image->stride < image->width * image->channels)
    abort ();
  transform (image);
  return 0;
}
