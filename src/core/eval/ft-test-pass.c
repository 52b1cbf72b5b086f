/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-test-pass.h"

#include <string.h>

#include "ft-loader.h"
#include "ft-trainer-model.h"

static const char *
relative_path (FtImageFolder *test, guint index)
{
  const char *path = ft_image_folder_get_path (test, index);
  gsize n = strlen (ft_image_folder_get_root (test));

  if (strncmp (path, ft_image_folder_get_root (test), n) == 0 && path[n] == G_DIR_SEPARATOR)
    return path + n + 1;
  return path;
}

static gboolean
add_batch (FtTorchModel *model,
           FtImageFolder *test,
           FtBatch *batch,
           float *logits,
           FtPredictions *predictions,
           GError **error)
{
  int n_classes = ft_torch_model_num_classes (model);

  if (!ft_trainer_take_status (ft_torch_model_eval (model, batch->images, (int) batch->n,
                                                    (int) batch->size, (int) batch->size, logits),
                               error))
    return FALSE;
  for (guint k = 0; k < batch->n; k++)
    ft_predictions_add (predictions, relative_path (test, batch->indices[k]),
                        (guint) batch->labels[k], logits + (gsize) k * n_classes);
  return TRUE;
}

FtPredictions *
ft_test_pass_run (FtTorchModel *model,
                  FtImageFolder *test,
                  guint image_size,
                  guint batch_size,
                  GCancellable *cancellable,
                  GError **error)
{
  FtLoaderOptions options = { .batch_size = batch_size, .image_size = image_size };
  g_autoptr (FtLoader) loader = ft_loader_new (test, &options);
  int n_classes = ft_torch_model_num_classes (model);
  g_autoptr (FtPredictions) predictions = ft_predictions_new ((guint) n_classes);
  g_autofree float *logits = g_new (float, (gsize) batch_size *n_classes);
  GError *local = NULL;
  FtBatch *batch;

  g_return_val_if_fail (batch_size > 0 && image_size > 0, NULL);
  ft_loader_start_epoch (loader, 0);
  while ((batch = ft_loader_next (loader, cancellable, &local)))
    {
      gboolean ok = batch->n == 0 || add_batch (model, test, batch, logits, predictions, &local);

      ft_batch_free (batch);
      if (!ok)
        break;
    }
  if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&predictions);
}
