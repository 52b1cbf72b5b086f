/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-augment-window.h"
#include "ft-data-jobs.h"
#include "ft-data-page.h"
#include "ft-download.h"
#include "ft-settings.h"
#include "ft-split-dialog.h"
#include "ft-thumbnail.h"
#include "ft-toast.h"

#define FIGURE_COLUMNS 8
/* Eight photos and their spacing fit in an 800 px window. */
#define FIGURE_SIZE 84
#define GALLERY_SIZE 128

struct _FtDataPage
{
  GtkWidget parent_instance;
  GSettings *settings;
  FtDownload *download;
  GCancellable *job;
  GCancellable *opening;
  GCancellable *checking;
  char *importing;        /* the folder or archive being imported */
  GHashTable *unreadable; /* paths a run would skip; NULL until checked */
  FtDataset *dataset;
  GPtrArray *class_rows;
  GtkStringList *gallery_model;

  GtkWidget *offline_label;
  GtkWidget *download_button;
  GtkWidget *cancel_button;
  GtkProgressBar *progress_bar;
  AdwPreferencesGroup *classes_group;
  GtkWidget *figure_group;
  GtkGrid *figure_grid;
  GtkWidget *gallery_group;
  GtkDropDown *class_dropdown;
  GtkStringList *class_model;
  GtkGridView *gallery;
};

G_DEFINE_FINAL_TYPE (FtDataPage, ft_data_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATASET,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static gboolean
is_offline (void)
{
  return !g_network_monitor_get_network_available (g_network_monitor_get_default ());
}

static void
set_busy (FtDataPage *self, const char *text, gboolean cancellable)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), text != NULL);
  if (text != NULL)
    gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_widget_set_visible (self->cancel_button, text != NULL && cancellable);
  gtk_widget_set_visible (self->download_button, text == NULL || !cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.download", text == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.practice", text == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.open-folder", text == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.open-zip", text == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.cancel", text != NULL && cancellable);
}

static void
clear_dataset_view (FtDataPage *self)
{
  GtkWidget *child;

  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->unreadable, g_hash_table_unref);

  for (guint i = 0; i < self->class_rows->len; i++)
    adw_preferences_group_remove (self->classes_group, g_ptr_array_index (self->class_rows, i));
  g_ptr_array_set_size (self->class_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figure_grid))) != NULL)
    gtk_grid_remove (self->figure_grid, child);
  gtk_widget_set_visible (self->figure_group, FALSE);
  gtk_widget_set_visible (self->gallery_group, FALSE);
}

/* Images of class @label in @folder that a run would skip. */
static guint
count_unreadable (FtDataPage *self, FtImageFolder *folder, guint label)
{
  guint n = 0;

  for (guint i = 0; self->unreadable != NULL && i < ft_image_folder_get_n_samples (folder); i++)
    if (ft_image_folder_get_label (folder, i) == label
        && g_hash_table_contains (self->unreadable, ft_image_folder_get_path (folder, i)))
      n++;
  return n;
}

static char *
describe_class (FtDataPage *self, guint label)
{
  FtImageFolder *train = ft_dataset_get_train (self->dataset);
  FtImageFolder *test = ft_dataset_get_test (self->dataset);
  guint bad_train = count_unreadable (self, train, label);
  guint bad_test = count_unreadable (self, test, label);
  guint n_train = ft_image_folder_count_class (train, label) - bad_train;
  guint n_test = ft_image_folder_count_class (test, label) - bad_test;

  if (bad_train + bad_test == 0)
    return g_strdup_printf (_ ("%u to train on, %u to test"), n_train, n_test);
  return g_strdup_printf (ngettext ("%u to train on, %u to test, and %u that cannot be read, "
                                    "which training skips",
                                    "%u to train on, %u to test, and %u that cannot be read, "
                                    "which training skips",
                                    bad_train + bad_test),
                          n_train, n_test, bad_train + bad_test);
}

static void
describe_dataset (FtDataPage *self)
{
  g_autofree char *where = NULL;
  g_autofree char *description = NULL;
  guint n_bad = self->unreadable ? g_hash_table_size (self->unreadable) : 0;

  where = g_strdup_printf (_ ("“%s” in %s"), ft_dataset_get_name (self->dataset),
                           ft_dataset_get_root (self->dataset));
  if (self->unreadable == NULL)
    description = g_strdup_printf (_ ("%s. Checking that every image can be read…"), where);
  else if (n_bad > 0)
    description
      = g_strdup_printf (ngettext ("%s. %u image cannot be read; training skips it.",
                                   "%s. %u images cannot be read; training skips them.", n_bad),
                         where, n_bad);
  else
    description = g_steal_pointer (&where);
  adw_preferences_group_set_description (self->classes_group, description);
  for (guint label = 0; label < self->class_rows->len; label++)
    {
      g_autofree char *subtitle = describe_class (self, label);

      adw_action_row_set_subtitle (g_ptr_array_index (self->class_rows, label), subtitle);
    }
}

static void
show_classes (FtDataPage *self)
{
  FtImageFolder *train = ft_dataset_get_train (self->dataset);

  for (guint label = 0; label < ft_image_folder_get_n_classes (train); label++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ft_image_folder_get_class_name (train, label));
      adw_preferences_group_add (self->classes_group, row);
      g_ptr_array_add (self->class_rows, row);
    }
  describe_dataset (self);
}

static void
mark_thumbnail (FtDataPage *self, FtThumbnail *thumb)
{
  const char *path = ft_thumbnail_get_path (thumb);

  if (path != NULL && self->unreadable != NULL && g_hash_table_contains (self->unreadable, path))
    ft_thumbnail_set_unreadable (thumb, TRUE);
}

static void
mark_figure (FtDataPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->figure_grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (FT_IS_THUMBNAIL (child))
      mark_thumbnail (self, FT_THUMBNAIL (child));
}

static void fill_gallery (FtDataPage *self);

static void
checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtDataPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) unreadable = ft_data_check_finish (result, &error);

  if (unreadable == NULL || self->settings == NULL || self->dataset == NULL)
    return;
  g_clear_object (&self->checking);
  self->unreadable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; unreadable[i] != NULL; i++)
    g_hash_table_add (self->unreadable, g_strdup (unreadable[i]));
  describe_dataset (self);
  mark_figure (self);
  fill_gallery (self);
}

static void
check_images (FtDataPage *self)
{
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->unreadable, g_hash_table_unref);
  self->checking = g_cancellable_new ();
  ft_data_check_async (self->dataset, self->checking, checked_cb, g_object_ref (self));
}

static void
add_figure_row (FtDataPage *self, FtImageFolder *train, guint row, guint label, gboolean last)
{
  guint n = ft_image_folder_get_n_samples (train);
  GtkWidget *name = gtk_label_new (ft_image_folder_get_class_name (train, label));
  guint column = 0;

  /* the class's name above its row, so that the eight photos alone set the width */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_grid_attach (self->figure_grid, name, 0, 2 * row, FIGURE_COLUMNS, 1);
  for (guint k = 0; k < n && column < FIGURE_COLUMNS; k++)
    {
      guint i = last ? n - 1 - k : k;
      GtkWidget *thumb;

      if (ft_image_folder_get_label (train, i) != label)
        continue;
      thumb = ft_thumbnail_new (FIGURE_SIZE);
      /* as d2l's show_images: each photo whole, in its own proportions */
      ft_thumbnail_set_keep_aspect (FT_THUMBNAIL (thumb), TRUE);
      ft_thumbnail_set_path (FT_THUMBNAIL (thumb), ft_image_folder_get_path (train, i));
      mark_thumbnail (self, FT_THUMBNAIL (thumb));
      gtk_grid_attach (self->figure_grid, thumb, column++, 2 * row + 1, 1, 1);
    }
}

static void
show_figure (FtDataPage *self)
{
  FtImageFolder *train = ft_dataset_get_train (self->dataset);
  guint n_classes = ft_image_folder_get_n_classes (train);

  add_figure_row (self, train, 0, 0, FALSE);
  add_figure_row (self, train, 1, n_classes - 1, TRUE);
  gtk_widget_set_visible (self->figure_group, TRUE);
}

static void
fill_gallery (FtDataPage *self)
{
  guint label = gtk_drop_down_get_selected (self->class_dropdown);
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();
  FtImageFolder *folders[2];

  if (self->dataset == NULL || label == GTK_INVALID_LIST_POSITION)
    return;
  folders[0] = ft_dataset_get_train (self->dataset);
  folders[1] = ft_dataset_get_test (self->dataset);
  for (guint f = 0; f < 2; f++)
    for (guint i = 0; i < ft_image_folder_get_n_samples (folders[f]); i++)
      if (ft_image_folder_get_label (folders[f], i) == label)
        g_ptr_array_add (paths, (gpointer) ft_image_folder_get_path (folders[f], i));
  g_ptr_array_add (paths, NULL);
  gtk_string_list_splice (self->gallery_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->gallery_model)),
                          (const char *const *) paths->pdata);
}

static void
show_gallery (FtDataPage *self)
{
  FtImageFolder *train = ft_dataset_get_train (self->dataset);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->class_model));

  gtk_string_list_splice (self->class_model, 0, n, ft_image_folder_get_class_names (train));
  gtk_drop_down_set_selected (self->class_dropdown, 0);
  fill_gallery (self);
  gtk_widget_set_visible (self->gallery_group, TRUE);
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtDataPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) dataset = ft_data_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->settings == NULL)
    return;
  g_clear_object (&self->opening);
  clear_dataset_view (self);
  g_clear_object (&self->dataset);
  if (dataset == NULL)
    {
      adw_preferences_group_set_description (self->classes_group, error->message);
      ft_toast_show_message (GTK_WIDGET (self), error->message, FT_TOAST_BUTTON_OPEN_DATA);
    }
  else
    {
      self->dataset = g_steal_pointer (&dataset);
      g_clear_pointer (&self->unreadable, g_hash_table_unref);
      show_classes (self);
      show_figure (self);
      show_gallery (self);
      check_images (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static void
open_dataset (FtDataPage *self)
{
  g_autofree char *dir = g_settings_get_string (self->settings, "data-dir");

  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  if (dir[0] == '\0')
    return;
  self->opening = g_cancellable_new ();
  ft_data_open_async (dir, self->opening, opened_cb, g_object_ref (self));
}

static void dir_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
split_response_cb (FtSplitDialog *dialog, const char *response, FtDataPage *self)
{
  if (!g_str_equal (response, "split") || self->job != NULL)
    return;
  self->job = g_cancellable_new ();
  set_busy (self, _ ("Splitting the photos into train/ and test/…"), FALSE);
  gtk_progress_bar_pulse (self->progress_bar);
  ft_data_split_async (
    ft_split_dialog_get_source (dialog), ft_split_dialog_get_test_fraction (dialog),
    ft_split_dialog_get_seed (dialog), self->job, dir_ready_cb, g_object_ref (self));
}

/* A folder of class folders with no train/ and test/: offers to split it rather than refuse. */
static void
offer_split (FtDataPage *self, const char *source)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = ft_split_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, source);

  g_signal_connect_object (dialog, "response", G_CALLBACK (split_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dir_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtDataPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = ft_data_dir_finish (result, &error);
  g_autofree char *importing = NULL;

  if (self->settings == NULL)
    return;
  importing = g_steal_pointer (&self->importing);
  g_clear_object (&self->job);
  set_busy (self, NULL, FALSE);
  if (dir != NULL)
    {
      g_settings_set_string (self->settings, "data-dir", dir);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error->domain == FT_DATA_NEEDS_SPLIT && importing != NULL)
    offer_split (self, importing);
  else
    ft_toast_show_message (GTK_WIDGET (self), error->message, FT_TOAST_BUTTON_OPEN_DATA);
}

static void
download_progress_cb (FtDownload *download, double fraction, const char *text, FtDataPage *self)
{
  g_autofree char *label = g_strdup_printf (_ ("Downloading hot dogs: %s"), text);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  set_busy (self, label, TRUE);
}

static void
download_finished_cb (FtDownload *download, const char *path, const char *message, FtDataPage *self)
{
  set_busy (self, NULL, FALSE);
  if (path != NULL)
    {
      set_busy (self, _ ("Unpacking hot dogs…"), FALSE);
      gtk_progress_bar_pulse (self->progress_bar);
      self->job = g_cancellable_new ();
      ft_data_import_async (path, "hotdog", self->job, dir_ready_cb, g_object_ref (self));
    }
  else if (message != NULL && is_offline ())
    ft_toast_show_message (GTK_WIDGET (self), message, FT_TOAST_BUTTON_MAKE_PRACTICE);
  else if (message != NULL)
    ft_toast_show_message (GTK_WIDGET (self), message, FT_TOAST_BUTTON_RETRY_DOWNLOAD);
}

void
ft_data_page_download (FtDataPage *self)
{
  g_return_if_fail (FT_IS_DATA_PAGE (self));
  if (self->job == NULL)
    ft_download_start (self->download);
}

static void
download_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_data_page_download (FT_DATA_PAGE (widget));
}

static void
cancel_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtDataPage *self = FT_DATA_PAGE (widget);

  ft_download_cancel (self->download);
  if (self->job != NULL)
    g_cancellable_cancel (self->job);
}

void
ft_data_page_make_practice (FtDataPage *self)
{
  g_return_if_fail (FT_IS_DATA_PAGE (self));

  if (self->job != NULL || ft_download_get_busy (self->download))
    return;
  self->job = g_cancellable_new ();
  set_busy (self, _ ("Drawing the practice set…"), FALSE);
  gtk_progress_bar_pulse (self->progress_bar);
  ft_data_practice_async (self->job, dir_ready_cb, g_object_ref (self));
}

static void
practice_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_data_page_make_practice (FT_DATA_PAGE (widget));
}

static void
import (FtDataPage *self, const char *path)
{
  if (self->job != NULL)
    return;
  self->job = g_cancellable_new ();
  g_free (self->importing);
  self->importing = g_strdup (path);
  set_busy (self, _ ("Reading the data set…"), FALSE);
  gtk_progress_bar_pulse (self->progress_bar);
  ft_data_import_async (path, NULL, self->job, dir_ready_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, FtDataPage *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && g_file_peek_path (file) != NULL)
    import (self, g_file_peek_path (file));
  g_object_unref (dialog);
}

/* What ft_archive_import() unpacks. */
static const char *const archive_suffixes[]
  = { "zip", "tar", "tar.gz", "tgz", "tar.xz", "txz", "tar.bz2", "tbz2", "tar.zst", NULL };

static void
open_chooser (FtDataPage *self, gboolean folder)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (
    folder ? _ ("Open a Data Set Folder") : _ ("Open an Archive"),
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"),
    _ ("_Cancel"));
  if (!folder)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _ ("Zip and tar archives"));
      for (guint i = 0; archive_suffixes[i]; i++)
        gtk_file_filter_add_suffix (filter, archive_suffixes[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_choice_cb (AdwMessageDialog *dialog, const char *response, FtDataPage *self)
{
  if (g_str_equal (response, "folder") || g_str_equal (response, "archive"))
    open_chooser (self, g_str_equal (response, "folder"));
}

/* One way in for a folder or an archive: a file chooser picks either a folder or files, never
 * both, so the person says which first. */
void
ft_data_page_open (FtDataPage *self)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (FT_IS_DATA_PAGE (self));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Open a Data Set"),
    _ ("A folder with a sub-folder of photos per class, with or without train/ and test/, or "
       "a zip or tar archive of one."));
  gtk_window_set_title (GTK_WINDOW (dialog), _ ("Open a Data Set"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "archive",
                                    _ ("_Archive…"), "folder", _ ("_Folder…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "folder",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "folder");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_choice_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  open_chooser (FT_DATA_PAGE (widget), g_str_equal (name, "data.open-folder"));
}

static void
preview_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtDataPage *self = FT_DATA_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window;

  if (path[0] == '\0')
    return;
  window = ft_augment_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, path,
                                  g_settings_get_uint (self->settings, "image-size"));
  gtk_window_present (GTK_WINDOW (window));
}

static void
network_changed_cb (FtDataPage *self)
{
  gtk_widget_set_visible (self->offline_label, is_offline ());
}

static void
gallery_setup_cb (GtkListItemFactory *factory, GtkListItem *item)
{
  gtk_list_item_set_child (item, ft_thumbnail_new (GALLERY_SIZE));
}

static void
gallery_bind_cb (GtkListItemFactory *factory, GtkListItem *item, FtDataPage *self)
{
  GtkStringObject *path = gtk_list_item_get_item (item);
  FtThumbnail *thumb = FT_THUMBNAIL (gtk_list_item_get_child (item));

  ft_thumbnail_set_path (thumb, gtk_string_object_get_string (path));
  mark_thumbnail (self, thumb);
}

static void
gallery_unbind_cb (GtkListItemFactory *factory, GtkListItem *item)
{
  ft_thumbnail_set_path (FT_THUMBNAIL (gtk_list_item_get_child (item)), NULL);
}

static void
setup_gallery (FtDataPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (gallery_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (gallery_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (gallery_unbind_cb), NULL);
  self->gallery_model = gtk_string_list_new (NULL);
  gtk_grid_view_set_factory (self->gallery, factory);
  gtk_grid_view_set_model (self->gallery, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                            g_object_ref (G_LIST_MODEL (self->gallery_model)))));
  g_object_unref (factory);
  g_signal_connect_swapped (self->class_dropdown, "notify::selected", G_CALLBACK (fill_gallery),
                            self);
}

gboolean
ft_data_page_has_dataset (FtDataPage *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (FT_IS_DATA_PAGE (self), FALSE);
  dir = g_settings_get_string (self->settings, "data-dir");
  return dir[0] != '\0';
}

FtDataset *
ft_data_page_get_dataset (FtDataPage *self)
{
  g_return_val_if_fail (FT_IS_DATA_PAGE (self), NULL);
  return self->dataset;
}

static void
ft_data_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, FT_DATA_PAGE (object)->dataset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ft_data_page_dispose (GObject *object)
{
  FtDataPage *self = FT_DATA_PAGE (object);
  GtkWidget *child;

  if (self->job != NULL)
    g_cancellable_cancel (self->job);
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  if (self->download != NULL)
    ft_download_cancel (self->download);
  g_signal_handlers_disconnect_by_data (g_network_monitor_get_default (), self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_DATA_PAGE);
  g_clear_object (&self->job);
  g_clear_object (&self->opening);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->unreadable, g_hash_table_unref);
  g_clear_pointer (&self->importing, g_free);
  g_clear_object (&self->download);
  g_clear_object (&self->dataset);
  g_clear_object (&self->gallery_model);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->class_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (ft_data_page_parent_class)->dispose (object);
}

static void
ft_data_page_class_init (FtDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_data_page_dispose;
  object_class->get_property = ft_data_page_get_property;
  properties[PROP_DATASET] = g_param_spec_object ("dataset", NULL, NULL, FT_TYPE_DATASET,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finetune/Finetune/ft-data-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FtDataPage, name)
  BIND (offline_label);
  BIND (download_button);
  BIND (cancel_button);
  BIND (progress_bar);
  BIND (classes_group);
  BIND (figure_group);
  BIND (figure_grid);
  BIND (gallery_group);
  BIND (class_dropdown);
  BIND (class_model);
  BIND (gallery);
#undef BIND
  gtk_widget_class_install_action (widget_class, "data.download", NULL, download_activated);
  gtk_widget_class_install_action (widget_class, "data.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "data.practice", NULL, practice_activated);
  gtk_widget_class_install_action (widget_class, "data.open-folder", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "data.open-zip", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "data.preview", "s", preview_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ft_data_page_init (FtDataPage *self)
{
  g_autofree char *cache_dir = ft_fetch_default_cache_dir ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = ft_settings_new ();
  self->class_rows = g_ptr_array_new ();
  self->download = ft_download_new (FT_FETCH_HOTDOG, cache_dir);
  g_signal_connect_object (self->download, "progress", G_CALLBACK (download_progress_cb), self, 0);
  g_signal_connect_object (self->download, "finished", G_CALLBACK (download_finished_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::data-dir", G_CALLBACK (open_dataset), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
  setup_gallery (self);
  set_busy (self, NULL, FALSE);
  network_changed_cb (self);
  open_dataset (self);
}
