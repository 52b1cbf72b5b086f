/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-metric-point.h"
#include "ft-trainer-config.h"
#include "ft-torch.h"

G_BEGIN_DECLS

#define FT_TRAINER_ERROR (ft_trainer_error_quark ())
GQuark ft_trainer_error_quark (void);

typedef enum
{
  /* The loss stopped being finite or exploded: a lower learning rate is the way on. */
  FT_TRAINER_ERROR_DIVERGED,
} FtTrainerError;

/* The mean loss of one batch above which a run over @n_classes classes has diverged. */
double ft_trainer_diverged_loss (guint n_classes);

typedef enum
{
  FT_TRAINER_IDLE,
  FT_TRAINER_PREPARING,
  FT_TRAINER_TRAINING,
  FT_TRAINER_EVALUATING,
  FT_TRAINER_FINISHED,
  FT_TRAINER_CANCELLED,
  FT_TRAINER_FAILED,
} FtTrainerPhase;

/* A copy of the trainer's progress, taken under its lock. */
typedef struct
{
  FtTrainerPhase phase;
  guint epoch; /* 0-based epoch in progress */
  guint epochs;
  guint batch; /* batches done in this epoch */
  guint n_batches;
  double fraction;   /* of the whole run, 0..1 */
  double train_loss; /* running epoch averages */
  double train_acc;
  double test_acc;         /* last evaluated, NAN before */
  double examples_per_sec; /* inside training steps */
  double end_to_end_examples_per_sec;
  double eta_seconds; /* NAN when unknown */
  GArray *points;     /* FtMetricPoint, every point so far */
} FtTrainerSnapshot;

void ft_trainer_snapshot_free (FtTrainerSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtTrainerSnapshot, ft_trainer_snapshot_free)

#define FT_TYPE_TRAINER (ft_trainer_get_type ())
G_DECLARE_FINAL_TYPE (FtTrainer, ft_trainer, FT, TRAINER, GObject)

/*
 * ft_trainer_new:
 * @config: copied.
 * @run_dir: (nullable): where config.json, metrics.csv, model.pth and the
 *   log go; NULL keeps nothing on disk.
 */
FtTrainer *ft_trainer_new (const FtTrainerConfig *config, const char *run_dir);

const FtTrainerConfig *ft_trainer_get_config (FtTrainer *self);
const char *ft_trainer_get_run_dir (FtTrainer *self);
/*
 * ft_trainer_set_dist:
 * Trains data-parallel with the other ranks of @dist (borrowed; it must
 * outlive the run), as DistributedDataParallel does: each rank trains on its
 * DistributedSampler shard, the figures published are those of all ranks
 * together, and the test accuracy is that of the whole test set.  Only rank 0
 * should be given a run folder; its config.json records the number of ranks and the
 * backend (a new trainer counts one rank, whatever the configuration it copies says).  Call
 * before ft_trainer_run_async().
 */
void ft_trainer_set_dist (FtTrainer *self, FtTorchDist *dist);
FtTorchDist *ft_trainer_get_dist (FtTrainer *self);

/*
 * ft_trainer_run_async:
 * Trains on a thread of its own.  While it runs, the trainer emits
 * ::progress on the thread-default main context of the caller, at most one
 * pending emission at a time (low priority idle), and ::epoch-finished after
 * each evaluation.  Cancelling @cancellable stops it between batches and
 * keeps the checkpoint of the last finished epoch.
 *
 * Signals:
 *   progress (FtTrainer *self): read ft_trainer_get_snapshot().
 *   epoch-finished (FtTrainer *self, guint epoch, double train_loss,
 *     double train_acc, double test_acc): @epoch counts from 1; emitted
 *     once per epoch, in order, before the run's callback.
 *
 * The run fails with G_IO_ERROR_CANCELLED when cancelled, and with
 * FT_TRAINER_ERROR_DIVERGED, one sentence advising a lower learning rate,
 * when the loss stops being finite or passes ft_trainer_diverged_loss().
 */
void ft_trainer_run_async (FtTrainer *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean ft_trainer_run_finish (FtTrainer *self, GAsyncResult *result, GError **error);

/* (transfer full) */
FtTrainerSnapshot *ft_trainer_get_snapshot (FtTrainer *self);

/* (transfer none) (nullable): class names of the data set matched to ImageNet
 * for classifier reuse, as "name=index" strings; NULL before preparation. */
const char *const *ft_trainer_get_matched_classes (FtTrainer *self);

/*
 * ft_trainer_record_abandoned:
 * For a process about to end while the training thread is still inside a step: records in the
 * run folder, from the calling thread, that the run was cancelled after the epochs finished so
 * far, whose checkpoint is already whole on disk.  Nothing happens without a run folder.
 */
gboolean ft_trainer_record_abandoned (FtTrainer *self, GError **error);

/* Images the loaders skipped as unreadable so far (counted at the end of each epoch). */
guint ft_trainer_get_n_skipped (FtTrainer *self);
/* Returns: (transfer full): their paths, sorted, training images first, NULL-terminated. */
char **ft_trainer_dup_skipped (FtTrainer *self);

G_END_DECLS
