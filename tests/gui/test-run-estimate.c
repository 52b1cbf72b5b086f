/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ft-run-estimate.h"
#include "ft-settings.h"
#include "ft-synth.h"
#include "ft-test-gui.h"

static char *root;
static FtApplication *app;

static void
reset (GSettings *settings)
{
  g_settings_reset (settings, "batch-size");
  g_settings_reset (settings, "image-size");
  g_settings_reset (settings, "epochs");
  g_settings_reset (settings, "side-by-side");
  g_settings_reset (settings, "measured-speed");
  g_settings_reset (settings, "measured-speed-size");
}

static void
test_sentences (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  FtRunEstimate *estimate = FT_RUN_ESTIMATE (g_object_ref_sink (ft_run_estimate_new ()));

  reset (settings);
  /* nothing known: nothing said */
  g_assert_cmpstr (ft_run_estimate_get_text (estimate), ==, "");

  /* 80 images in batches of 128: one step an epoch */
  ft_run_estimate_set_n_train (estimate, 80);
  g_settings_set_uint (settings, "batch-size", 128);
  g_test_message ("%s", ft_run_estimate_get_text (estimate));
  g_assert_nonnull (strstr (ft_run_estimate_get_text (estimate), "larger than the 80 training"));
  g_assert_nonnull (strstr (ft_run_estimate_get_text (estimate), "a batch of 16"));

  /* 2000 images at 2 examples/s: over a minute an epoch; half the size is four times faster */
  g_settings_set_uint (settings, "batch-size", 32);
  ft_run_estimate_set_n_train (estimate, 2000);
  ft_run_estimate_record_speed (settings, 2, 224);
  g_test_message ("%s", ft_run_estimate_get_text (estimate));
  g_assert_null (strstr (ft_run_estimate_get_text (estimate), "larger than"));
  g_assert_nonnull (
    strstr (ft_run_estimate_get_text (estimate), "One epoch will take about 17 min"));
  g_assert_nonnull (strstr (ft_run_estimate_get_text (estimate), "try 112 px images (about 4 min"));

  /* the pair of side by side takes twice one run */
  g_settings_set_uint (settings, "epochs", 5);
  g_settings_set_boolean (settings, "side-by-side", TRUE);
  g_test_message ("%s", ft_run_estimate_get_text (estimate));
  g_assert_nonnull (strstr (ft_run_estimate_get_text (estimate), "the run about 2 h 46 min"));

  /* fast enough: only the length */
  ft_run_estimate_record_speed (settings, 400, 224);
  g_test_message ("%s", ft_run_estimate_get_text (estimate));
  g_assert_nonnull (strstr (ft_run_estimate_get_text (estimate), "will take about 50 s"));
  reset (settings);
  g_assert_finalize_object (estimate);
}

static gboolean
is_estimate (GtkWidget *widget, gpointer data)
{
  return FT_IS_RUN_ESTIMATE (widget);
}

static gboolean
estimate_says (gpointer estimate)
{
  return ft_run_estimate_get_text (estimate)[0] != '\0';
}

/* On the Experiment page, where the settings are, with the data set's own count. */
static void
test_on_page (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_build_filename (root, "practice", NULL);
  FtWindow *window;
  GtkWidget *estimate;

  g_assert_true (ft_synth_write (data, 10, 48, 2, NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "data-dir", data);
  g_settings_set_uint (settings, "batch-size", 128);
  window = ft_test_gui_window_new (app, 1100, 760);
  ft_window_show_page (window, "experiment");
  estimate = ft_test_gui_find (ft_window_get_page (window, "experiment"), is_estimate, NULL);
  g_assert_nonnull (estimate);
  g_assert_true (ft_test_gui_wait (estimate_says, estimate, 10000));
  g_test_message ("%s", ft_run_estimate_get_text (FT_RUN_ESTIMATE (estimate)));
  g_assert_nonnull (strstr (ft_run_estimate_get_text (FT_RUN_ESTIMATE (estimate)), "128"));
  g_assert_true (gtk_widget_get_mapped (estimate));
  /* scrolled into view, as a person reaching the training settings sees it */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (estimate, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    g_autofree char *dir = ft_test_gui_shots_dir ("run-estimate");

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    ft_test_gui_shoot (GTK_WIDGET (window), dir, "experiment-estimate");
  }
  reset (settings);
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
  g_test_add_func ("/run-estimate/sentences", test_sentences);
  g_test_add_func ("/run-estimate/on-page", test_on_page);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
