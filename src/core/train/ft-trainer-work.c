/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ft-dataset-digest.h"
#include "ft-dataset.h"
#include "ft-dist-shard.h"
#include "ft-dist.h"
#include "ft-loader.h"
#include "ft-run-writer.h"
#include "ft-trainer-model.h"
#include "ft-trainer-private.h"

typedef struct
{
  FtTrainer *trainer;
  const FtTrainerConfig *config;
  GCancellable *cancellable;
  FtRunWriter *writer;
  FtDataset *dataset;
  FtTorchModel *model;
  FtTorchSgd *sgd;
  FtLoader *train;
  FtLoader *test;
  FtTorchDist *dist;   /* borrowed; NULL alone */
  FtTrainerSnapshot s; /* scalars only; points live in the trainer */
  gint64 start_us;     /* when the first epoch began */
  double step_seconds; /* inside training steps */
  guint64 examples;    /* trained so far */
  guint epochs_done;
} Work;

static void
work_clear (Work *w)
{
  g_clear_object (&w->train);
  g_clear_object (&w->test);
  g_clear_pointer (&w->sgd, ft_torch_sgd_free);
  g_clear_pointer (&w->model, ft_torch_model_free);
  /* The shim keeps the blocks of one step for the next; an ended run needs none of them. */
  ft_torch_release_memory ();
  g_clear_object (&w->dataset);
  g_clear_pointer (&w->writer, ft_run_writer_free);
}

static void
publish (Work *w, const FtMetricPoint *point, gboolean epoch_done)
{
  double elapsed = (g_get_monotonic_time () - w->start_us) / 1e6;
  double done
    = w->s.n_batches ? (w->s.epoch + (double) w->s.batch / w->s.n_batches) / w->s.epochs : 0;

  w->s.fraction = MIN (done, 1.0);
  w->s.examples_per_sec = w->step_seconds > 0 ? w->examples / w->step_seconds : 0;
  w->s.end_to_end_examples_per_sec = elapsed > 0 ? w->examples / elapsed : 0;
  w->s.eta_seconds = done > 0 ? elapsed / done * (1 - done) : NAN;
  _ft_trainer_publish (w->trainer, &w->s, point, epoch_done);
  if (point && w->writer)
    {
      g_autoptr (GError) error = NULL;
      /* A full disk must not lose the run in memory; the log says what happened. */
      if (!ft_run_writer_add_point (w->writer, point, &error))
        ft_run_writer_log (w->writer, "%s", error->message);
    }
}

static FtLoader *
make_loader (Work *w, FtImageFolder *folder, gboolean train)
{
  FtLoaderOptions options = {
    .batch_size = w->config->batch_size,
    .image_size = w->config->image_size,
    .augment = train && w->config->augment,
    .shuffle = train && w->config->shuffle,
    .seed = w->config->seed,
    .n_threads = w->config->loader_threads,
    .cache_bytes = 0,
    .keep_empty = train && w->dist != NULL,
  };

  return ft_loader_new (folder, &options);
}

static FtDataset *
open_dataset (const FtTrainerConfig *c, GError **error)
{
  if (!g_file_test (c->data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The data set folder “%s” does not exist."), c->data_dir);
      return NULL;
    }
  return ft_dataset_open (c->data_dir, error);
}

static gboolean
dist_ok (Work *w, FtTorchStatus *status, GError **error)
{
  return ft_dist_take_status (status, w->config->dist_timeout, error);
}

/* Every rank checks it has rank 0's data set before anything is written. */
static gboolean
agree_on_dataset (Work *w, GError **error)
{
  g_autofree char *digest = ft_dataset_digest (w->dataset);
  int other = -1;

  if (!dist_ok (w, ft_torch_dist_agree (w->dist, "data", digest, &other), error))
    return FALSE;
  if (other >= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("Rank %d has another data set than rank %d in “%s”."), other,
                   ft_torch_dist_rank (w->dist), w->config->data_dir);
      return FALSE;
    }
  return TRUE;
}

/* Every rank takes rank 0's network, as DistributedDataParallel's constructor broadcasts it. */
static gboolean
join_model (Work *w, GError **error)
{
  return dist_ok (w, ft_torch_dist_broadcast_model (w->dist, w->model, FALSE), error)
         && dist_ok (w, ft_torch_model_set_dist (w->model, w->dist), error);
}

static gboolean
prepare (Work *w, GError **error)
{
  const FtTrainerConfig *c = w->config;
  const char *const *classes;
  char **matched = NULL;

  classes = ft_image_folder_get_class_names (ft_dataset_get_train (w->dataset));
  if (w->writer && !ft_run_writer_set_classes (w->writer, classes, error))
    return FALSE;
  ft_torch_set_threads ((int) c->threads);
  if (!(w->model = ft_trainer_build_model (c, classes, &matched, error)))
    return FALSE;
  _ft_trainer_set_matched (w->trainer, matched);
  for (guint i = 0; w->writer && matched[i]; i++)
    ft_run_writer_log (w->writer, "classifier row reused: %s", matched[i]);
  if (w->dist && !join_model (w, error))
    return FALSE;
  if (!(w->sgd = ft_trainer_build_sgd (c, w->model, error)))
    return FALSE;
  w->train = make_loader (w, ft_dataset_get_train (w->dataset), TRUE);
  w->test = make_loader (w, ft_dataset_get_test (w->dataset), FALSE);
  if (w->dist)
    {
      guint n,
        *shard
        = ft_dist_shard_test (ft_image_folder_get_n_samples (ft_dataset_get_test (w->dataset)),
                              ft_torch_dist_world_size (w->dist), ft_torch_dist_rank (w->dist), &n);
      ft_loader_set_epoch_order (w->test, shard, n);
      g_free (shard);
    }
  if (w->writer)
    ft_run_writer_log (w->writer, "libtorch %s, %d threads, %u training and %u test images",
                       ft_torch_version (), ft_torch_get_threads (),
                       ft_image_folder_get_n_samples (ft_dataset_get_train (w->dataset)),
                       ft_image_folder_get_n_samples (ft_dataset_get_test (w->dataset)));
  return TRUE;
}

/*
 * A model that guesses uniformly has a loss of ln C on every image; one that is confidently wrong
 * by a logit margin m has about m.  A batch whose mean loss passes 25 ln C (17 for two classes,
 * 173 for ImageNet's 1000) has logits of a size no workable learning rate produces: the weights
 * have blown up and every further step makes them worse.  The bound comes from the number of
 * classes rather than from the first batches' loss, which is itself huge when the rate is.
 */
#define DIVERGED_LOSS_PER_LN_CLASSES 25.0

double
ft_trainer_diverged_loss (guint n_classes)
{
  return DIVERGED_LOSS_PER_LN_CLASSES * log (MAX (n_classes, 2));
}

/* A loss as the plot's off-scale marker writes it, so that a sentence and the marker agree. */
static char *
format_loss (double loss)
{
  return g_strdup_printf (loss >= 1000 ? "%.0f" : "%.3g", loss);
}

/* @loss_sum over @n images is the batch's; @epoch_mean the epoch's running mean with it, the
 * point the plot shows. */
static gboolean
loss_diverged (Work *w, double loss_sum, guint n, double epoch_mean, GError **error)
{
  g_autofree char *lr = g_strdup_printf ("%g", w->config->lr);
  double mean = n > 0 ? loss_sum / n : loss_sum;
  guint n_classes = (guint) ft_torch_model_num_classes (w->model);

  if (isnan (loss_sum))
    g_set_error (
      error, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED,
      _ ("The loss became NaN at epoch %u; lower the learning rate (now %s) and try again."),
      w->s.epoch + 1, lr);
  else if (isinf (loss_sum))
    g_set_error (
      error, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED,
      _ ("The loss became infinite at epoch %u; lower the learning rate (now %s) and try again."),
      w->s.epoch + 1, lr);
  else if (mean > ft_trainer_diverged_loss (n_classes))
    {
      g_autofree char *batch = format_loss (mean);
      g_autofree char *plotted = format_loss (epoch_mean);

      /* The batch's loss stopped the run; the plot, and its marker above the scale, show the
       * epoch's running mean: both are named, so that the sentence and the marker agree.  Short
       * enough to be read whole in a toast of an 800 px window; the plot shows the epoch. */
      g_set_error (error, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED,
                   _ ("Batch loss %s (%s plotted); lower the learning rate (now %s)."), batch,
                   plotted, lr);
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
train_batch (Work *w, FtBatch *batch, double *loss, guint64 *correct, guint64 *seen, GError **error)
{
  double loss_sum = 0;
  int64_t n_correct = 0;
  gint64 t0 = g_get_monotonic_time ();
  double sums[3];

  if (!dist_ok (w,
                ft_torch_train_step (w->model, w->sgd, batch->images, batch->labels, (int) batch->n,
                                     (int) batch->size, (int) batch->size, &loss_sum, &n_correct),
                error))
    return FALSE;
  w->step_seconds += (g_get_monotonic_time () - t0) / 1e6;
  w->examples += batch->n;
  /* The figures of every rank's batch together, so that all ranks see the same. */
  sums[0] = loss_sum;
  sums[1] = (double) n_correct;
  sums[2] = batch->n;
  if (w->dist && !dist_ok (w, ft_torch_dist_allreduce (w->dist, sums, 3), error))
    return FALSE;
  *loss += sums[0];
  *correct += (guint64) sums[1];
  *seen += (guint64) sums[2];
  if (sums[2] == 0)
    return TRUE;
  return !loss_diverged (w, sums[0], (guint) sums[2], *loss / (double) *seen, error);
}

/* This rank's DistributedSampler shard of epoch @epoch. */
static gboolean
set_train_shard (Work *w, guint epoch, GError **error)
{
  guint n;
  g_autofree guint *shard
    = ft_dist_shard_train (ft_image_folder_get_n_samples (ft_dataset_get_train (w->dataset)),
                           ft_torch_dist_world_size (w->dist), ft_torch_dist_rank (w->dist),
                           w->config->shuffle, w->config->seed, epoch, &n, error);

  if (shard == NULL)
    return FALSE;
  ft_loader_set_epoch_order (w->train, shard, n);
  return TRUE;
}

static void
publish_batch (Work *w, guint i, guint n_batches, double loss, double acc, gboolean plotted)
{
  FtMetricPoint p = { w->s.epoch + (double) (i + 1) / n_batches, loss, acc, NAN };

  w->s.batch = i + 1;
  w->s.train_loss = loss;
  w->s.train_acc = acc;
  publish (w, plotted ? &p : NULL, FALSE);
}

static gboolean
train_epoch (Work *w, GError **error)
{
  guint n_batches, every;
  double loss = 0;
  guint64 correct = 0, seen = 0;

  if (w->dist && !set_train_shard (w, w->s.epoch, error))
    return FALSE;
  n_batches = ft_loader_get_n_batches (w->train);
  /* The book plots every num_batches // 5 batches; fewer than five batches plot each one. */
  every = MAX (n_batches / 5, 1);
  w->s.phase = FT_TRAINER_TRAINING;
  w->s.n_batches = n_batches;
  w->s.batch = 0;
  ft_loader_start_epoch (w->train, w->s.epoch);
  for (guint i = 0;; i++)
    {
      g_autoptr (FtBatch) batch = NULL;
      g_autoptr (GError) local = NULL;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
        return FALSE;
      if (!(batch = ft_loader_next (w->train, w->cancellable, &local)))
        {
          if (local == NULL)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* A batch whose images were all unreadable (handed over across ranks only) teaches
       * nothing and counts nothing, but this rank still takes part in the step. */
      ok = train_batch (w, batch, &loss, &correct, &seen, &local);
      if (ok && seen == 0)
        continue;
      if (!ok && !g_error_matches (local, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* The batch whose loss exploded is plotted too: it is the point a person needs to see. */
      publish_batch (w, i, n_batches, loss / seen, (double) correct / seen,
                     !ok || (i + 1) % every == 0 || i + 1 == n_batches);
      if (!ok)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
}

/* The path of test image @index relative to the test folder, as predictions files hold it. */
static const char *
test_relative_path (Work *w, guint index)
{
  FtImageFolder *test = ft_dataset_get_test (w->dataset);
  const char *path = ft_image_folder_get_path (test, index);
  gsize n = strlen (ft_image_folder_get_root (test));

  if (strncmp (path, ft_image_folder_get_root (test), n) == 0 && path[n] == G_DIR_SEPARATOR)
    return path + n + 1;
  return path;
}

static void
keep_predictions (Work *w, const FtPredictions *predictions)
{
  g_autoptr (GError) error = NULL;

  /* As with metrics.csv, a full disk must not end the run; the log says what happened. */
  if (!ft_run_writer_add_predictions (w->writer, w->s.epoch + 1, predictions, &error))
    ft_run_writer_log (w->writer, "%s", error->message);
}

static gboolean
evaluate (Work *w, GError **error)
{
  int n_classes = ft_torch_model_num_classes (w->model);
  g_autofree float *logits = g_new (float, (gsize) w->config->batch_size *n_classes);
  guint64 correct = 0, seen = 0;
  FtBatch *batch;
  GError *local = NULL;
  g_autoptr (FtPredictions) predictions = w->writer ? ft_predictions_new (n_classes) : NULL;

  w->s.phase = FT_TRAINER_EVALUATING;
  publish (w, NULL, FALSE);
  /* Every rank tests rank 0's model on its share of the test set. */
  if (w->dist && !dist_ok (w, ft_torch_dist_broadcast_model (w->dist, w->model, TRUE), error))
    return FALSE;
  ft_loader_start_epoch (w->test, 0);
  while ((batch = ft_loader_next (w->test, w->cancellable, &local)))
    {
      gboolean ok = ft_trainer_take_status (ft_torch_model_eval (w->model, batch->images,
                                                                 (int) batch->n, (int) batch->size,
                                                                 (int) batch->size, logits),
                                            &local);
      for (guint k = 0; ok && k < batch->n; k++)
        {
          const float *row = logits + (gsize) k * n_classes;
          int best = 0;
          for (int j = 1; j < n_classes; j++)
            if (row[j] > row[best])
              best = j;
          correct += best == batch->labels[k];
          if (predictions)
            ft_predictions_add (predictions, test_relative_path (w, batch->indices[k]),
                                (guint) batch->labels[k], row);
        }
      seen += batch->n;
      ft_batch_free (batch);
      if (!ok)
        break;
    }
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (w->dist)
    {
      double sums[2] = { (double) correct, (double) seen };

      if (!dist_ok (w, ft_torch_dist_allreduce (w->dist, sums, 2), error))
        return FALSE;
      correct = (guint64) sums[0];
      seen = (guint64) sums[1];
    }
  w->s.test_acc = seen ? (double) correct / seen : NAN;
  if (predictions)
    keep_predictions (w, predictions);
  return TRUE;
}

/* Hands the trainer the images both loaders skipped, and notes each new one in the run's log. */
static void
record_skipped (Work *w)
{
  g_auto (GStrv) train = ft_loader_dup_skipped (w->train);
  g_auto (GStrv) test = ft_loader_dup_skipped (w->test);
  g_autoptr (GStrvBuilder) all = g_strv_builder_new ();
  guint before = ft_trainer_get_n_skipped (w->trainer);
  char **skipped;

  g_strv_builder_addv (all, (const char **) train);
  g_strv_builder_addv (all, (const char **) test);
  skipped = g_strv_builder_end (all);
  for (guint i = before; w->writer != NULL && skipped[i] != NULL; i++)
    ft_run_writer_log (w->writer, "skipped an unreadable image: %s", skipped[i]);
  _ft_trainer_set_skipped (w->trainer, skipped);
}

static gboolean
finish_epoch (Work *w, GError **error)
{
  FtMetricPoint p = { w->s.epoch + 1, NAN, NAN, w->s.test_acc };

  if (w->writer)
    {
      if (!ft_trainer_take_status (
            ft_torch_model_save (w->model, ft_run_writer_get_model_path (w->writer)), error)
          || !ft_run_writer_set_state (w->writer, "running", w->s.epoch + 1, NULL, error))
        return FALSE;
      ft_run_writer_log (w->writer, "epoch %u: loss %.3f, train acc %.3f, test acc %.3f",
                         w->s.epoch + 1, w->s.train_loss, w->s.train_acc, w->s.test_acc);
    }
  w->epochs_done = w->s.epoch + 1;
  record_skipped (w);
  publish (w, &p, TRUE);
  return TRUE;
}

static gboolean
run_epochs (Work *w, GError **error)
{
  w->start_us = g_get_monotonic_time ();
  for (w->s.epoch = 0; w->s.epoch < w->config->epochs; w->s.epoch++)
    if (!train_epoch (w, error) || !evaluate (w, error) || !finish_epoch (w, error))
      return FALSE;
  w->s.epoch = w->config->epochs - 1;
  return TRUE;
}

/* Leaves the run folder saying how the run ended; the checkpoint is that of epochs_done. */
static void
record_end (Work *w, const GError *error)
{
  const char *state = "finished";
  g_autoptr (GError) local = NULL;
  const char *message = error ? error->message : NULL;

  if (w->writer == NULL)
    return;
  if (w->dist)
    {
      double seconds;
      uint64_t steps;

      ft_torch_dist_comm_stats (w->dist, &seconds, &steps);
      ft_run_writer_log (w->writer,
                         "%d ranks on %s: %.3f s of %.3f s in training steps exchanging gradients "
                         "over %" G_GUINT64_FORMAT " steps",
                         ft_torch_dist_world_size (w->dist), ft_torch_dist_backend (w->dist),
                         seconds, w->step_seconds, (guint64) steps);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      state = "cancelled";
      message = _ ("The run was cancelled.");
    }
  else if (error)
    state = "failed";
  ft_run_writer_log (w->writer, "%s%s%s", state, message ? ": " : "", message ? message : "");
  if (!ft_run_writer_set_state (w->writer, state, w->epochs_done, message, &local))
    ft_run_writer_log (w->writer, "%s", local->message);
}

/* Runs from the thread that cancels: a rank waiting for the others stops waiting at once. */
static void
on_cancelled (GCancellable *cancellable, FtTorchDist *dist)
{
  ft_torch_dist_abort (dist);
}

static gboolean
work (FtTrainer *self, GCancellable *cancellable, GError **error)
{
  const char *run_dir = ft_trainer_get_run_dir (self);
  Work w = { .trainer = self,
             .config = ft_trainer_get_config (self),
             .cancellable = cancellable,
             .dist = ft_trainer_get_dist (self) };
  GError *local = NULL;
  gboolean ok;

  w.s.epochs = w.config->epochs;
  w.s.phase = FT_TRAINER_PREPARING;
  w.s.train_loss = w.s.train_acc = w.s.test_acc = w.s.eta_seconds = NAN;
  w.start_us = g_get_monotonic_time ();
  publish (&w, NULL, FALSE);
  /* Nothing is written for a run that cannot start: bad settings, no data set, or another
   * data set on another rank. */
  if (!ft_trainer_config_validate (w.config, error)
      || !(w.dataset = open_dataset (w.config, error)))
    return FALSE;
  if (w.dist && !agree_on_dataset (&w, error))
    {
      work_clear (&w);
      return FALSE;
    }
  if (run_dir && !(w.writer = ft_run_writer_new (run_dir, w.config, error)))
    {
      work_clear (&w);
      return FALSE;
    }
  ok = prepare (&w, &local) && run_epochs (&w, &local);
  record_end (&w, local);
  if (ok)
    w.s.phase = FT_TRAINER_FINISHED;
  else
    w.s.phase = g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? FT_TRAINER_CANCELLED
                                                                          : FT_TRAINER_FAILED;
  publish (&w, NULL, FALSE);
  work_clear (&w);
  if (local)
    g_propagate_error (error, local);
  return ok;
}

gboolean
_ft_trainer_work (FtTrainer *self, GCancellable *cancellable, GError **error)
{
  FtTorchDist *dist = ft_trainer_get_dist (self);
  gulong cancelled = 0;
  gboolean ok;

  if (dist && cancellable)
    cancelled = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), dist, NULL);
  ok = work (self, cancellable, error);
  g_cancellable_disconnect (cancellable, cancelled);
  return ok;
}
