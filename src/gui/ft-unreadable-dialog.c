/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-toast.h"
#include "ft-unreadable-dialog.h"

static GtkWidget *
list_paths (const char *const *paths)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; paths[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = g_filename_display_basename (paths[i]);
      g_autofree char *dir = g_path_get_dirname (paths[i]);
      g_autofree char *dir_name = g_filename_display_name (dir);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir_name);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  return scrolled;
}

GtkWidget *
ft_unreadable_dialog_new (GtkWindow *parent, const char *const *paths)
{
  guint n;
  GtkWidget *dialog;

  g_return_val_if_fail (paths != NULL, NULL);

  n = g_strv_length ((char **) paths);
  dialog = adw_message_dialog_new (
    parent, _ ("Unreadable Images"),
    ngettext ("Training skipped this file because it cannot be read as an image: it may be cut "
              "short, or not an image at all. Replace it or remove it to train on it.",
              "Training skipped these files because they cannot be read as images: they may be "
              "cut short, or not images at all. Replace them or remove them to train on them.",
              n));
  gtk_window_set_title (GTK_WINDOW (dialog), _ ("Unreadable Images"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list_paths (paths));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  return dialog;
}

void
ft_unreadable_toast_show (GtkWidget *widget, const char *const *paths)
{
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint n;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (paths != NULL);

  n = g_strv_length ((char **) paths);
  if (n == 0)
    return;
  title = g_strdup_printf (ngettext ("The run skipped %u image that cannot be read.",
                                     "The run skipped %u images that cannot be read.", n),
                           n);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _ ("Show Them"));
  adw_toast_set_action_name (toast, "win.show-unreadable");
  adw_toast_set_action_target_value (toast, g_variant_new_strv (paths, -1));
  ft_toast_show (widget, toast);
}
