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

#include "ft-bench.h"
#include "ft-image-folder.h"

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Returns images per second of wall-clock time for one pass; *@cpu_rate gets them per CPU second.
 */
static double
one_pass (FtImageFolder *folder, int size, double *cpu_rate)
{
  g_autoptr (GError) error = NULL;
  double cpu_start = cpu_seconds (), rate;
  guint n = 0;

  rate = ft_bench_decode (folder, G_MAXUINT, size, &n, NULL, &error);
  if (rate <= 0)
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  *cpu_rate = n / MAX (cpu_seconds () - cpu_start, 1e-9);
  return rate;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImageFolder) folder = NULL;
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
  for (guint p = 0; p < passes; p++)
    {
      double cpu = 0, wall = one_pass (folder, size, &cpu);

      best = MAX (best, wall);
      best_cpu = MAX (best_cpu, cpu);
    }
  printf ("images/s %.1f %.1f\n", best, best_cpu);
  return 0;
}
