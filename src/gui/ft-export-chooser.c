/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-export-chooser.h"
#include "ft-toast.h"

#define EXPORT_WIDTH 1280
#define EXPORT_HEIGHT 800

typedef struct
{
  FtPlot *plot;
  char *format;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->plot);
  g_free (export->format);
  g_free (export);
}

static gboolean
write_export (FtPlot *plot, const char *format, const char *path, GError **error)
{
  if (g_str_equal (format, "png"))
    return ft_plot_export_png (plot, path, EXPORT_WIDTH, EXPORT_HEIGHT, error);
  if (g_str_equal (format, "svg"))
    return ft_plot_export_svg (plot, path, EXPORT_WIDTH, EXPORT_HEIGHT, error);
  return ft_plot_export_csv (plot, path, error);
}

static void
response_cb (GtkNativeDialog *dialog, int response, Export *export)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    {
      if (write_export (export->plot, export->format, path, &error))
        title = g_strdup_printf (_ ("Saved “%s”"), g_file_peek_path (file));
      else
        title = g_strdup (error->message);
      ft_toast_show (GTK_WIDGET (export->plot), adw_toast_new (title));
    }
  g_object_unref (dialog);
  export_free (export);
}

void
ft_export_chooser_run (FtPlot *plot, const char *format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (plot));
  GtkFileChooserNative *dialog;
  Export *export;
  g_autofree char *name = NULL;

  g_return_if_fail (FT_IS_PLOT (plot));
  g_return_if_fail (format != NULL);

  dialog
    = gtk_file_chooser_native_new (_ ("Export"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  name = g_str_equal (format, "csv") ? g_strdup ("metrics.csv")
                                     : g_strdup_printf ("finetune-plot.%s", format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  export = g_new0 (Export, 1);
  export->plot = g_object_ref (plot);
  export->format = g_strdup (format);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
