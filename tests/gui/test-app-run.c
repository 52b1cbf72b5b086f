/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ft-run.h"
#include "ft-runs-page.h"
#include "ft-settings.h"
#include "ft-synth.h"
#include "ft-test-gui.h"
#include "ft-torch.h"
#include "ft-training-page.h"

#define MAX_STALL_US 50000

static char *root;
static FtApplication *app;

typedef struct
{
  gint64 start;
  gint64 last;
  gint64 last_waiting;
  gint64 longest;
  gint64 longest_at;
  gint64 longest_wall;
} Stall;

/* Microseconds this thread has spent runnable but waiting for a CPU, from the
 * scheduler's own account; 0 where the kernel keeps none. */
static gint64
waiting_for_cpu_us (void)
{
  g_autofree char *text = NULL;
  char **fields;
  gint64 waiting = 0;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
    return 0;
  fields = g_strsplit (g_strstrip (text), " ", 3);
  if (g_strv_length (fields) >= 2)
    waiting = g_ascii_strtoll (fields[1], NULL, 10) / 1000;
  g_strfreev (fields);
  return waiting;
}

/*
 * A high-priority 5 ms tick: the longest gap between ticks is the longest
 * time the main loop was kept from running.  The time the main thread spent
 * ready but waiting for a CPU taken by other processes is not counted: that
 * is the machine's load, not something the app did on its main loop.
 */
static gboolean
tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time (), waiting = waiting_for_cpu_us ();

  if (stall->last != 0)
    {
      gint64 gap = now - stall->last, own = gap - (waiting - stall->last_waiting);

      if (own > stall->longest)
        {
          stall->longest = own;
          stall->longest_wall = gap;
          stall->longest_at = stall->last - stall->start;
        }
    }
  stall->last = now;
  stall->last_waiting = waiting;
  return G_SOURCE_CONTINUE;
}

static gboolean
not_running (gpointer page)
{
  return !ft_training_page_get_running (page);
}

static gboolean
has_points (gpointer page)
{
  return ft_plot_count_points (ft_training_page_get_plot (page)) > 0;
}

static void
set_up_experiment (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_build_filename (root, "practice", NULL);

  g_assert_true (ft_synth_write (data, 16, 64, 5, NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "data-dir", data);
  ft_settings_apply_preset (settings, FT_PRESET_SCRATCH);
  g_settings_set_uint (settings, "epochs", 1);
  g_settings_set_uint (settings, "batch-size", 8);
  g_settings_set_uint (settings, "image-size", 64);
  g_settings_set_uint (settings, "seed", 1);
}

static GListModel *
list_runs (void)
{
  g_autofree char *runs_dir = ft_run_default_runs_dir ();
  g_autoptr (GError) error = NULL;
  GListModel *runs = ft_run_list (runs_dir, &error);

  g_assert_no_error (error);
  return runs;
}

static void
test_whole_run (void)
{
  g_autoptr (GListModel) runs = NULL;
  g_autoptr (FtRun) run = NULL;
  FtWindow *window;
  GtkWidget *page;
  Stall stall = { .start = g_get_monotonic_time () };
  guint tick;

  set_up_experiment ();
  window = ft_test_gui_window_new (app, 1100, 760);
  page = ft_window_get_page (window, "training");
  ft_window_show_page (window, "training");
  tick = g_timeout_add_full (G_PRIORITY_HIGH, 5, tick_cb, &stall, NULL);

  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_training_page_get_running (FT_TRAINING_PAGE (page)));
  g_assert_true (ft_test_gui_wait (not_running, page, 150000));
  g_source_remove (tick);

  g_test_message ("longest main-loop stall during training: %.1f ms (%.1f ms of wall-clock "
                  "time), %.3f s after Start",
                  stall.longest / 1000.0, stall.longest_wall / 1000.0, stall.longest_at / 1e6);
  g_assert_cmpint (stall.longest, <, MAX_STALL_US);
  /* one epoch of 32 images in batches of 8: two metrics per train point, and a test point */
  g_assert_cmpuint (ft_plot_count_points (ft_training_page_get_plot (FT_TRAINING_PAGE (page))), >=,
                    2 * 4 + 1);

  runs = list_runs ();
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  run = g_list_model_get_item (runs, 0);
  g_assert_cmpstr (ft_run_get_state (run), ==, "finished");
  g_assert_cmpuint (ft_run_get_epochs_done (run), ==, 1);
  g_assert_cmpuint (ft_run_get_points (run)->len, >, 0);
  g_assert_cmpuint (ft_run_get_config (run)->batch_size, ==, 8);
  g_assert_nonnull (ft_run_get_model_path (run));

  ft_window_show_page (window, "runs");
  ft_test_gui_spin (200);
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (ft_window_get_page (window, "runs"))),
                    ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static void
test_stop (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GListModel) runs = NULL;
  g_autoptr (FtRun) run = NULL;
  FtWindow *window;
  GtkWidget *page;
  gint64 stopped;

  g_settings_set_uint (settings, "epochs", 20);
  window = ft_test_gui_window_new (app, 1100, 760);
  page = ft_window_get_page (window, "training");
  ft_window_show_page (window, "training");
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (has_points, page, 60000));
  ft_test_gui_click_stop (page);
  stopped = g_get_monotonic_time ();
  g_assert_true (ft_test_gui_wait (not_running, page, 20000));
  g_test_message ("stopped in %.0f ms", (g_get_monotonic_time () - stopped) / 1000.0);

  runs = list_runs ();
  run = g_list_model_get_item (runs, 0);
  g_assert_cmpstr (ft_run_get_state (run), ==, "cancelled");
  g_assert_cmpuint (ft_run_get_epochs_done (run), <, 20);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static guint
count_cancelled_runs (void)
{
  g_autoptr (GListModel) runs = list_runs ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr (FtRun) run = g_list_model_get_item (runs, i);
      n += g_str_equal (ft_run_get_state (run), "cancelled");
    }
  return n;
}

/* Closing the window in the middle of a run stops it; the run, finishing after
 * the window has gone, must not touch the window (a critical here is fatal). */
static void
test_close_while_training (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GtkWidget) page = NULL;
  guint cancelled_before = count_cancelled_runs ();
  FtWindow *window;

  g_settings_set_uint (settings, "epochs", 20);
  window = ft_test_gui_window_new (app, 1100, 760);
  page = g_object_ref (ft_window_get_page (window, "training"));
  ft_window_show_page (window, "training");
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (has_points, page, 60000));
  gtk_window_close (GTK_WINDOW (window));
  ft_test_gui_spin (200);
  /* the window asks first; its answer closes it and stops the run */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (ft_test_gui_answer_dialog ("Stop and Close"));
  g_assert_true (ft_test_gui_wait (not_running, page, 20000));
  ft_test_gui_spin (100);
  g_assert_cmpuint (count_cancelled_runs (), ==, cancelled_before + 1);
}

/* A ResNet-18 weights file in torch.save's format, as the pretrained one is. */
static char *
write_weights (void)
{
  char *path = g_build_filename (root, "resnet18.pth", NULL);
  FtTorchModel *model = NULL;

  g_assert_null (ft_torch_model_new (1000, &model));
  g_assert_null (ft_torch_model_save (model, path));
  ft_torch_model_free (model);
  return path;
}

static void
test_side_by_side (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *weights = write_weights ();
  g_autoptr (GListModel) before = list_runs ();
  g_autoptr (GListModel) runs = NULL;
  GListModel *series;
  FtWindow *window;
  GtkWidget *page;

  g_settings_set_string (settings, "weights-path", weights);
  ft_settings_apply_preset (settings, FT_PRESET_BOTH);
  g_settings_set_uint (settings, "epochs", 1);
  g_settings_set_uint (settings, "batch-size", 8);
  g_settings_set_uint (settings, "image-size", 64);
  window = ft_test_gui_window_new (app, 1100, 760);
  page = ft_window_get_page (window, "training");
  ft_window_show_page (window, "training");
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (not_running, page, 150000));

  /* one after the other: both plotted, both on disk, the same seed */
  series = ft_plot_get_series (ft_training_page_get_plot (FT_TRAINING_PAGE (page)));
  g_assert_cmpuint (g_list_model_get_n_items (series), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (FtPlotSeries) s = g_list_model_get_item (series, i);
      g_assert_cmpuint (ft_plot_series_get_points (s)->len, >, 0);
    }
  runs = list_runs ();
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, g_list_model_get_n_items (before) + 2);
  {
    g_autoptr (FtRun) scratch = g_list_model_get_item (runs, 0);
    g_autoptr (FtRun) finetune = g_list_model_get_item (runs, 1);

    g_assert_cmpstr (ft_run_get_state (scratch), ==, "finished");
    g_assert_cmpstr (ft_run_get_state (finetune), ==, "finished");
    g_assert_null (ft_run_get_config (scratch)->weights_path);
    g_assert_nonnull (ft_run_get_config (finetune)->weights_path);
    g_assert_cmpuint (ft_run_get_config (scratch)->seed, ==, ft_run_get_config (finetune)->seed);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

int
main (int argc, char **argv)
{
  int status;

  ft_test_gui_require_display ();
  root = ft_test_gui_isolate ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/run/whole", test_whole_run);
  g_test_add_func ("/run/stop", test_stop);
  g_test_add_func ("/run/close-while-training", test_close_while_training);
  g_test_add_func ("/run/side-by-side", test_side_by_side);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
