/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ft-export-chooser.h"
#include "ft-results-window.h"
#include "ft-run.h"
#include "ft-runs-page.h"
#include "ft-toast.h"

struct _FtRunsPage
{
  GtkWidget parent_instance;
  GtkStack *stack;
  GtkListBox *list;
  FtPlot *plot;
  GListModel *runs;
  GHashTable *shown; /* run id -> FtPlotSeries */
  gboolean loaded;
};

G_DEFINE_FINAL_TYPE (FtRunsPage, ft_runs_page, GTK_TYPE_WIDGET)

static const char *
state_text (FtRun *run)
{
  const char *state = ft_run_get_state (run);

  if (g_str_equal (state, "finished"))
    return _ ("Finished");
  if (g_str_equal (state, "cancelled"))
    return _ ("Stopped");
  if (g_str_equal (state, "failed"))
    return _ ("Failed");
  return _ ("Running");
}

static double
last_test_acc (FtRun *run)
{
  GArray *points = ft_run_get_points (run);

  for (guint i = points->len; i > 0; i--)
    if (isfinite (g_array_index (points, FtMetricPoint, i - 1).test_acc))
      return g_array_index (points, FtMetricPoint, i - 1).test_acc;
  return NAN;
}

static char *
run_title (FtRun *run)
{
  const FtTrainerConfig *config = ft_run_get_config (run);

  if (config != NULL && config->label != NULL && config->label[0] != '\0')
    return g_strdup (config->label);
  return g_strdup (ft_run_get_id (run));
}

static char *
run_subtitle (FtRun *run)
{
  double acc = last_test_acc (run);

  if (isfinite (acc))
    return g_strdup_printf (_ ("%s · %s · %u epochs · test acc %.3f"), ft_run_get_id (run),
                            state_text (run), ft_run_get_epochs_done (run), acc);
  return g_strdup_printf (_ ("%s · %s"), ft_run_get_id (run), state_text (run));
}

static void
show_run (FtRunsPage *self, FtRun *run, gboolean show)
{
  const char *id = ft_run_get_id (run);
  FtPlotSeries *series = g_hash_table_lookup (self->shown, id);

  if (show && series == NULL)
    {
      g_autofree char *title = run_title (run);
      GArray *points = ft_run_get_points (run);
      const FtTrainerConfig *config = ft_run_get_config (run);

      series = ft_plot_series_new (title);
      ft_plot_series_set_points (series, (const FtMetricPoint *) points->data, points->len);
      g_hash_table_insert (self->shown, g_strdup (id), series);
      ft_plot_add_series (self->plot, series);
      if (config != NULL && config->epochs > ft_plot_get_epochs (self->plot))
        ft_plot_set_epochs (self->plot, config->epochs);
    }
  else if (!show && series != NULL)
    {
      ft_plot_remove_series (self->plot, series);
      g_hash_table_remove (self->shown, id);
    }
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
  g_autofree char *subtitle = run_subtitle (run);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *results = gtk_button_new_with_mnemonic (_ ("_Results"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), shown);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Show in the plot"), -1);
  g_object_set_data_full (G_OBJECT (check), "run", g_object_ref (run), g_object_unref);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_widget_set_valign (results, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (results, "flat");
  gtk_widget_set_tooltip_text (results, _ ("What this run gets right and wrong, epoch by epoch"));
  g_object_set_data_full (G_OBJECT (results), "run", g_object_ref (run), g_object_unref);
  g_signal_connect (results, "clicked", G_CALLBACK (results_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), results);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Delete this run"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Delete this run"), -1);
  g_object_set_data_full (G_OBJECT (remove), "run", g_object_ref (run), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (delete_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

void
ft_runs_page_reload (FtRunsPage *self)
{
  g_autofree char *runs_dir = ft_run_default_runs_dir ();
  g_autoptr (GError) error = NULL;
  GtkWidget *child;
  guint n;

  g_return_if_fail (FT_IS_RUNS_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_hash_table_remove_all (self->shown);
  ft_plot_clear (self->plot);
  g_clear_object (&self->runs);
  self->runs = ft_run_list (runs_dir, &error);
  if (self->runs == NULL)
    self->runs = G_LIST_MODEL (g_list_store_new (FT_TYPE_RUN));
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
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "runs" : "empty");
  self->loaded = TRUE;
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
  gtk_widget_class_install_action (widget_class, "runs.export", "s", export_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ft_runs_page_init (FtRunsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}
