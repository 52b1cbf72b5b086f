/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* syscall (SYS_gettid) */
#include "config.h"

#include "ft-trainer.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ft-run-writer.h"
#include "ft-trainer-private.h"

typedef struct
{
  guint epoch;
  double train_loss;
  double train_acc;
  double test_acc;
} EpochEvent;

struct _FtTrainer
{
  GObject parent_instance;
  FtTrainerConfig *config;
  char *run_dir;
  FtTorchDist *dist; /* borrowed */

  GMutex lock;
  /* Guarded by lock. */
  FtTrainerSnapshot state;
  GArray *epoch_events;
  GMainContext *context;
  gboolean idle_pending;
  char **matched;
  char **skipped;
  guint epochs_done;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (FtTrainer, ft_trainer, G_TYPE_OBJECT)

GQuark
ft_trainer_error_quark (void)
{
  return g_quark_from_static_string ("ft-trainer-error-quark");
}

enum
{
  PROGRESS,
  EPOCH_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

void
ft_trainer_snapshot_free (FtTrainerSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->points, g_array_unref);
  g_free (snapshot);
}

static void
ft_trainer_finalize (GObject *object)
{
  FtTrainer *self = FT_TRAINER (object);

  ft_trainer_config_free (self->config);
  g_free (self->run_dir);
  g_clear_pointer (&self->state.points, g_array_unref);
  g_clear_pointer (&self->epoch_events, g_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_strfreev (self->matched);
  g_strfreev (self->skipped);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ft_trainer_parent_class)->finalize (object);
}

static void
ft_trainer_class_init (FtTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ft_trainer_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EPOCH_FINISHED]
    = g_signal_new ("epoch-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
ft_trainer_init (FtTrainer *self)
{
  g_mutex_init (&self->lock);
  self->state.phase = FT_TRAINER_IDLE;
  self->state.test_acc = NAN;
  self->state.eta_seconds = NAN;
  self->state.train_loss = NAN;
  self->state.train_acc = NAN;
  self->state.points = g_array_new (FALSE, FALSE, sizeof (FtMetricPoint));
  self->epoch_events = g_array_new (FALSE, FALSE, sizeof (EpochEvent));
}

FtTrainer *
ft_trainer_new (const FtTrainerConfig *config, const char *run_dir)
{
  FtTrainer *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (FT_TYPE_TRAINER, NULL);
  self->config = ft_trainer_config_copy (config);
  /* The ranks are those given to ft_trainer_set_dist(), not those of a run this one copies. */
  self->config->world_size = 1;
  g_clear_pointer (&self->config->backend, g_free);
  self->run_dir = g_strdup (run_dir);
  self->state.epochs = config->epochs;
  return self;
}

const FtTrainerConfig *
ft_trainer_get_config (FtTrainer *self)
{
  g_return_val_if_fail (FT_IS_TRAINER (self), NULL);
  return self->config;
}

const char *
ft_trainer_get_run_dir (FtTrainer *self)
{
  g_return_val_if_fail (FT_IS_TRAINER (self), NULL);
  return self->run_dir;
}

void
ft_trainer_set_dist (FtTrainer *self, FtTorchDist *dist)
{
  g_return_if_fail (FT_IS_TRAINER (self));
  self->dist = dist;
  self->config->world_size = (guint) ft_torch_dist_world_size (dist);
  g_free (self->config->backend);
  self->config->backend = dist ? g_strdup (ft_torch_dist_backend (dist)) : NULL;
}

FtTorchDist *
ft_trainer_get_dist (FtTrainer *self)
{
  g_return_val_if_fail (FT_IS_TRAINER (self), NULL);
  return self->dist;
}

FtTrainerSnapshot *
ft_trainer_get_snapshot (FtTrainer *self)
{
  FtTrainerSnapshot *copy;

  g_return_val_if_fail (FT_IS_TRAINER (self), NULL);

  g_mutex_lock (&self->lock);
  copy = g_memdup2 (&self->state, sizeof self->state);
  copy->points = g_array_copy (self->state.points);
  g_mutex_unlock (&self->lock);
  return copy;
}

const char *const *
ft_trainer_get_matched_classes (FtTrainer *self)
{
  const char *const *matched;

  g_return_val_if_fail (FT_IS_TRAINER (self), NULL);
  g_mutex_lock (&self->lock);
  matched = (const char *const *) self->matched;
  g_mutex_unlock (&self->lock);
  return matched;
}

guint
ft_trainer_get_n_skipped (FtTrainer *self)
{
  guint n;

  g_return_val_if_fail (FT_IS_TRAINER (self), 0);
  g_mutex_lock (&self->lock);
  n = self->skipped != NULL ? g_strv_length (self->skipped) : 0;
  g_mutex_unlock (&self->lock);
  return n;
}

char **
ft_trainer_dup_skipped (FtTrainer *self)
{
  char **skipped;

  g_return_val_if_fail (FT_IS_TRAINER (self), NULL);
  g_mutex_lock (&self->lock);
  skipped = self->skipped != NULL ? g_strdupv (self->skipped) : g_new0 (char *, 1);
  g_mutex_unlock (&self->lock);
  return skipped;
}

gboolean
ft_trainer_record_abandoned (FtTrainer *self, GError **error)
{
  guint epochs_done;

  g_return_val_if_fail (FT_IS_TRAINER (self), FALSE);
  if (self->run_dir == NULL)
    return TRUE;
  g_mutex_lock (&self->lock);
  epochs_done = self->epochs_done;
  g_mutex_unlock (&self->lock);
  return ft_run_write_state (self->run_dir, "cancelled", epochs_done,
                             _ ("The run was cancelled when its window closed."), error);
}

void
_ft_trainer_set_matched (FtTrainer *self, char **matched)
{
  g_mutex_lock (&self->lock);
  g_strfreev (self->matched);
  self->matched = matched;
  g_mutex_unlock (&self->lock);
}

void
_ft_trainer_set_skipped (FtTrainer *self, char **skipped)
{
  g_mutex_lock (&self->lock);
  g_strfreev (self->skipped);
  self->skipped = skipped;
  g_mutex_unlock (&self->lock);
}

/* On the caller's main context: emits what the training thread queued. */
static void
flush_events (FtTrainer *self)
{
  g_autoptr (GArray) events = NULL;
  gboolean pending;

  g_mutex_lock (&self->lock);
  events = g_steal_pointer (&self->epoch_events);
  self->epoch_events = g_array_new (FALSE, FALSE, sizeof (EpochEvent));
  pending = self->idle_pending;
  self->idle_pending = FALSE;
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < events->len; i++)
    {
      EpochEvent *e = &g_array_index (events, EpochEvent, i);
      g_signal_emit (self, signals[EPOCH_FINISHED], 0, e->epoch, e->train_loss, e->train_acc,
                     e->test_acc);
    }
  if (pending || events->len > 0)
    g_signal_emit (self, signals[PROGRESS], 0);
}

static gboolean
on_idle (gpointer user_data)
{
  flush_events (FT_TRAINER (user_data));
  return G_SOURCE_REMOVE;
}

static void
schedule_idle_locked (FtTrainer *self)
{
  g_autoptr (GSource) source = NULL;

  if (self->idle_pending || self->context == NULL)
    return;
  self->idle_pending = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, on_idle, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[finetune] trainer progress");
  g_source_attach (source, self->context);
}

void
_ft_trainer_publish (FtTrainer *self,
                     const FtTrainerSnapshot *update,
                     const FtMetricPoint *point,
                     gboolean epoch_done)
{
  GArray *points;

  g_mutex_lock (&self->lock);
  points = self->state.points;
  self->state = *update;
  self->state.points = points;
  if (point)
    g_array_append_val (points, *point);
  if (epoch_done)
    {
      EpochEvent e = { update->epoch + 1, update->train_loss, update->train_acc, update->test_acc };
      g_array_append_val (self->epoch_events, e);
      self->epochs_done = e.epoch;
    }
  schedule_idle_locked (self);
  g_mutex_unlock (&self->lock);
}

/*
 * Training takes every CPU.  Lowering the priority of this thread, and so of
 * the libtorch and loader threads it starts (they inherit it), leaves the
 * main thread, which draws the window, a CPU whenever it needs one.
 */
static void
lower_thread_priority (void)
{
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice_now;

  errno = 0;
  nice_now = getpriority (PRIO_PROCESS, tid);
  if (errno == 0 && nice_now < 5)
    setpriority (PRIO_PROCESS, tid, 5);
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FtTrainer *self = FT_TRAINER (source);
  GError *error = NULL;

  lower_thread_priority ();
  if (_ft_trainer_work (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ft_trainer_run_async (FtTrainer *self,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FT_IS_TRAINER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ft_trainer_run_async);
  g_task_set_priority (task, G_PRIORITY_LOW);
  g_mutex_lock (&self->lock);
  if (self->running)
    {
      g_mutex_unlock (&self->lock);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s",
                               _ ("The trainer is already running."));
      return;
    }
  self->running = TRUE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_mutex_unlock (&self->lock);
  g_task_run_in_thread (task, run_thread);
}

gboolean
ft_trainer_run_finish (FtTrainer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (FT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* Whatever the thread queued last reaches the caller before the result. */
  flush_events (self);
  g_mutex_lock (&self->lock);
  self->running = FALSE;
  g_mutex_unlock (&self->lock);
  return g_task_propagate_boolean (G_TASK (result), error);
}
