/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ft-export-chooser.h"
#include "ft-model-export.h"
#include "ft-run-describe.h"
#include "ft-results-window.h"
#include "ft-run.h"
#include "ft-runs-page.h"
#include "ft-settings.h"
#include "ft-toast.h"

struct _FtRunsPage
{
  GtkWidget parent_instance;
  GtkStack *stack;
  GtkListBox *list;
  FtPlot *plot;
  GListModel *runs;
  GHashTable *shown; /* run folder -> FtPlotSeries */
  GPtrArray *opened; /* run folders opened from elsewhere, newest first, remembered */
  GPtrArray *broken; /* those of them that cannot be read now */
  GSettings *settings;
  char **problems; /* a sentence for each run folder that cannot be read */
  gboolean loaded;
};

G_DEFINE_FINAL_TYPE (FtRunsPage, ft_runs_page, GTK_TYPE_WIDGET)

enum
{
  REOPEN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static char *
run_title (FtRun *run)
{
  return ft_run_describe_title (ft_run_get_config (run));
}

/* Every overlaid run named apart in the legend: runs alike in title carry their date too. */
static void
relabel_shown (FtRunsPage *self)
{
  GListModel *model = ft_plot_get_series (self->plot);
  guint n = g_list_model_get_n_items (model);
  g_autoptr (GHashTable) count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FtRun *run = g_object_get_data (value, "run");
      g_autofree char *title = run_title (run);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (count, title));

      g_hash_table_replace (count, g_steal_pointer (&title), GUINT_TO_POINTER (seen + 1));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, i);
      FtRun *run = g_object_get_data (G_OBJECT (series), "run");
      g_autofree char *title = NULL;

      if (run == NULL)
        continue;
      title = run_title (run);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (count, title)) > 1)
        {
          g_autofree char *date = ft_run_describe_date (run);
          /* TRANSLATORS: a run's title and the date it started, in a plot's legend */
          g_autofree char *label = g_strdup_printf (_ ("%s (%s)"), title, date);
          ft_plot_series_set_label (series, label);
        }
      else
        ft_plot_series_set_label (series, title);
    }
}

static void
show_run (FtRunsPage *self, FtRun *run, gboolean show)
{
  const char *dir = ft_run_get_dir (run);
  FtPlotSeries *series = g_hash_table_lookup (self->shown, dir);

  if (show && series == NULL)
    {
      GArray *points = ft_run_get_points (run);
      const FtTrainerConfig *config = ft_run_get_config (run);

      series = ft_plot_series_new_for_config (config, NULL);
      g_object_set_data_full (G_OBJECT (series), "run", g_object_ref (run), g_object_unref);
      ft_plot_series_set_points (series, (const FtMetricPoint *) points->data, points->len);
      g_hash_table_insert (self->shown, g_strdup (dir), series);
      ft_plot_add_series (self->plot, series);
      if (config->epochs > ft_plot_get_epochs (self->plot))
        ft_plot_set_epochs (self->plot, config->epochs);
    }
  else if (!show && series != NULL)
    {
      ft_plot_remove_series (self->plot, series);
      g_hash_table_remove (self->shown, dir);
    }
  relabel_shown (self);
}

static void
check_toggled_cb (GtkCheckButton *check, FtRunsPage *self)
{
  FtRun *run = g_object_get_data (G_OBJECT (check), "run");

  show_run (self, run, gtk_check_button_get_active (check));
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, FtRunsPage *self)
{
  FtRun *run = g_object_get_data (G_OBJECT (dialog), "run");
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "delete"))
    return;
  show_run (self, run, FALSE);
  if (!ft_run_delete (run, &error))
    ft_toast_show (GTK_WIDGET (self), adw_toast_new (error->message));
  ft_runs_page_reload (self);
}

static void
delete_clicked_cb (GtkButton *button, FtRunsPage *self)
{
  FtRun *run = g_object_get_data (G_OBJECT (button), "run");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = run_title (run);
  g_autofree char *heading = g_strdup_printf (_ ("Delete “%s”?"), title);
  GtkWidget *dialog;

  dialog
    = adw_message_dialog_new (GTK_WINDOW (root), heading,
                              _ ("Its settings, metrics and trained model are removed from disk."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete",
                                    _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "run", g_object_ref (run), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
same_dir (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_str_equal (ft_run_get_dir ((FtRun *) a), ft_run_get_dir ((FtRun *) b));
}

static void
reopen_clicked_cb (GtkButton *button, FtRunsPage *self)
{
  g_signal_emit (self, signals[REOPEN], 0, g_object_get_data (G_OBJECT (button), "run"));
}

static void
export_model_clicked_cb (GtkButton *button, FtRunsPage *self)
{
  ft_model_export_choose (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "spinner"),
                          g_object_get_data (G_OBJECT (button), "run"));
}

static GtkWidget *
row_button (AdwActionRow *row,
            FtRun *run,
            const char *icon,
            const char *tooltip,
            GCallback cb,
            FtRunsPage *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "run", g_object_ref (run), g_object_unref);
  g_signal_connect (button, "clicked", cb, self);
  adw_action_row_add_suffix (row, button);
  return button;
}

static void
results_clicked_cb (GtkButton *button, FtRunsPage *self)
{
  FtRun *run = g_object_get_data (G_OBJECT (button), "run");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_present (GTK_WINDOW (
    ft_results_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, ft_run_get_dir (run))));
}

static GtkWidget *
make_row (FtRunsPage *self, FtRun *run, gboolean shown)
{
  g_autofree char *title = run_title (run);
  g_autofree char *settings = ft_run_describe_settings (run);
  g_autofree char *outcome = ft_run_describe_outcome (run);
  g_autofree char *subtitle = g_strconcat (settings, "\n", outcome, NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *export;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), shown);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Show in the plot"), -1);
  g_object_set_data_full (G_OBJECT (check), "run", g_object_ref (run), g_object_unref);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  row_button (ADW_ACTION_ROW (row), run, "edit-find-symbolic",
              _ ("What this run gets right and wrong, epoch by epoch"),
              G_CALLBACK (results_clicked_cb), self);
  gtk_widget_set_visible (spinner, FALSE);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);
  row_button (ADW_ACTION_ROW (row), run, "view-restore-symbolic",
              _ ("Reopen: its plot on the Training page, its settings on the Experiment page"),
              G_CALLBACK (reopen_clicked_cb), self);
  export = row_button (ADW_ACTION_ROW (row), run, "document-save-as-symbolic", _ ("Export Model…"),
                       G_CALLBACK (export_model_clicked_cb), self);
  g_object_set_data (G_OBJECT (export), "spinner", spinner);
  if (ft_run_get_model_path (run) == NULL)
    {
      gtk_widget_set_sensitive (export, FALSE);
      gtk_widget_set_tooltip_text (export, _ ("This run has no trained model to export yet"));
    }
  row_button (ADW_ACTION_ROW (row), run, "user-trash-symbolic", _ ("Delete this run"),
              G_CALLBACK (delete_clicked_cb), self);
  return row;
}

static void
save_opened (FtRunsPage *self)
{
  g_ptr_array_add (self->opened, NULL);
  g_settings_set_strv (self->settings, "opened-runs", (const char *const *) self->opened->pdata);
  g_ptr_array_remove_index (self->opened, self->opened->len - 1);
}

static void
forget_clicked_cb (GtkButton *button, FtRunsPage *self)
{
  const char *dir = g_object_get_data (G_OBJECT (button), "dir");

  for (guint i = 0; i < self->opened->len; i++)
    if (g_str_equal (g_ptr_array_index (self->opened, i), dir))
      g_ptr_array_remove_index (self->opened, i--);
  save_opened (self);
  ft_runs_page_reload (self);
}

/* A run folder that cannot be read, with the sentence that says why; one opened from
 * elsewhere, @dir, can be forgotten. */
static GtkWidget *
make_problem_row (FtRunsPage *self, const char *problem, const char *dir)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("A run that cannot be read"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "run-problem");
  if (dir != NULL)
    {
      GtkWidget *forget = gtk_button_new_with_mnemonic (_ ("_Forget"));

      gtk_widget_set_valign (forget, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (forget, _ ("Take this folder off the list; nothing is deleted"));
      g_object_set_data_full (G_OBJECT (forget), "dir", g_strdup (dir), g_free);
      g_signal_connect (forget, "clicked", G_CALLBACK (forget_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), forget);
    }
  return row;
}

/* The runs of the runs folder, after those opened from elsewhere. */
static GListModel *
list_runs (FtRunsPage *self)
{
  g_autofree char *runs_dir = ft_run_default_runs_dir ();
  g_autoptr (GListModel) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) problems = g_strv_builder_new ();
  g_auto (GStrv) found = NULL;
  GListStore *store = g_list_store_new (FT_TYPE_RUN);

  g_ptr_array_set_size (self->broken, 0);
  for (guint i = 0; i < self->opened->len; i++)
    {
      const char *dir = g_ptr_array_index (self->opened, i);
      g_autoptr (GError) local = NULL;
      g_autoptr (FtRun) run = ft_run_open (dir, &local);

      if (run != NULL)
        g_list_store_append (store, run);
      else
        {
          g_autofree char *problem
            = g_file_test (dir, G_FILE_TEST_EXISTS)
                ? g_strdup (local->message)
                : g_strdup_printf (_ ("The run folder %s is no longer there."), dir);

          g_strv_builder_add (problems, problem);
          g_ptr_array_add (self->broken, g_strdup (dir));
          g_ptr_array_add (self->broken, g_steal_pointer (&problem));
        }
    }
  listed = ft_run_list_with_problems (runs_dir, &found, &error);
  if (listed == NULL)
    g_strv_builder_add (problems, error->message);
  for (guint i = 0; listed != NULL && i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr (FtRun) run = g_list_model_get_item (listed, i);
      guint at;

      if (!g_list_store_find_with_equal_func_full (store, run, same_dir, NULL, &at))
        g_list_store_append (store, run);
    }
  if (found != NULL)
    g_strv_builder_addv (problems, (const char **) found);
  g_strfreev (self->problems);
  self->problems = g_strv_builder_end (problems);
  return G_LIST_MODEL (store);
}

void
ft_runs_page_reload (FtRunsPage *self)
{
  GtkWidget *child;
  guint n;

  g_return_if_fail (FT_IS_RUNS_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_hash_table_remove_all (self->shown);
  ft_plot_clear (self->plot);
  g_clear_object (&self->runs);
  self->runs = list_runs (self);
  n = g_list_model_get_n_items (self->runs);
  ft_plot_set_epochs (self->plot, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FtRun) run = g_list_model_get_item (self->runs, i);

      /* the newest run is shown to begin with */
      gtk_list_box_append (self->list, make_row (self, run, i == 0));
      if (i == 0)
        show_run (self, run, TRUE);
    }
  for (guint i = 0; i + 1 < self->broken->len; i += 2)
    gtk_list_box_append (self->list,
                         make_problem_row (self, g_ptr_array_index (self->broken, i + 1),
                                           g_ptr_array_index (self->broken, i)));
  /* the problems of the runs folder follow those of the folders opened from elsewhere */
  for (guint i = self->broken->len / 2; self->problems[i] != NULL; i++)
    gtk_list_box_append (self->list, make_problem_row (self, self->problems[i], NULL));
  gtk_stack_set_visible_child_name (self->stack,
                                    n > 0 || self->problems[0] != NULL ? "runs" : "empty");
  self->loaded = TRUE;
}

static void
folder_chosen_cb (GtkNativeDialog *dialog, int response, FtRunsPage *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      ft_toast_show (GTK_WIDGET (self), adw_toast_new (_ ("Only a local folder can be opened.")));
      return;
    }
  if (!(run = ft_run_open (path, &error)))
    {
      ft_toast_show (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < self->opened->len; i++)
    if (g_str_equal (g_ptr_array_index (self->opened, i), ft_run_get_dir (run)))
      g_ptr_array_remove_index (self->opened, i--);
  g_ptr_array_insert (self->opened, 0, g_strdup (ft_run_get_dir (run)));
  save_opened (self);
  ft_runs_page_reload (self);
}

void
ft_runs_page_open_folder (FtRunsPage *self)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;

  g_return_if_fail (FT_IS_RUNS_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = gtk_file_chooser_native_new (
    _ ("Open a Run Folder"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (folder_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_folder_clicked_cb (FtRunsPage *self)
{
  ft_runs_page_open_folder (self);
}

const char *const *
ft_runs_page_get_problems (FtRunsPage *self)
{
  g_return_val_if_fail (FT_IS_RUNS_PAGE (self), NULL);
  return (const char *const *) self->problems;
}

guint
ft_runs_page_get_n_runs (FtRunsPage *self)
{
  g_return_val_if_fail (FT_IS_RUNS_PAGE (self), 0);
  return self->runs ? g_list_model_get_n_items (self->runs) : 0;
}

FtPlot *
ft_runs_page_get_plot (FtRunsPage *self)
{
  g_return_val_if_fail (FT_IS_RUNS_PAGE (self), NULL);
  return self->plot;
}

static void
export_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_export_chooser_run (FT_RUNS_PAGE (widget)->plot, g_variant_get_string (parameter, NULL));
}

static void
ft_runs_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ft_runs_page_parent_class)->map (widget);
  if (!FT_RUNS_PAGE (widget)->loaded)
    ft_runs_page_reload (FT_RUNS_PAGE (widget));
}

static void
ft_runs_page_dispose (GObject *object)
{
  FtRunsPage *self = FT_RUNS_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_RUNS_PAGE);
  g_clear_object (&self->runs);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->opened, g_ptr_array_unref);
  g_clear_pointer (&self->broken, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->problems, g_strfreev);
  G_OBJECT_CLASS (ft_runs_page_parent_class)->dispose (object);
}

static void
ft_runs_page_class_init (FtRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_runs_page_dispose;
  widget_class->map = ft_runs_page_map;

  g_type_ensure (FT_TYPE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finetune/Finetune/ft-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FtRunsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FtRunsPage, list);
  gtk_widget_class_bind_template_child (widget_class, FtRunsPage, plot);
  gtk_widget_class_bind_template_callback (widget_class, open_folder_clicked_cb);
  gtk_widget_class_install_action (widget_class, "runs.export", "s", export_activated);

  /* ::reopen: (FtRun) asks for the run's plot on the Training page and its settings on the
   * Experiment page. */
  signals[REOPEN] = g_signal_new ("reopen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, FT_TYPE_RUN);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ft_runs_page_init (FtRunsPage *self)
{
  g_auto (GStrv) opened = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->opened = g_ptr_array_new_with_free_func (g_free);
  self->broken = g_ptr_array_new_with_free_func (g_free);
  self->settings = ft_settings_new ();
  opened = g_settings_get_strv (self->settings, "opened-runs");
  for (guint i = 0; opened[i] != NULL; i++)
    g_ptr_array_add (self->opened, g_strdup (opened[i]));
  self->problems = g_new0 (char *, 1);
}
