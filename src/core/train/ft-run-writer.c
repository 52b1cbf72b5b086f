/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-run-writer.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "ft-file-tree.h"
#include "ft-json-file.h"

struct FtRunWriter
{
  char *dir;
  char *model_path;
  FILE *metrics;
  FILE *log;
};

void
ft_run_writer_free (FtRunWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->metrics, fclose);
  g_clear_pointer (&self->log, fclose);
  g_free (self->dir);
  g_free (self->model_path);
  g_free (self);
}

static gboolean
set_io_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _ ("Could not write “%s”: %s."), path, g_strerror (saved_errno));
  return FALSE;
}

static FILE *
open_append (const char *path, GError **error)
{
  FILE *file = fopen (path, "ae");

  if (file == NULL)
    set_io_error (error, path, errno);
  return file;
}

FtRunWriter *
ft_run_writer_new (const char *dir, const FtTrainerConfig *config, GError **error)
{
  g_autoptr (FtRunWriter) self = g_new0 (FtRunWriter, 1);
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *config_path = g_build_filename (dir, FT_RUN_CONFIG_FILE, NULL);
  g_autofree char *metrics_path = g_build_filename (dir, FT_RUN_METRICS_FILE, NULL);
  g_autofree char *log_path = g_build_filename (dir, FT_RUN_LOG_FILE, NULL);

  g_return_val_if_fail (dir != NULL && config != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      set_io_error (error, dir, errno);
      return NULL;
    }
  self->dir = g_strdup (dir);
  self->model_path = g_build_filename (dir, FT_RUN_MODEL_FILE, NULL);
  node = ft_trainer_config_to_json (config);
  if (!ft_json_file_write (config_path, node, error)
      || !g_file_set_contents (metrics_path, FT_RUN_METRICS_HEADER, -1, error)
      || !ft_run_writer_set_state (self, "running", 0, NULL, error))
    return NULL;
  g_unlink (self->model_path);
  /* A folder used again must not show the predictions of the run before. */
  {
    g_autofree char *predictions = g_build_filename (dir, FT_PREDICTIONS_DIR, NULL);
    ft_file_tree_remove (predictions);
  }
  if (!(self->metrics = open_append (metrics_path, error))
      || !(self->log = open_append (log_path, error)))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
ft_run_writer_get_model_path (FtRunWriter *self)
{
  return self->model_path;
}

gboolean
ft_run_writer_set_classes (FtRunWriter *self, const char *const *names, GError **error)
{
  g_autofree char *path = g_build_filename (self->dir, FT_RUN_CLASSES_FILE, NULL);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; names[i]; i++)
    g_string_append_printf (text, "%s\n", names[i]);
  return g_file_set_contents (path, text->str, text->len, error);
}

char *
ft_run_format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.9g", value));
}

gboolean
ft_run_writer_add_point (FtRunWriter *self, const FtMetricPoint *p, GError **error)
{
  g_autofree char *x = ft_run_format_value (p->x);
  g_autofree char *loss = ft_run_format_value (p->train_loss);
  g_autofree char *acc = ft_run_format_value (p->train_acc);
  g_autofree char *test = ft_run_format_value (p->test_acc);

  if (fprintf (self->metrics, "%s,%s,%s,%s\n", x, loss, acc, test) < 0
      || fflush (self->metrics) != 0)
    {
      g_autofree char *path = g_build_filename (self->dir, FT_RUN_METRICS_FILE, NULL);
      return set_io_error (error, path, errno);
    }
  return TRUE;
}

gboolean
ft_run_writer_add_predictions (FtRunWriter *self,
                               guint epoch,
                               const FtPredictions *predictions,
                               GError **error)
{
  g_autofree char *path = ft_predictions_file (self->dir, epoch);

  return ft_predictions_write (predictions, path, error);
}

void
ft_run_writer_log (FtRunWriter *self, const char *format, ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%F %T");
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  /* The log is a courtesy: a full disk shows up in the checkpoint and metrics instead. */
  fprintf (self->log, "%s %s\n", stamp, line);
  fflush (self->log);
}

gboolean
ft_run_writer_set_state (
  FtRunWriter *self, const char *state, guint epochs_done, const char *message, GError **error)
{
  return ft_run_write_state (self->dir, state, epochs_done, message, error);
}

gboolean
ft_run_write_state (
  const char *dir, const char *state, guint epochs_done, const char *message, GError **error)
{
  g_autofree char *path = g_build_filename (dir, FT_RUN_STATE_FILE, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state);
  json_builder_set_member_name (b, "epochs_done");
  json_builder_add_int_value (b, epochs_done);
  json_builder_set_member_name (b, "message");
  if (message)
    json_builder_add_string_value (b, message);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return ft_json_file_write (path, node, error);
}
