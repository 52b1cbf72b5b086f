/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-step: times the shim's training step.
 *   bench-step BATCH SIZE fp32|bf16 nchw|channels-last STEPS [THREADS [winograd|direct]]
 * Runs one warm-up step, then STEPS timed steps on a 2-class ResNet-18, and prints one JSON
 * object: the seconds of each timed step, the fastest one and the least CPU time one took
 * (all threads together), which a busy machine disturbs less.  THREADS <= 0 or absent: the
 * shim's default (the CPUs this process may use).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
now (clockid_t clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main (int argc, char **argv)
{
  if (argc < 6)
    {
      fprintf (stderr, "usage: bench-step BATCH SIZE fp32|bf16 nchw|channels-last STEPS [THREADS "
                       "[winograd|direct]]\n");
      return 2;
    }
  int n = atoi (argv[1]), size = atoi (argv[2]), steps = atoi (argv[5]);
  int bf16 = strcmp (argv[3], "bf16") == 0;
  int channels_last = strcmp (argv[4], "channels-last") == 0;
  if (n < 1 || size < 32 || steps < 1)
    return 2;
  ft_torch_set_threads (argc > 6 ? atoi (argv[6]) : 0);

  FtTorchModel *model = NULL;
  FtTorchSgd *sgd = NULL;
  FtTorchSgdOptions options
    = { .lr = 5e-5, .head_lr_mult = 10, .param_groups = 1, .weight_decay = 0.001 };
  ft_torch_manual_seed (0);
  check (ft_torch_model_new (1000, &model));
  check (ft_torch_model_replace_head (model, 2, NULL));
  check (
    ft_torch_model_set_precision (model, bf16 ? FT_TORCH_PRECISION_BF16 : FT_TORCH_PRECISION_FP32));
  check (ft_torch_model_set_channels_last (model, channels_last));
  check (ft_torch_model_set_winograd (model, argc <= 7 || strcmp (argv[7], "direct") != 0));
  check (ft_torch_sgd_new (model, &options, &sgd));

  size_t count = (size_t) n * 3 * size * size;
  float *images = malloc (count * sizeof (float));
  int64_t *labels = malloc ((size_t) n * sizeof (int64_t));
  unsigned state = 1;
  for (size_t i = 0; i < count; i++)
    {
      state = state * 1103515245u + 12345u;
      images[i] = (float) ((state >> 8) & 0xffff) / 32768.0f - 1.0f;
    }
  for (int i = 0; i < n; i++)
    labels[i] = i % 2;

  double best = 1e300, best_cpu = 1e300;
  FtTorchMemory warm = { 0 }, end = { 0 };
  printf ("{\"threads\": %d, \"seconds\": [", ft_torch_get_threads ());
  for (int s = 0; s <= steps; s++)
    {
      double loss;
      int64_t correct;
      double t0 = now (CLOCK_MONOTONIC), c0 = now (CLOCK_PROCESS_CPUTIME_ID);
      check (ft_torch_train_step (model, sgd, images, labels, n, size, size, &loss, &correct));
      double dt = now (CLOCK_MONOTONIC) - t0, dc = now (CLOCK_PROCESS_CPUTIME_ID) - c0;
      if (s == 0)
        {
          ft_torch_memory_stats (&warm);
          continue; /* warm-up: allocator and oneDNN primitive caches */
        }
      best = dt < best ? dt : best;
      best_cpu = dc < best_cpu ? dc : best_cpu;
      printf ("%s%.4f", s > 1 ? ", " : "", dt);
    }
  ft_torch_memory_stats (&end);
  printf ("], \"best\": %.4f, \"best_cpu\": %.4f, \"peak_mib\": %.1f, "
          "\"mapped_mib_per_step\": %.1f}\n",
          best, best_cpu, end.peak / 1048576.0,
          (double) (end.mapped - warm.mapped) / 1048576.0 / steps);
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
  free (images);
  free (labels);
  return 0;
}
