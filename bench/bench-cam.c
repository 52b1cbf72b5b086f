/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-cam: times the shim's Grad-CAM of one image.
 *   bench-cam SIZE REPS [THREADS]
 * One warm-up, then REPS timed calls of ft_torch_model_grad_cam on a 2-class ResNet-18 in eval
 * mode (the forward to layer4, the head's gradient, the weighting, the upsampling to SIZE), and
 * prints one JSON object with the fastest call's seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ft-torch.h"

static void
check (FtTorchStatus *status)
{
  if (status)
    {
      fprintf (stderr, "%s\n", ft_torch_status_message (status));
      exit (1);
    }
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-cam SIZE REPS [THREADS]\n");
      return 2;
    }
  int size = atoi (argv[1]), reps = atoi (argv[2]);
  if (size < 32 || reps < 1)
    return 2;
  ft_torch_set_threads (argc > 3 ? atoi (argv[3]) : 0);

  FtTorchModel *model = NULL;
  ft_torch_manual_seed (0);
  check (ft_torch_model_new (2, &model));
  size_t count = (size_t) 3 * size * size;
  float *image = malloc (count * sizeof (float));
  unsigned state = 1;
  for (size_t i = 0; i < count; i++)
    {
      state = state * 1103515245u + 12345u;
      image[i] = (float) ((state >> 8) & 0xffff) / 32768.0f - 1.0f;
    }
  double best = 1e300;
  for (int r = 0; r <= reps; r++)
    {
      FtTorchCam *cam = NULL;
      double t0 = now ();
      check (ft_torch_model_grad_cam (model, image, size, size, -1, &cam));
      double t = now () - t0;
      ft_torch_cam_free (cam);
      if (r > 0 && t < best)
        best = t;
    }
  printf ("{\"threads\": %d, \"size\": %d, \"best_seconds\": %.6f}\n", ft_torch_get_threads (),
          size, best);
  free (image);
  ft_torch_model_free (model);
  return 0;
}
