/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ft-plot-private.h"
#include "ft-plot-series.h"
#include "ft-run.h"
#include "ft-settings.h"
#include "ft-synth.h"
#include "ft-test-gui.h"
#include "ft-training-page.h"

/* What the window promises after "Stop and Close". */
#define EXIT_LIMIT_US (2 * G_USEC_PER_SEC)

static int width = 1100, height = 760;
static char *root;
static char *shots;
static FtApplication *app;

static void
set_up_experiment (guint epochs, guint image_size, double lr)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_build_filename (root, "practice", NULL);

  if (!g_file_test (data, G_FILE_TEST_IS_DIR))
    g_assert_true (ft_synth_write (data, 16, 64, 5, NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "data-dir", data);
  ft_settings_apply_preset (settings, FT_PRESET_SCRATCH);
  g_settings_set_uint (settings, "epochs", epochs);
  g_settings_set_uint (settings, "batch-size", 8);
  g_settings_set_uint (settings, "image-size", image_size);
  g_settings_set_uint (settings, "seed", 1);
  g_settings_set_double (settings, "lr", lr);
}

static gboolean
not_running (gpointer page)
{
  return !ft_training_page_get_running (page);
}

static gboolean
running (gpointer page)
{
  return ft_training_page_get_running (page);
}

/* Long enough that stopping asks: the window asks after five seconds. */
static gboolean
trained_a_while (gpointer page)
{
  return ft_training_page_get_seconds_trained (page) > 6
         && ft_plot_count_points (ft_training_page_get_plot (page)) > 0;
}

static gboolean
dialog_shown (gpointer data)
{
  return ft_test_gui_find_dialog () != NULL;
}

/* The speed and time left sit in numeric labels beside the bars; the results below are larger. */
static gboolean
is_stale_label (GtkWidget *widget, gpointer data)
{
  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget)
      || !gtk_widget_has_css_class (widget, "numeric")
      || gtk_widget_has_css_class (widget, "title-4"))
    return FALSE;
  return !g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), "–");
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

static FtRun *
newest_run (void)
{
  g_autoptr (GListModel) runs = list_runs ();
  guint n = g_list_model_get_n_items (runs);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (runs, 0); /* newest first */
}

/* Stop asks once the run has trained a while; Keep Training keeps it, Stop stops it, and the
 * speed and time left do not stay behind. */
static void
test_stop_asks (void)
{
  FtWindow *window;
  GtkWidget *page;
  AdwMessageDialog *dialog;

  set_up_experiment (50, 64, 0.0005);
  window = ft_test_gui_window_new (app, width, height);
  page = ft_window_get_page (window, "training");
  ft_window_show_page (window, "training");
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (trained_a_while, page, 120000));

  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.stop"));
  g_assert_true (ft_test_gui_wait (dialog_shown, NULL, 2000));
  dialog = ft_test_gui_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _ ("Stop Training?"));
  ft_test_gui_shoot (GTK_WIDGET (dialog), shots, "stop-dialog");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "stop-dialog-window");
  g_assert_true (ft_test_gui_answer_dialog (_ ("_Keep Training")));
  ft_test_gui_spin (300);
  g_assert_null (ft_test_gui_find_dialog ());
  g_assert_true (ft_training_page_get_running (FT_TRAINING_PAGE (page)));

  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.stop"));
  g_assert_true (ft_test_gui_wait (dialog_shown, NULL, 2000));
  g_assert_true (ft_test_gui_answer_dialog (_ ("_Stop")));
  g_assert_true (ft_test_gui_wait (not_running, page, 30000));
  ft_test_gui_spin (200);
  g_assert_null (ft_test_gui_find (page, is_stale_label, NULL));
  {
    g_autoptr (FtRun) run = newest_run ();
    g_assert_cmpstr (ft_run_get_state (run), ==, "cancelled");
  }
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "stopped");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Closing the window during a run asks; Keep Training leaves both, Stop and Close ends both. */
static void
test_close_asks (void)
{
  FtWindow *window;
  g_autoptr (GtkWidget) page = NULL;
  AdwMessageDialog *dialog;

  set_up_experiment (50, 64, 0.0005);
  window = ft_test_gui_window_new (app, width, height);
  page = g_object_ref (ft_window_get_page (window, "training"));
  ft_window_show_page (window, "training");
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (running, page, 5000));

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ft_test_gui_wait (dialog_shown, NULL, 2000));
  dialog = ft_test_gui_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _ ("Stop Training and Close?"));
  ft_test_gui_shoot (GTK_WIDGET (dialog), shots, "close-dialog");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "close-dialog-window");
  g_assert_true (ft_test_gui_answer_dialog (_ ("_Keep Training")));
  ft_test_gui_spin (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (ft_training_page_get_running (FT_TRAINING_PAGE (page)));

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ft_test_gui_wait (dialog_shown, NULL, 2000));
  g_assert_true (ft_test_gui_answer_dialog (_ ("Stop and _Close")));
  g_assert_true (ft_test_gui_wait (not_running, page, 30000));
  ft_test_gui_spin (200);
  {
    g_autoptr (FtRun) run = newest_run ();
    g_assert_cmpstr (ft_run_get_state (run), ==, "cancelled");
  }
}

static gboolean
is_toast_overlay (GtkWidget *widget, gpointer data)
{
  return ADW_IS_TOAST_OVERLAY (widget);
}

static gboolean
find_toast_button (gpointer data)
{
  GtkWidget **found = data;
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (windows, i);
      GtkWidget *overlay = ft_test_gui_find (GTK_WIDGET (w), is_toast_overlay, NULL);

      if (overlay != NULL
          && (*found = ft_test_gui_find_button (overlay, _ ("Lower the Rate"))) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_entry (GtkWidget *widget, gpointer data)
{
  return GTK_IS_ENTRY (widget);
}

/* The sentence names the batch's loss and the plotted one, the epoch's running mean at the last
 * point; the plot's marker above the scale gives the same plotted figure, written alike. */
static void
assert_marker_agrees (GtkWidget *page, const char *message)
{
  FtPlot *plot = ft_training_page_get_plot (FT_TRAINING_PAGE (page));
  g_autofree char *marker = _ft_plot_dup_off_scale_text (plot);
  g_autoptr (FtPlotSeries) series = g_list_model_get_item (ft_plot_get_series (plot), 0);
  GArray *points = ft_plot_series_get_points (series);
  double loss = g_array_index (points, FtMetricPoint, points->len - 1).train_loss;
  g_autofree char *value = g_strdup_printf (loss >= 1000 ? "%.0f" : "%.3g", loss);
  g_autofree char *in_marker = g_strdup_printf (" %s", value);
  const char *at;

  g_test_message ("marker: %s; last point %s", marker, value);
  g_assert_nonnull (marker);
  at = strstr (marker, in_marker);
  g_assert_nonnull (at);
  /* the whole figure, not the start of a longer one */
  at += strlen (in_marker);
  g_assert_false (g_ascii_isdigit (*at) || *at == '.' || *at == 'e');
  g_assert_nonnull (strstr (message, value));
}

/* At lr 1 the loss explodes: the run stops with a sentence and Lower the Rate, which trains
 * again at 0.1, the rate the Experiment page then shows. */
static void
test_diverges (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (FtRun) failed = NULL;
  g_autoptr (FtRun) again = NULL;
  FtWindow *window;
  GtkWidget *page, *button = NULL, *entry;

  set_up_experiment (3, 64, 1.0);
  window = ft_test_gui_window_new (app, width, height);
  page = ft_window_get_page (window, "training");
  ft_window_show_page (window, "training");
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (not_running, page, 120000));
  failed = newest_run ();
  g_test_message ("%s", ft_run_get_message (failed));
  g_assert_cmpstr (ft_run_get_state (failed), ==, "failed");
  g_assert_cmpfloat (ft_run_get_config (failed)->lr, ==, 1.0);
  g_assert_nonnull (ft_run_get_message (failed));
  g_assert_true (ft_test_gui_wait (find_toast_button, &button, 2000));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "diverged");
  assert_marker_agrees (page, ft_run_get_message (failed));

  ft_test_gui_click (button);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "lr"), 0.1, 1e-12);
  g_assert_true (ft_test_gui_wait (not_running, page, 120000));
  again = newest_run ();
  g_assert_false (g_str_equal (ft_run_get_dir (again), ft_run_get_dir (failed)));
  g_assert_cmpfloat_with_epsilon (ft_run_get_config (again)->lr, 0.1, 1e-12);

  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (200);
  entry = ft_test_gui_find (
    ft_test_gui_find_row (ft_window_get_page (window, "experiment"), _ ("_Learning rate")),
    is_entry, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "0.1");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* ---- the program itself, in a child process: close during a run, and time the exit ---- */

static gboolean
drive_child (gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *page;

  g_assert_nonnull (window);
  page = ft_window_get_page (FT_WINDOW (window), "training");
  ft_window_show_page (FT_WINDOW (window), "training");
  ft_test_gui_spin (300);
  ft_test_gui_click (ft_test_gui_find_actionable (page, "win.start"));
  g_assert_true (ft_test_gui_wait (running, page, 5000));
  /* a batch in flight: the first epoch's points, then more steps */
  while (ft_plot_count_points (ft_training_page_get_plot (FT_TRAINING_PAGE (page))) == 0)
    ft_test_gui_spin (50);
  gtk_window_close (window);
  g_assert_true (ft_test_gui_wait (dialog_shown, NULL, 2000));
  ft_test_gui_click (
    ft_test_gui_find_button (GTK_WIDGET (ft_test_gui_find_dialog ()), _ ("Stop and _Close")));
  g_print ("closed %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static int
run_child (void)
{
  g_autoptr (FtApplication) child_app = ft_application_new ();

  set_up_experiment (50, 160, 0.0005);
  g_application_set_flags (G_APPLICATION (child_app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (500, drive_child, child_app);
  return g_application_run (G_APPLICATION (child_app), 0, NULL);
}

static void
test_exit_after_close (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GListModel) before = list_runs ();
  g_autoptr (GListModel) after = NULL;
  g_autoptr (FtRun) run = NULL;
  g_autoptr (FtRun) reopened = NULL;
  g_autofree char *line = NULL;
  gint64 closed = 0, gone;

  child
    = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/proc/self/exe", "--child", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "closed "))
        closed = g_ascii_strtoll (line + 7, NULL, 10);
      g_free (g_steal_pointer (&line));
      if (closed != 0)
        break;
    }
  g_assert_no_error (error);
  g_assert_cmpint (closed, >, 0);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  gone = g_get_monotonic_time ();
  g_test_message ("the process ended %.0f ms after Stop and Close", (gone - closed) / 1000.0);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_assert_cmpint (gone - closed, <, EXIT_LIMIT_US);

  /* the run it left opens again, with its settings */
  after = list_runs ();
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before) + 1);
  run = g_list_model_get_item (after, 0);
  reopened = ft_run_open (ft_run_get_dir (run), &error);
  g_assert_no_error (error);
  g_test_message ("state %s after %u epochs", ft_run_get_state (reopened),
                  ft_run_get_epochs_done (reopened));
  g_assert_cmpuint (ft_run_get_config (reopened)->image_size, ==, 160);
  g_assert_cmpstr (ft_run_get_state (reopened), ==, "cancelled");
}

int
main (int argc, char **argv)
{
  gboolean child = argc > 1 && g_str_equal (argv[1], "--child");
  int status;

  ft_test_gui_require_display ();
  ft_test_gui_setup_locale ();
  if (child)
    {
      root = g_strdup (g_getenv ("FT_TEST_ROOT"));
      gtk_init ();
      adw_init ();
      return run_child ();
    }
  root = ft_test_gui_isolate ();
  g_setenv ("FT_TEST_ROOT", root, TRUE);
  ft_test_gui_window_size (&width, &height);
  shots = ft_test_gui_shots_dir ("stop-close");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/stop-close/diverges", test_diverges);
  g_test_add_func ("/stop-close/stop-asks", test_stop_asks);
  g_test_add_func ("/stop-close/close-asks", test_close_asks);
  g_test_add_func ("/stop-close/exit-after-close", test_exit_after_close);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
