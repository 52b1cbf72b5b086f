/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-bench.h"

#include <glib/gi18n.h>

#include "ft-file-tree.h"
#include "ft-image.h"
#include "ft-rng.h"
#include "ft-synth.h"
#include "ft-trainer-model.h"
#include "ft-transform.h"

#define BENCH_CLASSES 2

double
ft_bench_decode (FtImageFolder *folder,
                 guint max_images,
                 int size,
                 guint *n_images,
                 GCancellable *cancellable,
                 GError **error)
{
  guint n = ft_image_folder_get_n_samples (folder), count = MIN (n, max_images), done = 0;
  g_autofree float *out = g_new (float, (gsize) 3 * size * size);
  g_autoptr (GError) first_error = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  for (guint k = 0; k < count; k++)
    {
      /* Spread over the whole folder, whose samples are sorted by class. */
      guint i = (guint) ((guint64) k * n / count);
      g_autoptr (GError) local_error = NULL;
      g_autoptr (FtImage) image = NULL;
      FtRng rng;

      *n_images = done;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return 0;
      image = ft_image_load (ft_image_folder_get_path (folder, i), 0, &local_error);
      if (image == NULL)
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }
      ft_rng_init (&rng, 0, 0, i, FT_RNG_AUGMENT);
      ft_transform_apply (image, size, TRUE, &rng, out);
      done++;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *n_images = done;
  if (done == 0)
    {
      if (first_error != NULL)
        g_propagate_error (error, g_steal_pointer (&first_error));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("There are no images to decode."));
      return 0;
    }
  return done / MAX (seconds, 1e-6);
}

/* Fills @images and @labels with a fixed batch: values of normalised pixels, both classes. */
static void
fill_batch (float *images, gint64 *labels, int batch, int size)
{
  gsize count = (gsize) batch * 3 * size * size;
  guint32 state = 1;

  for (gsize i = 0; i < count; i++)
    {
      state = state * 1103515245u + 12345u;
      images[i] = (float) ((state >> 8) & 0xffff) / 16384.0f - 2.0f;
    }
  for (int i = 0; i < batch; i++)
    labels[i] = i % BENCH_CLASSES;
}

static gboolean
build (FtTorchModel **model,
       FtTorchSgd **sgd,
       const FtBenchStep *step,
       FtTorchDevice device,
       GError **error)
{
  FtTorchSgdOptions options
    = { .lr = 5e-5, .head_lr_mult = 10, .param_groups = 1, .weight_decay = 0.001 };

  ft_torch_manual_seed (0);
  return ft_trainer_take_status (ft_torch_model_new (BENCH_CLASSES, model), error)
         && ft_trainer_take_status (ft_torch_model_to_device (*model, device), error)
         && ft_trainer_take_status (ft_torch_model_set_precision (*model, step->precision), error)
         && ft_trainer_take_status (ft_torch_model_set_channels_last (*model, step->channels_last),
                                    error)
         && ft_trainer_take_status (ft_torch_model_set_winograd (*model, TRUE), error)
         && ft_trainer_take_status (ft_torch_sgd_new (*model, &options, sgd), error);
}

gboolean
ft_bench_step (FtBenchStep *step,
               int batch,
               int size,
               guint timed,
               FtTorchDevice device,
               GCancellable *cancellable,
               GError **error)
{
  FtTorchModel *model = NULL;
  FtTorchSgd *sgd = NULL;
  float *images = g_try_new (float, (gsize) batch * 3 * size * size);
  g_autofree gint64 *labels = g_new (gint64, batch);
  g_autofree float *logits = g_new (float, (gsize) batch *BENCH_CLASSES);
  double best_train = G_MAXDOUBLE, best_eval = G_MAXDOUBLE;
  gboolean ok;

  g_return_val_if_fail (step != NULL && batch > 0 && size > 0 && timed > 0, FALSE);

  if (images == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _ ("There is not enough memory for a batch of %d images of %d px."), batch,
                   size);
      return FALSE;
    }
  fill_batch (images, labels, batch, size);
  ok = build (&model, &sgd, step, device, error);
  for (guint s = 0; ok && s <= timed; s++)
    {
      gint64 start = g_get_monotonic_time ();
      double loss;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      int64_t correct;

      ok = ft_trainer_take_status (ft_torch_train_step (model, sgd, images, (int64_t *) labels,
                                                        batch, size, size, &loss, &correct),
                                   error);
      if (s > 0)
        best_train = MIN (best_train, (g_get_monotonic_time () - start) / 1e6);
    }
  for (guint s = 0; ok && s <= timed; s++)
    {
      gint64 start = g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      ok = ft_trainer_take_status (ft_torch_model_eval (model, images, batch, size, size, logits),
                                   error);
      if (s > 0)
        best_eval = MIN (best_eval, (g_get_monotonic_time () - start) / 1e6);
    }
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
  ft_torch_release_memory ();
  g_free (images);
  if (!ok)
    return FALSE;
  step->train_examples_per_sec = batch / MAX (best_train, 1e-9);
  step->eval_examples_per_sec = batch / MAX (best_eval, 1e-9);
  return TRUE;
}

double
ft_bench_experiment_seconds (const FtBenchStep *step, double decode_per_thread, int cpus)
{
  double train = (double) FT_BENCH_BOOK_TRAIN, test = (double) FT_BENCH_BOOK_TEST;
  double per_epoch;

  g_return_val_if_fail (
    step != NULL && step->train_examples_per_sec > 0 && step->eval_examples_per_sec > 0, 0);

  per_epoch = train / step->train_examples_per_sec + test / step->eval_examples_per_sec;
  /* The loader's threads decode on the same CPUs that train: their time adds up. */
  if (decode_per_thread > 0)
    per_epoch += (train + test) / (decode_per_thread * MAX (cpus, 1));
  return FT_BENCH_BOOK_RUNS * FT_BENCH_BOOK_EPOCHS * per_epoch;
}

char *
ft_bench_draw_set (guint per_class, GCancellable *cancellable, GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("finetune-bench-XXXXXX", error);
  g_autofree char *set = NULL;

  if (dir == NULL)
    return NULL;
  set = g_build_filename (dir, "practice", NULL);
  if (!ft_synth_write (set, per_class, 0, 1, cancellable, error))
    {
      ft_file_tree_remove (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

void
ft_bench_remove_set (const char *path)
{
  g_return_if_fail (path != NULL);

  ft_file_tree_remove (path);
}
