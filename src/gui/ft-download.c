/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-download.h"

struct _FtDownload
{
  GObject parent_instance;
  FtFetchItem item;
  char *cache_dir;
  GCancellable *cancellable;
  GMainContext *context;
  GMutex lock;
  FtFetchProgress progress;
  gboolean progress_pending;
};

G_DEFINE_FINAL_TYPE (FtDownload, ft_download, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static gboolean
emit_progress (gpointer data)
{
  FtDownload *self = data;
  FtFetchProgress p;
  g_autofree char *received = NULL;
  g_autofree char *text = NULL;
  double fraction;

  g_mutex_lock (&self->lock);
  p = self->progress;
  self->progress_pending = FALSE;
  g_mutex_unlock (&self->lock);
  if (self->cancellable == NULL)
    return G_SOURCE_REMOVE;
  received = g_format_size (p.received);
  /* until the first byte comes, even across retries, what is going on is the connecting */
  if (p.received == 0)
    {
      text = g_strdup (_ ("Connecting…"));
      fraction = 0;
    }
  else if (p.total > 0)
    {
      g_autofree char *total = g_format_size (p.total);
      text = g_strdup_printf (_ ("%s of %s"), received, total);
      fraction = (double) p.received / p.total;
    }
  else
    {
      text = g_strdup (received);
      fraction = 0;
    }
  g_signal_emit (self, signals[PROGRESS], 0, CLAMP (fraction, 0.0, 1.0), text);
  return G_SOURCE_REMOVE;
}

/* On the fetching thread: keeps the latest figures, and at most one pending update. */
static void
progress_func (const FtFetchProgress *progress, gpointer user_data)
{
  FtDownload *self = user_data;
  gboolean schedule;

  g_mutex_lock (&self->lock);
  self->progress = *progress;
  schedule = !self->progress_pending;
  self->progress_pending = TRUE;
  g_mutex_unlock (&self->lock);
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, emit_progress, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static void
fetch_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FtDownload *self = source;
  GError *error = NULL;
  char *path;

  path = ft_fetch_item (self->item, self->cache_dir, g_getenv ("FINETUNE_BASE_URL"), progress_func,
                        self, cancellable, &error);
  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

static void
fetch_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FtDownload *self = FT_DOWNLOAD (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[FINISHED], 0, path,
                 error != NULL && !cancelled ? error->message : NULL);
}

void
ft_download_start (FtDownload *self)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FT_IS_DOWNLOAD (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, self->cancellable, fetch_done_cb, NULL);
  g_task_set_source_tag (task, ft_download_start);
  g_task_run_in_thread (task, fetch_thread);
  g_signal_emit (self, signals[PROGRESS], 0, 0.0, _ ("Connecting…"));
}

void
ft_download_cancel (FtDownload *self)
{
  g_return_if_fail (FT_IS_DOWNLOAD (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
ft_download_get_busy (FtDownload *self)
{
  g_return_val_if_fail (FT_IS_DOWNLOAD (self), FALSE);
  return self->cancellable != NULL;
}

static void
ft_download_finalize (GObject *object)
{
  FtDownload *self = FT_DOWNLOAD (object);

  g_free (self->cache_dir);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ft_download_parent_class)->finalize (object);
}

static void
ft_download_class_init (FtDownloadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ft_download_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ft_download_init (FtDownload *self)
{
  g_mutex_init (&self->lock);
}

FtDownload *
ft_download_new (FtFetchItem item, const char *cache_dir)
{
  FtDownload *self = g_object_new (FT_TYPE_DOWNLOAD, NULL);

  self->item = item;
  self->cache_dir = g_strdup (cache_dir);
  return self;
}
