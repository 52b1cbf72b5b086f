/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-model-export.h"
#include "ft-onnx-export.h"
#include "ft-toast.h"

typedef struct
{
  char *model; /* the run folder */
  char *path;  /* where to write */
  FtModelFormat format;
} Job;

static void
job_free (Job *job)
{
  g_free (job->model);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  gboolean ok;

  if (job->format == FT_MODEL_FORMAT_ONNX)
    ok = ft_onnx_export (job->model, job->path, FT_ONNX_OPSET_DEFAULT, cancellable, &error);
  else
    ok = ft_export_copy_model (job->model, job->path, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ft_model_export_async (FtRun *run,
                       GFile *dest,
                       FtModelFormat format,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (FT_IS_RUN (run));
  g_return_if_fail (G_IS_FILE (dest));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ft_model_export_async);
  job = g_new0 (Job, 1);
  job->model = g_strdup (ft_run_get_dir (run));
  /* the chosen file's own path: a portal hands back a file outside the working folder */
  job->path = g_file_get_path (dest);
  job->format = format;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (job->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _ ("The model can only be saved to a local folder."));
      return;
    }
  g_task_run_in_thread (task, export_thread);
}

gboolean
ft_model_export_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GtkWidget *button;
  GtkSpinner *spinner;
  FtRun *run;
  GFile *dest;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->button);
  g_object_unref (export->spinner);
  g_object_unref (export->run);
  g_clear_object (&export->dest);
  g_free (export);
}

static void
exported_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Export *export = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  gtk_spinner_stop (export->spinner);
  gtk_widget_set_visible (GTK_WIDGET (export->spinner), FALSE);
  gtk_widget_set_sensitive (export->button, TRUE);
  if (ft_model_export_finish (result, &error))
    title = g_strdup_printf (_ ("Saved “%s”"), g_file_peek_path (export->dest));
  else
    title = g_strdup (error->message);
  ft_toast_show (export->button, adw_toast_new (title));
  export_free (export);
}

/* The format the file's name asks for, else the one chosen in the chooser's list. */
static FtModelFormat
chosen_format (GFile *file, const char *choice)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".pth") || g_str_has_suffix (lower, ".pt"))
    return FT_MODEL_FORMAT_PTH;
  if (g_str_has_suffix (lower, ".onnx"))
    return FT_MODEL_FORMAT_ONNX;
  return g_strcmp0 (choice, "pth") == 0 ? FT_MODEL_FORMAT_PTH : FT_MODEL_FORMAT_ONNX;
}

static void
response_cb (GtkNativeDialog *dialog, int response, Export *export)
{
  g_autoptr (GFile) file = NULL;
  const char *choice;
  FtModelFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    {
      g_object_unref (dialog);
      export_free (export);
      return;
    }
  choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), FT_MODEL_EXPORT_CHOICE);
  format = chosen_format (file, choice);
  export->dest = g_object_ref (file);
  g_object_unref (dialog);
  gtk_widget_set_sensitive (export->button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (export->spinner), TRUE);
  gtk_spinner_start (export->spinner);
  ft_model_export_async (export->run, export->dest, format, NULL, exported_cb, export);
}

void
ft_model_export_choose (GtkWidget *button, GtkSpinner *spinner, FtRun *run)
{
  GtkRoot *root = gtk_widget_get_root (button);
  const char *ids[] = { "onnx", "pth", NULL };
  const char *labels[]
    = { N_ ("ONNX, for onnxruntime and OpenCV"), N_ ("PyTorch state dict (.pth)"), NULL };
  const char *translated[3] = { _ (labels[0]), _ (labels[1]), NULL };
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;
  Export *export;

  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (GTK_IS_SPINNER (spinner));
  g_return_if_fail (FT_IS_RUN (run));

  dialog = gtk_file_chooser_native_new (_ ("Export Model"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), FT_MODEL_EXPORT_CHOICE, _ ("Format"), ids,
                               translated);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), FT_MODEL_EXPORT_CHOICE, "onnx");
  name = g_strdup_printf ("%s.onnx", ft_run_get_id (run));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  export = g_new0 (Export, 1);
  export->button = g_object_ref (button);
  export->spinner = g_object_ref (spinner);
  export->run = g_object_ref (run);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
