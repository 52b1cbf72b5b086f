/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ft-augment-window.h"
#include "ft-data-page.h"
#include "ft-plot-private.h"
#include "ft-run-writer.h"
#include "ft-run.h"
#include "ft-runs-page.h"
#include "ft-settings.h"
#include "ft-synth.h"
#include "ft-test-gui.h"
#include "ft-training-page.h"

static int width = 1280, height = 860;
static char *root;
static char *shots;
static FtApplication *app;

/* Two finished runs on disk, shaped like the chapter's curves, for the Runs page. */
static void
write_runs (void)
{
  g_autofree char *runs = ft_run_default_runs_dir ();

  for (guint r = 0; r < 2; r++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = ft_run_make_dir (runs, &error);
      g_autoptr (FtTrainerConfig) config = ft_trainer_config_new ();
      g_autoptr (FtRunWriter) writer = NULL;
      double rate = r == 0 ? 1.2 : 0.35;

      g_assert_no_error (error);
      if (r == 1)
        ft_trainer_config_apply_scratch_preset (config);
      config->label = g_strdup (r == 0 ? "Fine-tune, lr 5e-05" : "From scratch, lr 0.0005");
      config->data_dir = g_build_filename (root, "practice", NULL);
      writer = ft_run_writer_new (dir, config, &error);
      g_assert_no_error (error);
      for (guint i = 1; i <= 5 * 5; i++)
        {
          double x = i / 5.0;
          FtMetricPoint p
            = { x, 0.65 * exp (-rate * x) + 0.06, 1 - 0.45 * exp (-rate * x * 1.1), NAN };

          g_assert_true (ft_run_writer_add_point (writer, &p, &error));
          if (i % 5 == 0)
            {
              FtMetricPoint t = { x, NAN, NAN, 0.97 - 0.42 * exp (-rate * x) };
              g_assert_true (ft_run_writer_add_point (writer, &t, &error));
            }
        }
      g_assert_true (ft_run_writer_set_state (writer, "finished", 5, NULL, &error));
      g_assert_no_error (error);
      g_usleep (1100 * 1000); /* run folders are named by the second */
    }
}

static gboolean
dataset_loaded (gpointer page)
{
  return ft_data_page_get_dataset (page) != NULL;
}

static gboolean
augment_ready (gpointer window)
{
  return ft_augment_window_is_ready (window);
}

static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = widget;

  while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
    scrolled = gtk_widget_get_first_child (scrolled);
  g_assert_nonnull (scrolled);
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
}

static void
fill_training_plot (FtWindow *window)
{
  FtPlot *plot
    = ft_training_page_get_plot (FT_TRAINING_PAGE (ft_window_get_page (window, "training")));
  FtPlot *runs_plot = ft_runs_page_get_plot (FT_RUNS_PAGE (ft_window_get_page (window, "runs")));
  GListModel *series = ft_plot_get_series (runs_plot);

  ft_plot_set_epochs (plot, 5);
  for (guint i = 0; i < g_list_model_get_n_items (series); i++)
    {
      g_autoptr (FtPlotSeries) s = g_list_model_get_item (series, i);
      ft_plot_add_series (plot, s);
    }
}

static gboolean
is_primary_menu_button (GtkWidget *widget, gpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

/* A menu's item: GTK draws each as a button whose "text" is the item's label. */
static char *
without_underscores (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("", parts);
}

/* A menu's item: GTK draws each as a button whose "text" is the item's label, mnemonic aside. */
static gboolean
is_menu_item (GtkWidget *widget, gpointer label)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *wanted = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;
  g_object_get (widget, "text", &text, NULL);
  shown = without_underscores (text ? text : "");
  wanted = without_underscores (label);
  return g_str_equal (shown, wanted);
}

/* Opens the primary menu, as a click on its button does, and clicks the item @label. */
static void
click_menu_item (FtWindow *window, const char *label)
{
  GtkWidget *button = ft_test_gui_find (GTK_WIDGET (window), is_primary_menu_button, NULL);
  GtkPopover *popover;
  GtkWidget *item;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  ft_test_gui_spin (300);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  item = ft_test_gui_find (GTK_WIDGET (popover), is_menu_item, (gpointer) label);
  g_assert_nonnull (item);
  ft_test_gui_click (item);
}

static void
test_pages (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *practice = g_build_filename (root, "practice", NULL);
  GtkWidget *data_page, *runs_page;
  FtWindow *window;
  GtkWidget *augment;
  gboolean about_shown;

  g_assert_true (ft_synth_write (practice, 16, 96, 3, NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "data-dir", practice);
  write_runs ();

  window = ft_test_gui_window_new (app, width, height);
  data_page = ft_window_get_page (window, "data");
  runs_page = ft_window_get_page (window, "runs");
  g_assert_true (ft_test_gui_wait (dataset_loaded, data_page, 10000));

  ft_window_show_page (window, "data");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "data");
  scroll_to_end (data_page);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "data-gallery");

  /* the book's fine-tuning with no weights yet: what is missing, and the ways on */
  ft_window_show_page (window, "experiment");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "experiment-no-weights");
  ft_window_show_page (window, "training");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training-no-weights");

  /* a stand-in weights file: the page only needs one to be there */
  {
    g_autofree char *weights = g_build_filename (root, "weights.pth", NULL);

    g_assert_true (g_file_set_contents (weights, "", 0, NULL));
    g_settings_set_string (settings, "weights-path", weights);
    g_settings_set_string (settings, "freeze", "layer2");
  }
  ft_window_show_page (window, "experiment");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "experiment");
  scroll_to_end (ft_window_get_page (window, "experiment"));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "experiment-end");

  ft_window_show_page (window, "runs");
  ft_test_gui_spin (200);
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (runs_page)), ==, 2);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs");

  fill_training_plot (window);
  ft_window_show_page (window, "training");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  {
    FtImageFolder *train
      = ft_dataset_get_train (ft_data_page_get_dataset (FT_DATA_PAGE (data_page)));

    augment = ft_augment_window_new (GTK_WINDOW (window), ft_image_folder_get_path (train, 0), 64);
    gtk_window_present (GTK_WINDOW (augment));
    g_assert_true (ft_test_gui_wait (augment_ready, augment, 10000));
    ft_test_gui_shoot (augment, shots, "augment");
    gtk_window_destroy (GTK_WINDOW (augment));
  }

  {
    GtkShortcutsWindow *overlay
      = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

    g_assert_nonnull (overlay);
    click_menu_item (window, _ ("_Keyboard Shortcuts"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    ft_test_gui_shoot (GTK_WIDGET (overlay), shots, "shortcuts");
    gtk_window_close (GTK_WINDOW (overlay));
  }

  click_menu_item (window, _ ("_About Finetune"));
  about_shown = FALSE;
  ft_test_gui_spin (300);
  {
    g_autoptr (GList) windows = gtk_window_list_toplevels ();

    for (GList *w = windows; w != NULL; w = w->next)
      if (ADW_IS_ABOUT_WINDOW (w->data))
        {
          ft_test_gui_shoot (GTK_WIDGET (w->data), shots, "about");
          gtk_window_destroy (GTK_WINDOW (w->data));
          about_shown = TRUE;
          break;
        }
    g_assert_true (about_shown);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* A series for @label whose loss leaves the scale at epoch 2 and comes back. */
static FtPlotSeries *
off_scale_series (const char *label, double peak, FtPlotRole role)
{
  FtPlotSeries *series = ft_plot_series_new (label);

  ft_plot_series_set_role (series, role);
  for (guint i = 0; i <= 16; i++)
    {
      double x = i * 0.25;
      double loss = i == 8 ? peak : 0.7 - 0.03 * i;
      FtMetricPoint p = { x, loss, 0.5 + 0.02 * i, i % 4 == 0 ? 0.55 + 0.02 * i : NAN };

      ft_plot_series_append (series, &p);
    }
  return series;
}

/* The book's pair, both runs above the scale at the same epoch: a marker for each, each naming
 * its run and its own value, on rows of their own. */
static void
test_off_scale (void)
{
  FtWindow *window = ft_test_gui_window_new (app, width, height);
  FtPlot *plot
    = ft_training_page_get_plot (FT_TRAINING_PAGE (ft_window_get_page (window, "training")));
  g_autoptr (FtPlotSeries) fine
    = off_scale_series (_ ("Fine-tune (book)"), 1.06, FT_PLOT_ROLE_FINETUNE);
  g_autoptr (FtPlotSeries) scratch
    = off_scale_series (_ ("From scratch (book)"), 3.92, FT_PLOT_ROLE_SCRATCH);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  ft_plot_set_epochs (plot, 4);
  ft_plot_add_series (plot, fine);
  ft_plot_add_series (plot, scratch);
  ft_window_show_page (window, "training");
  text = _ft_plot_dup_off_scale_text (plot);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], _ ("Fine-tune (book)")));
  g_assert_nonnull (strstr (lines[0], "1.06"));
  g_assert_nonnull (strstr (lines[1], _ ("From scratch (book)")));
  g_assert_nonnull (strstr (lines[1], "3.92"));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training-off-scale");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training-off-scale-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
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
  ft_test_gui_window_size (&width, &height);
  shots = ft_test_gui_shots_dir ("screenshots");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/screenshots/pages", test_pages);
  g_test_add_func ("/screenshots/off-scale", test_off_scale);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
