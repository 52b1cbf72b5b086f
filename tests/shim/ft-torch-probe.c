/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A command-line window onto the shim for the Python parity tests:
 *   ft-torch-probe load WEIGHTS CLASSES strict|backbone
 *   ft-torch-probe new CLASSES SEED OUT.pth
 *   ft-torch-probe winograd    prints 1 when the Winograd convolutions are there; else
 *                              "0 cpu" when the CPU lacks AVX-512, "0 build" otherwise
 *   ft-torch-probe eval WEIGHTS CLASSES N H W IMAGES.f32 LOGITS.f32 [bf16] [channels-last]
 *                  [winograd]
 *   ft-torch-probe train WEIGHTS CLASSES N H W STEPS IMAGES.f32 LABELS.i64 LR MULT WD MOMENTUM
 *                  FREEZE OUT.pth [bf16] [channels-last] [winograd]
 * IMAGES holds STEPS batches of N images one after the other; train prints one loss sum and
 * correct count per step.  Errors: the status message on stdout, exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ft-torch.h"

static int
check (FtTorchStatus *status)
{
  if (!status)
    return 0;
  printf ("%s\n", ft_torch_status_message (status));
  ft_torch_status_free (status);
  exit (1);
}

static void *
read_file (const char *path, size_t size)
{
  FILE *f = fopen (path, "rb");
  void *data = malloc (size);
  if (!f || !data || fread (data, 1, size, f) != size)
    {
      printf ("cannot read %s\n", path);
      exit (2);
    }
  fclose (f);
  return data;
}

static void
write_file (const char *path, const void *data, size_t size)
{
  FILE *f = fopen (path, "wb");
  if (!f || fwrite (data, 1, size, f) != size || fclose (f) != 0)
    {
      printf ("cannot write %s\n", path);
      exit (2);
    }
}

static int
has_flag (int argc, char **argv, int from, const char *flag)
{
  for (int i = from; i < argc; i++)
    if (strcmp (argv[i], flag) == 0)
      return 1;
  return 0;
}

static FtTorchModel *
open_model (const char *weights, int classes, FtTorchLoadMode mode, int argc, char **argv, int from)
{
  FtTorchModel *model = NULL;
  ft_torch_manual_seed (0);
  check (ft_torch_model_new (classes, &model));
  check (ft_torch_model_load (model, weights, mode));
  if (has_flag (argc, argv, from, "bf16"))
    check (ft_torch_model_set_precision (model, FT_TORCH_PRECISION_BF16));
  if (has_flag (argc, argv, from, "channels-last"))
    check (ft_torch_model_set_channels_last (model, 1));
  if (has_flag (argc, argv, from, "winograd"))
    check (ft_torch_model_set_winograd (model, 1));
  return model;
}

static int
cmd_eval (int argc, char **argv)
{
  int classes = atoi (argv[3]), n = atoi (argv[4]), h = atoi (argv[5]), w = atoi (argv[6]);
  FtTorchModel *model = open_model (argv[2], classes, FT_TORCH_LOAD_STRICT, argc, argv, 9);
  float *images = read_file (argv[7], sizeof (float) * n * 3 * h * w);
  float *logits = calloc ((size_t) n * classes, sizeof (float));
  check (ft_torch_model_eval (model, images, n, h, w, logits));
  write_file (argv[8], logits, sizeof (float) * n * classes);
  ft_torch_model_free (model);
  free (images);
  free (logits);
  return 0;
}

static int
cmd_train (int argc, char **argv)
{
  int classes = atoi (argv[3]), n = atoi (argv[4]), h = atoi (argv[5]), w = atoi (argv[6]);
  int steps = atoi (argv[7]);
  FtTorchSgdOptions options = {
    .lr = atof (argv[10]),
    .head_lr_mult = atof (argv[11]),
    .param_groups = atof (argv[11]) != 1.0,
    .weight_decay = atof (argv[12]),
    .momentum = atof (argv[13]),
  };
  FtTorchModel *model = open_model (argv[2], classes, FT_TORCH_LOAD_STRICT, argc, argv, 16);
  FtTorchSgd *sgd = NULL;
  size_t per_batch = (size_t) n * 3 * h * w;
  float *images = read_file (argv[8], sizeof (float) * per_batch * steps);
  int64_t *labels = read_file (argv[9], sizeof (int64_t) * n * steps);
  check (ft_torch_model_freeze (model, (FtTorchFreeze) atoi (argv[14])));
  check (ft_torch_sgd_new (model, &options, &sgd));
  for (int s = 0; s < steps; s++)
    {
      double loss = 0;
      int64_t correct = 0;
      check (ft_torch_train_step (model, sgd, images + s * per_batch, labels + (size_t) s * n, n, h,
                                  w, &loss, &correct));
      printf ("%.9g %lld\n", loss, (long long) correct);
    }
  check (ft_torch_model_save (model, argv[15]));
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
  free (images);
  free (labels);
  return 0;
}

int
main (int argc, char **argv)
{
  ft_torch_set_threads (0);
  if (argc == 5 && strcmp (argv[1], "load") == 0)
    {
      FtTorchModel *model = NULL;
      check (ft_torch_model_new (atoi (argv[3]), &model));
      check (ft_torch_model_load (model, argv[2],
                                  strcmp (argv[4], "strict") == 0 ? FT_TORCH_LOAD_STRICT
                                                                  : FT_TORCH_LOAD_BACKBONE));
      ft_torch_model_free (model);
      printf ("ok\n");
      return 0;
    }
  if (argc == 5 && strcmp (argv[1], "new") == 0)
    {
      FtTorchModel *model = NULL;
      ft_torch_manual_seed (strtoull (argv[3], NULL, 10));
      check (ft_torch_model_new (atoi (argv[2]), &model));
      check (ft_torch_model_save (model, argv[4]));
      ft_torch_model_free (model);
      printf ("ok\n");
      return 0;
    }
  if (argc == 2 && strcmp (argv[1], "winograd") == 0)
    {
      if (ft_torch_winograd_available ())
        printf ("1\n");
      else
        printf ("0 %s\n", __builtin_cpu_supports ("avx512f") ? "build" : "cpu");
      return 0;
    }
  if (argc >= 9 && strcmp (argv[1], "eval") == 0)
    return cmd_eval (argc, argv);
  if (argc >= 16 && strcmp (argv[1], "train") == 0)
    return cmd_train (argc, argv);
  fprintf (stderr, "usage: see the comment at the top of ft-torch-probe.c\n");
  return 2;
}
