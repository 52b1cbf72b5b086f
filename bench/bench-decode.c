/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Decode plus the training transform (RandomResizedCrop, flip, ToTensor,
 * Normalize), one thread, over every image of an image folder.
 *   bench-decode DIR [SIZE] [PASSES]
 * Prints the best pass as "images/s WALL CPU": images per second of wall-clock
 * time and of the process's CPU time (which a busy machine disturbs less).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ft-image-folder.h"
#include "ft-image.h"
#include "ft-transform.h"

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Returns the wall-clock seconds of one pass; *@cpu gets its CPU seconds. */
static double
one_pass (FtImageFolder *folder, int size, guint pass, float *out, guint *n_done, double *cpu)
{
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds ();

  *n_done = 0;
  for (guint i = 0; i < ft_image_folder_get_n_samples (folder); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (FtImage) image = ft_image_load (ft_image_folder_get_path (folder, i), 0, &error);
      FtRng rng;

      if (image == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          continue;
        }
      ft_rng_init (&rng, 0, pass, i, FT_RNG_AUGMENT);
      ft_transform_apply (image, size, TRUE, &rng, out);
      (*n_done)++;
    }
  *cpu = cpu_seconds () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImageFolder) folder = NULL;
  g_autofree float *out = NULL;
  int size = argc > 2 ? atoi (argv[2]) : 224;
  guint passes = argc > 3 ? (guint) atoi (argv[3]) : 3;
  double best = 0, best_cpu = 0;

  if (argc < 2 || size <= 0 || passes == 0)
    {
      fprintf (stderr, "usage: bench-decode DIR [SIZE] [PASSES]\n");
      return 64;
    }
  folder = ft_image_folder_new (argv[1], &error);
  if (folder == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  out = g_new (float, 3 * size * size);
  for (guint p = 0; p < passes; p++)
    {
      guint n = 0;
      double cpu = 0, seconds = one_pass (folder, size, p, out, &n, &cpu);

      best = MAX (best, n / seconds);
      best_cpu = MAX (best_cpu, n / cpu);
    }
  printf ("images/s %.1f %.1f\n", best, best_cpu);
  return 0;
}
