/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ft-model-export.h"
#include "ft-plot-series.h"
#include "ft-run-writer.h"
#include "ft-run.h"
#include "ft-runs-page.h"
#include "ft-settings.h"
#include "ft-test-gui.h"
#include "ft-torch.h"
#include "ft-training-page.h"

static int width = 1280, height = 860;
static char *root;
static char *shots;
static FtApplication *app;

static void
set_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* A finished run of @epochs epochs in @dir, with a model when @model. */
static void
write_run (const char *dir, gboolean finetune, double lr, guint epochs, gboolean model)
{
  g_autoptr (FtTrainerConfig) config = ft_trainer_config_new ();
  g_autoptr (FtRunWriter) writer = NULL;
  g_autoptr (GError) error = NULL;
  const char *classes[] = { "hotdog", "not-hotdog", NULL };

  if (!finetune)
    ft_trainer_config_apply_scratch_preset (config);
  else
    config->weights_path = g_build_filename (root, "weights.pth", NULL);
  config->lr = lr;
  config->epochs = epochs;
  config->data_dir = g_build_filename (root, "hotdog", NULL);
  /* the label of a run made in another language: never shown */
  config->label = g_strdup ("Étiquette d’un autre jour");
  writer = ft_run_writer_new (dir, config, &error);
  g_assert_no_error (error);
  g_assert_true (ft_run_writer_set_classes (writer, classes, &error));
  for (guint i = 1; i <= epochs * 4; i++)
    {
      double x = i / 4.0, rate = finetune ? 1.2 : 0.35;
      FtMetricPoint p = { x, 0.65 * exp (-rate * x) + 0.06, 1 - 0.45 * exp (-rate * x), NAN };

      g_assert_true (ft_run_writer_add_point (writer, &p, &error));
      if (i % 4 == 0)
        {
          FtMetricPoint t = { x, NAN, NAN, 0.97 - 0.42 * exp (-rate * x) };
          g_assert_true (ft_run_writer_add_point (writer, &t, &error));
        }
    }
  if (model)
    {
      FtTorchModel *net = NULL;

      g_assert_null (ft_torch_model_new (2, &net));
      g_assert_null (ft_torch_model_save (net, ft_run_writer_get_model_path (writer)));
      ft_torch_model_free (net);
    }
  g_assert_true (ft_run_writer_set_state (writer, "finished", epochs, NULL, &error));
  g_assert_no_error (error);
}

static char *
run_dir (const char *name)
{
  g_autofree char *runs = ft_run_default_runs_dir ();

  return g_build_filename (runs, name, NULL);
}

/* Good runs beside hostile ones, as a run folder copied from anywhere may be. */
static void
write_runs (void)
{
  g_autofree char *a = run_dir ("20261201-090000");
  g_autofree char *b = run_dir ("20261201-100000");
  g_autofree char *c = run_dir ("20261201-110000");
  g_autofree char *tiny = run_dir ("20261201-120000");
  g_autofree char *empty_metrics = run_dir ("20261201-130000");
  g_autofree char *bad_state = run_dir ("bad-state");
  g_autofree char *empty_config = run_dir ("empty-config");
  g_autofree char *huge = run_dir ("huge-image");
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;

  write_run (a, TRUE, 5e-5, 5, TRUE);
  write_run (b, FALSE, 5e-4, 5, TRUE);
  write_run (c, TRUE, 5e-5, 1, FALSE);
  /* a rate json-glib once wrote as 1e-10.0, which it could not read back */
  write_run (tiny, TRUE, 1e-10, 2, FALSE);
  write_run (empty_metrics, FALSE, 5e-4, 3, FALSE);
  set_file (empty_metrics, FT_RUN_METRICS_FILE, "");
  write_run (bad_state, TRUE, 5e-5, 5, FALSE);
  set_file (bad_state, FT_RUN_STATE_FILE, "{\"state\":0}");
  g_mkdir_with_parents (empty_config, 0755);
  set_file (empty_config, FT_RUN_CONFIG_FILE, "");
  write_run (huge, TRUE, 5e-5, 5, FALSE);
  path = g_build_filename (huge, FT_RUN_CONFIG_FILE, NULL);
  {
    g_autoptr (JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_file (parser, path, NULL));
    json_object_set_int_member (json_node_get_object (json_parser_get_root (parser)), "image_size",
                                60000);
    config = json_to_string (json_parser_get_root (parser), TRUE);
  }
  g_assert_true (g_file_set_contents (path, config, -1, NULL));
  /* file times order the list: oldest first, so "a" is the last */
  {
    const char *order[] = { a, b, c, tiny, empty_metrics };
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        g_autofree char *file = g_build_filename (order[i], FT_RUN_CONFIG_FILE, NULL);
        g_autoptr (GFile) f = g_file_new_for_path (file);
        g_assert_true (g_file_set_attribute_uint64 (f, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                    1764579600 + i * 3600, G_FILE_QUERY_INFO_NONE,
                                                    NULL, NULL));
      }
  }
}

typedef struct
{
  const char *text;
} Text;

static gboolean
has_tooltip (GtkWidget *widget, gpointer tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* A translated button label as it reads, its mnemonic aside. */
static char *
label_of (const char *mnemonic)
{
  g_autoptr (GString) text = g_string_new (_ (mnemonic));

  g_string_replace (text, "_", "", 0);
  return g_strdup (text->str);
}

static gboolean
is_shown_button (GtkWidget *widget, gpointer label)
{
  g_autoptr (GString) text = NULL;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_mapped (widget)
      || gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return FALSE;
  text = g_string_new (gtk_button_get_label (GTK_BUTTON (widget)));
  g_string_replace (text, "_", "", 0);
  return g_str_equal (text->str, label);
}

/* The button on screen under @root that reads @mnemonic, translated. */
static GtkWidget *
find_button (GtkWidget *root, const char *mnemonic)
{
  g_autofree char *label = label_of (mnemonic);
  GtkWidget *button = ft_test_gui_find (root, is_shown_button, label);

  g_assert_nonnull (button);
  return button;
}

static gboolean
is_list (GtkWidget *widget, gpointer data)
{
  return GTK_IS_LIST_BOX (widget);
}

/* The rows of the Runs page's list: the runs, or the problems. */
static GPtrArray *
list_rows (GtkWidget *page, gboolean problems)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *list = ft_test_gui_find (page, is_list, NULL);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && gtk_widget_has_css_class (row, "run-problem") == problems)
      g_ptr_array_add (rows, row);
  return rows;
}

static GtkWidget *
row_titled (GtkWidget *page, const char *title, guint nth)
{
  g_autoptr (GPtrArray) rows = list_rows (page, FALSE);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (rows->pdata[i]), title) && nth-- == 0)
      return rows->pdata[i];
  g_error ("no row titled %s", title);
  return NULL;
}

static gboolean
is_check (GtkWidget *widget, gpointer data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static gboolean
label_contains (GtkWidget *widget, gpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
text_shown (gpointer text)
{
  g_autoptr (GList) windows = gtk_window_list_toplevels ();

  for (GList *w = windows; w; w = w->next)
    if (ft_test_gui_find (w->data, label_contains, text) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
window_shown (gpointer title)
{
  return ft_test_gui_find_window (title) != NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget);
}

static gboolean
has_selection (gpointer chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

/* Answers the chooser titled @title with @file (in @folder, or the file itself), @choice. */
typedef struct
{
  GtkFileChooser *chooser;
  const char *folder;
} ChooserAt;

/* The chooser loads a folder set on it at its own pace; Save resolves the name against the
 * folder it has loaded, so the answer waits until the chosen file lies in @folder. */
static gboolean
chooser_at_folder (gpointer data)
{
  ChooserAt *at = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (at->chooser);
  g_autoptr (GFile) dir = g_file_new_for_path (at->folder);
  g_autoptr (GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;

  return parent != NULL && g_file_equal (parent, dir);
}

static void
answer_chooser (
  const char *title, const char *folder, const char *name, const char *choice, const char *button)
{
  GtkWindow *chooser;

  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) title, 5000));
  chooser = ft_test_gui_find_window (title);
  g_assert_true (GTK_IS_FILE_CHOOSER (chooser));
  if (name != NULL)
    {
      g_autoptr (GFile) dir = g_file_new_for_path (folder);

      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL));
      ChooserAt at = { GTK_FILE_CHOOSER (chooser), folder };

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
      g_assert_true (ft_test_gui_wait (chooser_at_folder, &at, 30000));
    }
  else
    {
      g_autoptr (GFile) dir = g_file_new_for_path (folder);

      g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), dir, NULL));
      g_assert_true (ft_test_gui_wait (has_selection, chooser, 5000));
    }
  if (choice != NULL)
    gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), FT_MODEL_EXPORT_CHOICE, choice);
  ft_test_gui_spin (200);
  ft_test_gui_click (find_button (GTK_WIDGET (chooser), button));
}

static FtWindow *
open_runs_page (void)
{
  FtWindow *window = ft_test_gui_window_new (app, width, height);

  ft_window_show_page (window, "runs");
  ft_test_gui_spin (300);
  return window;
}

/* Hostile run folders beside good ones: each broken one says why in its row, naming the file;
 * the good ones are listed from their config.json, in the language of the moment. */
static void
test_hostile_folders (void)
{
  FtWindow *window = open_runs_page ();
  GtkWidget *page = ft_window_get_page (window, "runs");
  g_autoptr (GPtrArray) problems = list_rows (page, TRUE);
  g_autoptr (GPtrArray) rows = list_rows (page, FALSE);
  const char *const *sentences = ft_runs_page_get_problems (FT_RUNS_PAGE (page));
  gboolean named[3] = { FALSE };
  g_autofree char *one_epoch = g_strdup_printf (ngettext ("%u epoch", "%u epochs", 1), 1);
  g_autofree char *five_epochs = g_strdup_printf (ngettext ("%u epoch", "%u epochs", 5), 5);
  g_autofree char *finetune = g_strdup_printf (_ ("Fine-tune, lr %s"), "5e-05");
  g_autofree char *tiny = g_strdup_printf (_ ("Fine-tune, lr %s"), "1e-10");
  g_autofree char *scratch = g_strdup_printf (_ ("From scratch, lr %s"), "0.0005");

  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpuint (g_strv_length ((char **) sentences), ==, 3);
  for (guint i = 0; i < problems->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (problems->pdata[i]);

      g_test_message ("problem: %s", subtitle);
      g_assert_true (gtk_widget_get_mapped (problems->pdata[i]));
      named[0] |= strstr (subtitle, "bad-state/state.json") != NULL;
      named[1] |= strstr (subtitle, "empty-config/config.json") != NULL;
      named[2] |= strstr (subtitle, "huge-image/config.json") != NULL
                  && strstr (subtitle, "60000") != NULL;
    }
  g_assert_true (named[0] && named[1] && named[2]);

  /* titles from config.json, never the stored label; plural forms; the details */
  for (guint i = 0; i < rows->len; i++)
    g_assert_null (strstr (adw_preferences_row_get_title (rows->pdata[i]), "Étiquette"));
  {
    GtkWidget *one = row_titled (page, finetune, 0); /* the newest fine-tune: one epoch */
    GtkWidget *five = row_titled (page, finetune, 1);
    const char *sub1 = adw_action_row_get_subtitle (ADW_ACTION_ROW (one));
    const char *sub5 = adw_action_row_get_subtitle (ADW_ACTION_ROW (five));

    g_test_message ("%s\n%s", sub1, sub5);
    g_assert_nonnull (strstr (sub1, one_epoch));
    g_assert_null (strstr (sub1, five_epochs));
    g_assert_nonnull (strstr (sub5, five_epochs));
    g_assert_nonnull (strstr (sub5, "hotdog"));
    g_assert_nonnull (strstr (sub5, "fp32"));
    g_assert_nonnull (strstr (sub5, "2026-12-01 09:00:00"));
    g_assert_nonnull (strstr (sub5, _ ("from pretrained weights")));
  }
  row_titled (page, tiny, 0);
  row_titled (page, scratch, 1); /* the empty metrics.csv: listed, with no points */
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs-problems");

  /* the page stays usable: overlay the two fine-tune runs of the same title */
  {
    FtPlot *plot = ft_runs_page_get_plot (FT_RUNS_PAGE (page));
    GListModel *series = ft_plot_get_series (plot);
    g_autoptr (FtPlotSeries) newest = NULL;
    g_autoptr (FtPlotSeries) first = NULL;
    g_autoptr (FtPlotSeries) second = NULL;

    /* the newest run is shown to begin with: the one whose metrics.csv is empty */
    g_assert_cmpuint (g_list_model_get_n_items (series), ==, 1);
    ft_test_gui_click (ft_test_gui_find (row_titled (page, finetune, 0), is_check, NULL));
    ft_test_gui_click (ft_test_gui_find (row_titled (page, finetune, 1), is_check, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (series), ==, 3);
    newest = g_list_model_get_item (series, 0);
    first = g_list_model_get_item (series, 1);
    second = g_list_model_get_item (series, 2);
    g_assert_cmpstr (ft_plot_series_get_label (newest), ==, scratch);
    g_assert_cmpstr (ft_plot_series_get_label (first), !=, ft_plot_series_get_label (second));
    g_assert_nonnull (strstr (ft_plot_series_get_label (first), "2026-12-01 11:00:00"));
    g_assert_nonnull (strstr (ft_plot_series_get_label (second), "2026-12-01 09:00:00"));
    /* one dash per role, whatever the order they were ticked in */
    g_assert_cmpint (ft_plot_series_get_role (newest), ==, FT_PLOT_ROLE_SCRATCH);
    g_assert_cmpint (ft_plot_series_get_role (first), ==, FT_PLOT_ROLE_FINETUNE);
    g_assert_cmpint (ft_plot_series_get_role (second), ==, FT_PLOT_ROLE_FINETUNE);
    /* untick one: the other's label loses its date */
    ft_test_gui_click (ft_test_gui_find (row_titled (page, finetune, 0), is_check, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (series), ==, 2);
    g_assert_cmpstr (ft_plot_series_get_label (second), ==, finetune);
    ft_test_gui_click (ft_test_gui_find (row_titled (page, finetune, 0), is_check, NULL));
    ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs-overlay");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Reopen: the run's curves on the Training page and its settings on the Experiment page. */
static void
test_reopen (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  FtWindow *window = open_runs_page ();
  GtkWidget *page = ft_window_get_page (window, "runs");
  GtkWidget *training = ft_window_get_page (window, "training");
  FtPlot *plot = ft_training_page_get_plot (FT_TRAINING_PAGE (training));
  g_autofree char *scratch = g_strdup_printf (_ ("From scratch, lr %s"), "0.0005");
  g_autofree char *tiny = g_strdup_printf (_ ("Fine-tune, lr %s"), "1e-10");
  const char *reopen = _ ("Reopen: its plot on the Training page, its settings on the Experiment "
                          "page");
  g_autoptr (FtPlotSeries) series = NULL;

  g_settings_set_double (settings, "lr", 0.01);
  g_settings_set_uint (settings, "epochs", 7);
  ft_test_gui_click (
    ft_test_gui_find (row_titled (page, scratch, 1), has_tooltip, (gpointer) reopen));
  ft_test_gui_spin (200);
  g_assert_true (gtk_widget_get_mapped (training));
  g_assert_cmpuint (g_list_model_get_n_items (ft_plot_get_series (plot)), ==, 1);
  series = g_list_model_get_item (ft_plot_get_series (plot), 0);
  g_assert_cmpstr (ft_plot_series_get_label (series), ==, scratch);
  g_assert_cmpint (ft_plot_series_get_role (series), ==, FT_PLOT_ROLE_SCRATCH);
  g_assert_cmpuint (ft_plot_series_get_points (series)->len, ==, 5 * 5);
  g_assert_cmpuint (ft_plot_get_epochs (plot), ==, 5);
  g_assert_cmpfloat (g_settings_get_double (settings, "lr"), ==, 5e-4);
  g_assert_cmpuint (g_settings_get_uint (settings, "epochs"), ==, 5);
  g_assert_cmpint (g_settings_get_enum (settings, "init"), ==, 1);
  g_assert_cmpint (g_settings_get_enum (settings, "preset"), ==, FT_PRESET_SCRATCH);
  ft_window_show_page (window, "training");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training-reopened");

  /* a rate the Experiment page cannot hold: its plot, and one sentence; settings untouched */
  ft_window_show_page (window, "runs");
  ft_test_gui_spin (200);
  ft_test_gui_click (ft_test_gui_find (row_titled (page, tiny, 0), has_tooltip, (gpointer) reopen));
  g_assert_true (ft_test_gui_wait (text_shown, "1e-10", 3000));
  g_assert_cmpfloat (g_settings_get_double (settings, "lr"), ==, 5e-4);
  g_clear_object (&series);
  series = g_list_model_get_item (ft_plot_get_series (plot), 0);
  g_assert_cmpstr (ft_plot_series_get_label (series), ==, tiny);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "training-reopened-refused");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static gboolean
is_shown_forget (GtkWidget *widget, gpointer label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* After a restart the folder opened before is still listed; once it has vanished, its row says
 * so and Forget takes it off the list for good. */
static void
forget_vanished (const char *elsewhere, const char *name)
{
  g_autofree char *moved = g_strconcat (elsewhere, ".moved", NULL);
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_auto (GStrv) remembered = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  FtWindow *window = open_runs_page ();
  GtkWidget *page = ft_window_get_page (window, "runs"), *forget = NULL;

  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (page)), ==, 6);
  row_titled (page, name, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);

  g_assert_cmpint (g_rename (elsewhere, moved), ==, 0);
  window = open_runs_page ();
  page = ft_window_get_page (window, "runs");
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (page)), ==, 5);
  problems = list_rows (page, TRUE);
  for (guint i = 0; i < problems->len && forget == NULL; i++)
    if (strstr (adw_action_row_get_subtitle (problems->pdata[i]), elsewhere) != NULL)
      {
        g_assert_true (text_shown ((gpointer) adw_action_row_get_subtitle (problems->pdata[i])));
        forget = ft_test_gui_find (problems->pdata[i], is_shown_forget, (gpointer) _ ("_Forget"));
      }
  g_assert_nonnull (forget);
  {
    /* the list scrolled to the row, so that the screenshot shows it in a small window too */
    GtkWidget *scrolled = gtk_widget_get_ancestor (forget, GTK_TYPE_SCROLLED_WINDOW);
    graphene_point_t at;

    if (scrolled != NULL
        && gtk_widget_compute_point (forget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &at))
      {
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

        gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + at.y - 40);
      }
  }
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs-vanished");
  ft_test_gui_click (forget);
  ft_test_gui_spin (200);
  remembered = g_settings_get_strv (settings, "opened-runs");
  g_assert_cmpuint (g_strv_length (remembered), ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = list_rows (page, TRUE);
  for (guint i = 0; i < problems->len; i++)
    g_assert_null (strstr (adw_action_row_get_subtitle (problems->pdata[i]), elsewhere));
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);

  /* back where it was, it is not listed again: forgotten means forgotten */
  g_assert_cmpint (g_rename (moved, elsewhere), ==, 0);
  window = open_runs_page ();
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (ft_window_get_page (window, "runs"))),
                    ==, 5);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Open Run Folder…: a run trained elsewhere is listed, and remembered; a folder that is no run is
 * told. */
static void
test_open_folder (void)
{
  g_autofree char *elsewhere = g_build_filename (root, "server", "run-7", NULL);
  g_autofree char *not_run = g_build_filename (root, "server", "photos", NULL);
  const char *title = _ ("Open a Run Folder");
  g_autofree char *name = g_strdup_printf (_ ("From scratch, lr %s"), "0.002");
  FtWindow *window;
  GtkWidget *page;

  write_run (elsewhere, FALSE, 2e-3, 2, FALSE);
  g_mkdir_with_parents (not_run, 0755);
  window = open_runs_page ();
  page = ft_window_get_page (window, "runs");
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (page)), ==, 5);

  ft_test_gui_click (find_button (page, "_Open Run Folder…"));
  answer_chooser (title, not_run, NULL, NULL, "_Open");
  g_assert_true (ft_test_gui_wait (text_shown, not_run, 3000));
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (page)), ==, 5);

  ft_test_gui_click (find_button (page, "_Open Run Folder…"));
  answer_chooser (title, elsewhere, NULL, NULL, "_Open");
  ft_test_gui_spin (300);
  g_assert_cmpuint (ft_runs_page_get_n_runs (FT_RUNS_PAGE (page)), ==, 6);
  row_titled (page, name, 0);
  g_assert_nonnull (
    strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_titled (page, name, 0))), "hotdog"));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs-opened");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
  forget_vanished (elsewhere, name);
}

static char *
python_check (const char *path)
{
  const char *script = "import json, sys, onnx\n"
                       "m = onnx.load(sys.argv[1])\n"
                       "onnx.checker.check_model(m, full_check=True)\n"
                       "meta = {p.key: p.value for p in m.metadata_props}\n"
                       "print(json.loads(meta['classes']), m.graph.output[0].name)\n";
  const char *argv[] = { "/usr/bin/python3", "-c", script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, NULL));
  if (strstr (err, "No module named 'onnx'") != NULL)
    return NULL;
  g_test_message ("python3-onnx: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  return g_strstrip (g_steal_pointer (&out));
}

/* Export Model…: the chooser's folder and name are where the file goes, in the format chosen. */
static void
test_export (void)
{
  g_autofree char *dest = g_build_filename (root, "exports", NULL);
  g_autofree char *onnx = g_build_filename (dest, "hotdog.onnx", NULL);
  g_autofree char *pth = g_build_filename (dest, "weights.pth", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *stray = g_build_filename (cwd, "hotdog.onnx", NULL);
  g_autofree char *broken_dir = run_dir ("20261201-140000");
  g_autofree char *bad = g_strdup_printf (_ ("Fine-tune, lr %s"), "0.001");
  g_autofree char *finetune = g_strdup_printf (_ ("Fine-tune, lr %s"), "5e-05");
  const char *title = _ ("Export Model");
  const char *tooltip = _ ("Export Model…");
  FtWindow *window;
  GtkWidget *page, *row, *button, *without;
  g_autofree char *checked = NULL;

  g_mkdir_with_parents (dest, 0755);
  write_run (broken_dir, TRUE, 1e-3, 1, FALSE);
  set_file (broken_dir, FT_RUN_MODEL_FILE, "not a model");
  window = open_runs_page ();
  page = ft_window_get_page (window, "runs");
  row = row_titled (page, finetune, 1); /* the run with a model */
  button = ft_test_gui_find (row, has_tooltip, (gpointer) tooltip);
  g_assert_nonnull (button);
  without = ft_test_gui_find (row_titled (page, finetune, 0), has_tooltip,
                              (gpointer) _ ("This run has no trained model to export yet"));
  g_assert_nonnull (without);
  g_assert_false (gtk_widget_is_sensitive (without));

  ft_test_gui_click (button);
  answer_chooser (title, dest, "hotdog.onnx", "onnx", "_Save");
  /* folding and writing a ResNet-18 takes minutes under AddressSanitizer, seconds without */
  g_assert_true (ft_test_gui_wait (file_exists, onnx, 400000));
  g_assert_true (ft_test_gui_wait (is_sensitive, button, 60000));
  g_assert_true (ft_test_gui_wait (text_shown, onnx, 3000));
  g_assert_false (g_file_test (stray, G_FILE_TEST_EXISTS));
  checked = python_check (onnx);
  if (checked != NULL)
    g_assert_cmpstr (checked, ==, "['hotdog', 'not-hotdog'] logits");
  else
    g_test_message ("python3-onnx is missing: the ONNX file was not checked by its checker");
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs-exported");

  /* the .pth itself: the name says which, whatever the list says */
  ft_test_gui_click (button);
  answer_chooser (title, dest, "weights.pth", "onnx", "_Save");
  g_assert_true (ft_test_gui_wait (file_exists, pth, 60000));
  g_assert_true (ft_test_gui_wait (is_sensitive, button, 60000));
  {
    FtTorchModel *net = NULL;
    FtTorchStatus *status;

    g_assert_null (ft_torch_model_new (2, &net));
    status = ft_torch_model_load (net, pth, FT_TORCH_LOAD_STRICT);
    g_assert_null (status);
    ft_torch_model_free (net);
  }

  /* a model.pth that is no ResNet-18: one sentence, nothing written */
  {
    GtkWidget *broken
      = ft_test_gui_find (row_titled (page, bad, 0), has_tooltip, (gpointer) tooltip);
    g_autofree char *target = g_build_filename (dest, "broken.onnx", NULL);

    ft_test_gui_click (broken);
    answer_chooser (title, dest, "broken.onnx", "onnx", "_Save");
    g_assert_true (ft_test_gui_wait (is_sensitive, broken, 60000));
    /* toasts queue: the one before goes after its few seconds */
    g_assert_true (ft_test_gui_wait (text_shown, "model.pth", 20000));
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    ft_test_gui_shoot (GTK_WIDGET (window), shots, "runs-export-refused");
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
  ft_test_gui_setup_locale ();
  ft_test_gui_window_size (&width, &height);
  shots = ft_test_gui_shots_dir ("runs");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  write_runs ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/runs/hostile-folders", test_hostile_folders);
  g_test_add_func ("/runs/reopen", test_reopen);
  g_test_add_func ("/runs/open-folder", test_open_folder);
  g_test_add_func ("/runs/export", test_export);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
