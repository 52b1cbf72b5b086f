/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Results window of a run that kept three epochs of predictions, used as a person does:
 * the confusion cell clicked shows its images, the scrubber moved shows another epoch.  It is
 * shot in the language of LANGUAGE into screenshots/results/LANG/. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ft-cam-view.h"
#include "ft-dataset.h"
#include "ft-predictions.h"
#include "ft-results-window.h"
#include "ft-run-writer.h"
#include "ft-run.h"
#include "ft-runs-page.h"
#include "ft-synth.h"
#include "ft-test-gui.h"
#include "ft-thumbnail.h"
#include "ft-torch.h"

static char *root;
static char *shots;
static FtApplication *app;

/* A run of three epochs over the practice set: at epoch e, image i of class 0 is taken for
 * class 1 when i < 4 - e, so the mistakes shrink from 3 to 1. */
static char *
write_run (guint *n_test)
{
  g_autofree char *practice = g_build_filename (root, "practice", NULL);
  g_autofree char *runs = ft_run_default_runs_dir ();
  char *dir = ft_run_make_dir (runs, NULL);
  g_autoptr (FtTrainerConfig) config = ft_trainer_config_new ();
  g_autoptr (FtRunWriter) writer = NULL;
  g_autoptr (FtDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;
  FtImageFolder *test;

  if (!g_file_test (practice, G_FILE_TEST_IS_DIR))
    g_assert_true (ft_synth_write (practice, 10, 96, 3, NULL, &error));
  g_assert_no_error (error);
  dataset = ft_dataset_open (practice, &error);
  g_assert_no_error (error);
  test = ft_dataset_get_test (dataset);
  config->data_dir = g_strdup (practice);
  config->epochs = 3;
  writer = ft_run_writer_new (dir, config, &error);
  g_assert_no_error (error);
  g_assert_true (ft_run_writer_set_classes (writer, ft_image_folder_get_class_names (test), NULL));
  for (guint e = 1; e <= 3; e++)
    {
      g_autoptr (FtPredictions) p = ft_predictions_new (2);
      guint wrong = 0;

      for (guint i = 0; i < ft_image_folder_get_n_samples (test); i++)
        {
          guint label = ft_image_folder_get_label (test, i);
          gboolean miss = label == 0 && wrong < 4 - e;
          float logits[2] = { label == 0 ? 2.0f : -1.0f, label == 0 ? -1.0f : 2.0f + i };
          const char *path
            = ft_image_folder_get_path (test, i) + strlen (ft_image_folder_get_root (test)) + 1;

          if (miss)
            {
              logits[1] = 3.0f + wrong;
              wrong++;
            }
          ft_predictions_add (p, path, label, logits);
        }
      g_assert_true (ft_run_writer_add_predictions (writer, e, p, &error));
      g_assert_no_error (error);
    }
  {
    /* An untrained model is enough for the heat maps to be computed and shown. */
    FtTorchModel *model = NULL;
    g_assert_null (ft_torch_model_new (2, &model));
    g_assert_null (ft_torch_model_save (model, ft_run_writer_get_model_path (writer)));
    ft_torch_model_free (model);
  }
  g_assert_true (ft_run_writer_set_state (writer, "finished", 3, NULL, &error));
  *n_test = ft_image_folder_get_n_samples (test);
  return dir;
}

static gboolean
epoch_is (gpointer data)
{
  FtResultsWindow *window = ((gpointer *) data)[0];
  return ft_results_window_get_epoch (window) == GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
wait_epoch (GtkWidget *window, guint epoch)
{
  gpointer data[2] = { window, GUINT_TO_POINTER (epoch) };
  g_assert_true (ft_test_gui_wait (epoch_is, data, 10000));
  ft_test_gui_spin (200);
}

static gboolean
has_tooltip (GtkWidget *widget, gpointer tip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tip) == 0;
}

static gboolean
is_type (GtkWidget *widget, gpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* The flow box under @window that holds the images of the cell chosen: the first one. */
static GtkWidget *
cell_images (GtkWidget *window)
{
  return ft_test_gui_find (window, is_type, GSIZE_TO_POINTER (GTK_TYPE_FLOW_BOX));
}

static gboolean
view_ready (gpointer view)
{
  return ft_cam_view_is_ready (view);
}

static gboolean
view_says (gpointer data)
{
  FtCamView *view = ((gpointer *) data)[0];
  return strstr (ft_cam_view_get_text (view), ((gpointer *) data)[1]) != NULL;
}

/* Drops @path on @view's drop target, as a file dragged from a file manager lands. */
static void
drop_file (GtkWidget *view, const char *path)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (view);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        g_signal_emit_by_name (c, "drop", &value, 10.0, 10.0, &accepted);
    }
  g_value_unset (&value);
  g_assert_true (accepted);
}

static GdkPaintable *
shown_image (GtkWidget *view)
{
  GtkWidget *picture = ft_test_gui_find (view, is_type, GSIZE_TO_POINTER (GTK_TYPE_PICTURE));

  g_assert_nonnull (picture);
  return gtk_picture_get_paintable (GTK_PICTURE (picture));
}

static void
check_heat_maps (GtkWidget *window)
{
  GtkWidget *heat = ft_results_window_get_heat_view (FT_RESULTS_WINDOW (window));
  GtkWidget *try_it = ft_results_window_get_try_view (FT_RESULTS_WINDOW (window));
  GtkWidget *other = ft_results_window_get_compared_view (FT_RESULTS_WINDOW (window), 0);
  GtkWidget *thumb
    = ft_test_gui_find (cell_images (window), is_type, GSIZE_TO_POINTER (FT_TYPE_THUMBNAIL));
  g_autofree char *junk = g_build_filename (root, "junk.png", NULL);
  g_autofree char *actual = g_strdup_printf (_ ("Heat map of %s"), "hotdog");
  gpointer says[2] = { heat, actual };

  /* An image of the cell, pressed: the heat map of its predicted class, not-hotdog. */
  g_assert_nonnull (thumb);
  ft_test_gui_click (ft_test_gui_find (thumb, is_type, GSIZE_TO_POINTER (GTK_TYPE_BUTTON)));
  g_assert_true (ft_test_gui_wait (view_ready, heat, 60000));
  /* The switch to the actual class: hotdog. */
  ft_test_gui_click (ft_test_gui_find (heat, is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
  g_assert_true (ft_test_gui_wait (view_says, says, 60000));
  g_assert_true (ft_test_gui_wait (view_ready, heat, 60000));
  /* Try It: a photo dropped on it, shown under the other run too, then a file that is no image. */
  drop_file (try_it, ft_thumbnail_get_path (FT_THUMBNAIL (thumb)));
  g_assert_true (ft_test_gui_wait (view_ready, try_it, 60000));
  g_assert_true (ft_test_gui_wait (view_ready, other, 60000));
  g_assert_true (g_file_set_contents (junk, "not a picture", -1, NULL));
  g_assert_nonnull (shown_image (try_it));
  drop_file (try_it, junk);
  /* while the new file is read, the photo before does not pass for it */
  g_assert_null (shown_image (try_it));
  says[0] = try_it;
  says[1] = junk;
  g_assert_true (ft_test_gui_wait (view_says, says, 60000));
  g_assert_false (ft_cam_view_is_ready (FT_CAM_VIEW (try_it)));
  /* Paste, after the failure above: an image copied as pixels, as a viewer or a browser does. */
  {
    g_autoptr (GdkTexture) texture
      = gdk_texture_new_from_filename (ft_thumbnail_get_path (FT_THUMBNAIL (thumb)), NULL);
    g_autofree char *pasted
      = g_build_filename (g_get_user_cache_dir (), "finetune", "pasted.png", NULL);

    g_assert_nonnull (texture);
    gdk_clipboard_set_texture (gtk_widget_get_clipboard (try_it), texture);
    ft_test_gui_click (ft_test_gui_find_button (try_it, _ ("_Paste")));
    g_assert_true (ft_test_gui_wait (view_ready, try_it, 60000));
    g_assert_true (g_file_test (pasted, G_FILE_TEST_IS_REGULAR));
  }
}

/* The window scrolled to its end, where Try It's sentence is, so that a screenshot shows it. */
static void
scroll_to_end (GtkWidget *view)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;

  g_assert_nonnull (scrolled);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  ft_test_gui_spin (300);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

/* Ctrl+V pressed in @window: the shortcut a key press of Ctrl+V meets, found among the window's
 * own shortcuts by its trigger, and run on the window. */
static void
press_ctrl_v (GtkWidget *window)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr (GtkShortcutTrigger) ctrl_v = gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK);
  gboolean pressed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (c)) && !pressed; k++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), k);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), ctrl_v))
            pressed = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                    GTK_SHORTCUT_ACTION_EXCLUSIVE, window,
                                                    gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_true (pressed);
}

/* Ctrl+V in the window pastes into Try It: text or nothing on the clipboard gives one sentence,
 * an image its classes and heat map.  A paste that brings no image leaves nothing of the image
 * before, in Try It and beside it under the other run. */
static void
check_ctrl_v (GtkWidget *window)
{
  GtkWidget *try_it = ft_results_window_get_try_view (FT_RESULTS_WINDOW (window));
  GtkWidget *other = ft_results_window_get_compared_view (FT_RESULTS_WINDOW (window), 0);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  g_autofree char *junk = g_build_filename (root, "junk.png", NULL);
  g_autofree char *image = g_build_filename (root, "pasted-source.png", NULL);
  const char *no_image = _ ("The clipboard holds no image.");
  gpointer says[2] = { try_it, (gpointer) no_image };
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 80, 60);

  gdk_pixbuf_fill (pixbuf, 0xc86428ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, image, "png", NULL, NULL));
  /* the photo pasted before, with its classes, in both views */
  g_assert_true (ft_test_gui_wait (view_ready, try_it, 60000));
  g_assert_true (ft_test_gui_wait (view_ready, other, 60000));
  g_assert_nonnull (shown_image (try_it));
  g_assert_nonnull (shown_image (other));
  gdk_clipboard_set_text (clipboard, "a hot dog");
  press_ctrl_v (window);
  g_assert_true (ft_test_gui_wait (view_says, says, 10000));
  g_assert_cmpstr (ft_cam_view_get_text (FT_CAM_VIEW (try_it)), ==, no_image);
  g_assert_null (shown_image (try_it));
  g_assert_false (ft_cam_view_is_ready (FT_CAM_VIEW (try_it)));
  says[0] = other;
  g_assert_true (ft_test_gui_wait (view_says, says, 10000));
  g_assert_null (shown_image (other));
  g_assert_false (ft_cam_view_is_ready (FT_CAM_VIEW (other)));
  says[0] = try_it;
  scroll_to_end (try_it);
  ft_test_gui_shoot (window, shots, "results-paste-text");
  /* nothing at all on the clipboard: the same sentence, after another one */
  drop_file (try_it, junk);
  says[1] = junk;
  g_assert_true (ft_test_gui_wait (view_says, says, 60000));
  gdk_clipboard_set_content (clipboard, NULL);
  press_ctrl_v (window);
  says[1] = (gpointer) no_image;
  g_assert_true (ft_test_gui_wait (view_says, says, 10000));
  g_assert_false (ft_cam_view_is_ready (FT_CAM_VIEW (try_it)));
  /* an image copied as pixels */
  texture = gdk_texture_new_from_filename (image, NULL);
  g_assert_nonnull (texture);
  gdk_clipboard_set_texture (clipboard, texture);
  press_ctrl_v (window);
  g_assert_true (ft_test_gui_wait (view_ready, try_it, 60000));
  g_assert_null (strstr (ft_cam_view_get_text (FT_CAM_VIEW (try_it)), no_image));
  scroll_to_end (try_it);
  ft_test_gui_shoot (window, shots, "results-paste");
}

static void
test_results (void)
{
  FtWindow *main_window = ft_test_gui_window_new (app, 1100, 760);
  guint n_test;
  g_autofree char *run_dir = write_run (&n_test);
  g_autofree char *other_dir = NULL;
  GtkWidget *window = ft_results_window_new (GTK_WINDOW (main_window), run_dir);
  g_autofree char *tip = NULL;
  GtkWidget *cell, *scale;

  /* The other run of an experiment: its own model, the same classes. */
  g_usleep (1100 * 1000); /* run folders are named by the second */
  other_dir = write_run (&n_test);
  g_assert_true (ft_results_window_compare_with (FT_RESULTS_WINDOW (window), other_dir));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 1000);
  gtk_window_present (GTK_WINDOW (window));
  wait_epoch (window, 3);
  tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Actually %s, predicted %s: %u image",
                                      "Actually %s, predicted %s: %u images", 1),
                         "hotdog", "not-hotdog", 1);
  cell = ft_test_gui_find (window, has_tooltip, tip);
  g_assert_nonnull (cell);
  ft_test_gui_click (cell);
  ft_test_gui_spin (300);
  g_assert_cmpuint (count_children (cell_images (window)), ==, 1);

  /* The scrubber, moved to the first epoch: three mistakes there. */
  scale = ft_test_gui_find (window, is_type, GSIZE_TO_POINTER (GTK_TYPE_SCALE));
  gtk_range_set_value (GTK_RANGE (scale), 1);
  wait_epoch (window, 1);
  g_clear_pointer (&tip, g_free);
  tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Actually %s, predicted %s: %u image",
                                      "Actually %s, predicted %s: %u images", 3),
                         "hotdog", "not-hotdog", 3);
  cell = ft_test_gui_find (window, has_tooltip, tip);
  g_assert_nonnull (cell);
  ft_test_gui_click (cell);
  ft_test_gui_spin (300);
  g_assert_cmpuint (count_children (cell_images (window)), ==, 3);
  check_heat_maps (window);
  ft_test_gui_shoot (window, shots, "results");
  check_ctrl_v (window);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (main_window));
  ft_test_gui_spin (100);
}

static gboolean
results_shown (gpointer data)
{
  return ft_test_gui_find_window (_ ("Results")) != NULL;
}

/* A run reopened later: its row on the Runs page opens its Results. */
static void
test_from_runs_page (void)
{
  FtWindow *main_window = ft_test_gui_window_new (app, 1100, 760);
  GtkWidget *page = ft_window_get_page (main_window, "runs");
  GtkWindow *results;

  ft_window_show_page (main_window, "runs");
  ft_runs_page_reload (FT_RUNS_PAGE (page));
  ft_test_gui_spin (500);
  ft_test_gui_click (ft_test_gui_find (
    page, has_tooltip, (gpointer) _ ("What this run gets right and wrong, epoch by epoch")));
  g_assert_true (ft_test_gui_wait (results_shown, NULL, 5000));
  results = ft_test_gui_find_window (_ ("Results"));
  wait_epoch (GTK_WIDGET (results), 3);
  gtk_window_destroy (results);
  gtk_window_destroy (GTK_WINDOW (main_window));
  ft_test_gui_spin (100);
}

static void
test_no_predictions (void)
{
  g_autofree char *dir = g_build_filename (root, "old", NULL);
  g_autoptr (FtTrainerConfig) config = ft_trainer_config_new ();
  g_autoptr (FtRunWriter) writer = NULL;
  GtkWidget *window, *status;

  /* A run as it was before runs kept predictions: config, classes, state, no predictions/. */
  config->data_dir = g_build_filename (root, "practice", NULL);
  writer = ft_run_writer_new (dir, config, NULL);
  g_assert_nonnull (writer);
  g_assert_true (
    ft_run_writer_set_classes (writer, (const char *[]){ "hotdog", "not-hotdog", NULL }, NULL));
  g_assert_true (ft_run_writer_set_state (writer, "finished", 1, NULL, NULL));
  window = ft_results_window_new (NULL, dir);
  gtk_window_present (GTK_WINDOW (window));
  status = ft_test_gui_find (window, is_type, GSIZE_TO_POINTER (ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   _ ("No Predictions Kept"));
  g_assert_cmpuint (ft_results_window_get_epoch (FT_RESULTS_WINDOW (window)), ==, 0);
  ft_test_gui_shoot (window, shots, "results-no-predictions");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

int
main (int argc, char **argv)
{
  int status;

  ft_test_gui_require_display ();
  root = ft_test_gui_isolate ();
  ft_test_gui_setup_locale ();
  shots = ft_test_gui_shots_dir ("results");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/results/cells-and-epochs", test_results);
  g_test_add_func ("/results/from-runs-page", test_from_runs_page);
  g_test_add_func ("/results/no-predictions", test_no_predictions);
  status = g_test_run ();
  g_clear_object (&app);
  ft_test_gui_remove_tree (root);
  return status;
}
