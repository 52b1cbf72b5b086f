/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-application.h"
#include "ft-data-page.h"
#include "ft-experiment-page.h"
#include "ft-predictions.h"
#include "ft-results-window.h"
#include "ft-run-describe.h"
#include "ft-runs-page.h"
#include "ft-settings.h"
#include "ft-toast.h"
#include "ft-stop-dialog.h"
#include "ft-training-page.h"
#include "ft-unreadable-dialog.h"
#include "ft-window.h"

struct _FtWindow
{
  AdwApplicationWindow parent_instance;
  GSettings *settings;
  AdwToastOverlay *toast_overlay;
  AdwViewStack *stack;
  GtkWidget *data_page;
  GtkWidget *experiment_page;
  GtkWidget *training_page;
  GtkWidget *runs_page;
  GtkWidget *stop_dialog; /* (nullable): the question being asked */
  gboolean close_confirmed;
  gboolean mapped_once;
};

/* A run shorter than this stops at once: there is little to lose and the question would nag. */
#define ASK_AFTER_SECONDS 5.0
/* After "Stop and Close", the process is gone within this, even mid-step; a busy machine adds
 * its own delay to the promise of 2 s. */
#define EXIT_WITHIN_MS 1000

G_DEFINE_FINAL_TYPE (FtWindow, ft_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_actions (FtWindow *self)
{
  gboolean running = ft_training_page_get_running (FT_TRAINING_PAGE (self->training_page));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lower-rate", !running);
}

static void
start_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  ft_window_show_page (self, "training");
  ft_training_page_start (FT_TRAINING_PAGE (self->training_page));
}

static FtTrainingPage *
training_page (FtWindow *self)
{
  return FT_TRAINING_PAGE (self->training_page);
}

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
stop_response_cb (FtWindow *self, const char *response, GtkWidget *dialog)
{
  gboolean closing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "closing"));

  self->stop_dialog = NULL;
  if (!g_str_equal (response, FT_STOP_DIALOG_RESPONSE_STOP))
    return;
  if (!closing)
    {
      ft_training_page_stop (training_page (self));
      return;
    }
  self->close_confirmed = TRUE;
  /* after the dialog has finished answering: closing destroys it with its parent */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_cb, g_object_ref (self), g_object_unref);
}

static void
ask_to_stop (FtWindow *self, FtStopDialogKind kind)
{
  if (self->stop_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->stop_dialog));
      return;
    }
  self->stop_dialog = ft_stop_dialog_new (
    GTK_WINDOW (self), kind, ft_training_page_get_seconds_trained (training_page (self)));
  g_object_set_data (G_OBJECT (self->stop_dialog), "closing",
                     GINT_TO_POINTER (kind == FT_STOP_DIALOG_CLOSE));
  g_signal_connect_object (self->stop_dialog, "response", G_CALLBACK (stop_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->stop_dialog));
}

static void
stop_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  if (!ft_training_page_get_running (training_page (self)))
    return;
  if (ft_training_page_get_seconds_trained (training_page (self)) < ASK_AFTER_SECONDS)
    ft_training_page_stop (training_page (self));
  else
    ask_to_stop (self, FT_STOP_DIALOG_STOP);
}

static void
open_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  ft_window_show_page (self, "data");
  ft_data_page_open (FT_DATA_PAGE (self->data_page));
}

static void
download_data_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  ft_window_show_page (self, "data");
  ft_data_page_download (FT_DATA_PAGE (self->data_page));
}

static void
make_practice_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  ft_window_show_page (self, "data");
  ft_data_page_make_practice (FT_DATA_PAGE (self->data_page));
}

static void
choose_weights_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  ft_window_show_page (self, "experiment");
  ft_experiment_page_choose_weights (FT_EXPERIMENT_PAGE (self->experiment_page));
}

static void
lower_rate_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);

  ft_window_show_page (self, "training");
  ft_training_page_lower_rate (training_page (self));
}

static void
show_unreadable_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  g_autofree const char **paths = g_variant_get_strv (parameter, NULL);

  gtk_window_present (GTK_WINDOW (ft_unreadable_dialog_new (GTK_WINDOW (widget), paths)));
}

static void
show_results_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtWindow *self = FT_WINDOW (widget);
  const char *run_dir = ft_training_page_get_last_run_dir (FT_TRAINING_PAGE (self->training_page));
  const char *const *all = ft_training_page_get_run_dirs (FT_TRAINING_PAGE (self->training_page));
  GtkWidget *window;

  if (run_dir == NULL)
    return;
  window = ft_results_window_new (GTK_WINDOW (self), run_dir);
  /* Both runs of "side by side": Try It shows a photo under each. */
  for (guint i = 0; all && all[i]; i++)
    if (!g_str_equal (all[i], run_dir))
      ft_results_window_compare_with (FT_RESULTS_WINDOW (window), all[i]);
  gtk_window_present (GTK_WINDOW (window));
}

static void
training_finished_cb (FtWindow *self)
{
  const char *run_dir = ft_training_page_get_last_run_dir (FT_TRAINING_PAGE (self->training_page));

  ft_runs_page_reload (FT_RUNS_PAGE (self->runs_page));
  /* An epoch that finished kept its test predictions: there is something to look at. */
  if (run_dir != NULL && ft_predictions_count_epochs (run_dir) > 0)
    ft_toast_show_message (self->training_page, _ ("The run kept its test predictions."),
                           FT_TOAST_BUTTON_SHOW_RESULTS);
}

/* A run reopened: its curves on the Training page, its settings on the Experiment page. */
static void
reopen_cb (FtWindow *self, FtRun *run)
{
  FtPlot *plot = ft_training_page_get_plot (FT_TRAINING_PAGE (self->training_page));
  const FtTrainerConfig *config = ft_run_get_config (run);
  g_autoptr (FtPlotSeries) series = NULL;
  g_autofree char *title = NULL;
  g_autoptr (GError) error = NULL;
  GArray *points = ft_run_get_points (run);

  if (ft_training_page_get_running (FT_TRAINING_PAGE (self->training_page)))
    {
      ft_toast_show (self->training_page,
                     adw_toast_new (_ ("A run is training: reopen this one when it ends.")));
      return;
    }
  title = ft_run_describe_title (config);
  series = ft_plot_series_new_for_config (config, title);
  ft_plot_series_set_points (series, (const FtMetricPoint *) points->data, points->len);
  ft_plot_clear (plot);
  ft_plot_set_epochs (plot, config->epochs);
  ft_plot_add_series (plot, series);
  ft_window_show_page (self, "training");
  if (!ft_settings_load_config (self->settings, config, &error))
    ft_toast_show (self->training_page, adw_toast_new (error->message));
}

static void
record_abandoned (gpointer trainer, gpointer unused)
{
  g_autoptr (GError) error = NULL;

  if (!ft_trainer_record_abandoned (trainer, &error))
    g_printerr ("%s\n", error->message);
}

static gboolean
ft_window_close_request (GtkWindow *window)
{
  FtWindow *self = FT_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);
  int width, height;

  if (ft_training_page_get_running (training_page (self)) && !self->close_confirmed)
    {
      ask_to_stop (self, FT_STOP_DIALOG_CLOSE);
      return TRUE;
    }
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  if (ft_training_page_get_running (training_page (self)))
    {
      FtTrainer *trainer = ft_training_page_get_trainer (training_page (self));

      ft_training_page_stop (training_page (self));
      if (FT_IS_APPLICATION (app))
        ft_application_quit_within (FT_APPLICATION (app), EXIT_WITHIN_MS, record_abandoned,
                                    g_object_ref (trainer), g_object_unref);
    }
  return GTK_WINDOW_CLASS (ft_window_parent_class)->close_request (window);
}

static gboolean
clear_focus_cb (gpointer user_data)
{
  g_autoptr (GtkWindow) window = user_data;

  gtk_window_set_focus (window, NULL);
  return G_SOURCE_REMOVE;
}

/* GTK focuses the first button on showing a window, where Return would press it (Download,
 * Start); nothing is focused until the person moves the focus. */
static void
ft_window_map (GtkWidget *widget)
{
  FtWindow *self = FT_WINDOW (widget);

  GTK_WIDGET_CLASS (ft_window_parent_class)->map (widget);
  if (self->mapped_once)
    return;
  self->mapped_once = TRUE;
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, clear_focus_cb, g_object_ref (widget), NULL);
}

static void
ft_window_dispose (GObject *object)
{
  FtWindow *self = FT_WINDOW (object);

  if (self->stop_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->stop_dialog)));
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ft_window_parent_class)->dispose (object);
}

static void
ft_window_class_init (FtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ft_window_dispose;
  window_class->close_request = ft_window_close_request;
  widget_class->map = ft_window_map;

  g_type_ensure (FT_TYPE_DATA_PAGE);
  g_type_ensure (FT_TYPE_EXPERIMENT_PAGE);
  g_type_ensure (FT_TYPE_TRAINING_PAGE);
  g_type_ensure (FT_TYPE_RUNS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finetune/Finetune/ft-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FtWindow, data_page);
  gtk_widget_class_bind_template_child (widget_class, FtWindow, experiment_page);
  gtk_widget_class_bind_template_child (widget_class, FtWindow, training_page);
  gtk_widget_class_bind_template_child (widget_class, FtWindow, runs_page);

  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_activated);
  /* the ways on that toasts offer: a toast's button reaches window actions only */
  gtk_widget_class_install_action (widget_class, "win.download-data", NULL,
                                   download_data_activated);
  gtk_widget_class_install_action (widget_class, "win.make-practice", NULL,
                                   make_practice_activated);
  gtk_widget_class_install_action (widget_class, "win.choose-weights", NULL,
                                   choose_weights_activated);
  gtk_widget_class_install_action (widget_class, "win.lower-rate", NULL, lower_rate_activated);
  gtk_widget_class_install_action (widget_class, "win.show-unreadable", "as",
                                   show_unreadable_activated);
  gtk_widget_class_install_action (widget_class, "win.show-results", NULL, show_results_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.start",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

static void
ft_window_init (FtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = ft_settings_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  /* The page can outlive the window: a run stopping after the window closed still reports. */
  g_signal_connect_object (self->training_page, "notify::running", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->training_page, "finished", G_CALLBACK (training_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "reopen", G_CALLBACK (reopen_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  if (ft_data_page_has_dataset (FT_DATA_PAGE (self->data_page)))
    adw_view_stack_set_visible_child_name (self->stack, "experiment");
}

FtWindow *
ft_window_new (FtApplication *application)
{
  return g_object_new (FT_TYPE_WINDOW, "application", application, NULL);
}

void
ft_window_show_page (FtWindow *self, const char *name)
{
  g_return_if_fail (FT_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

GtkWidget *
ft_window_get_page (FtWindow *self, const char *name)
{
  g_return_val_if_fail (FT_IS_WINDOW (self), NULL);
  return adw_view_stack_get_child_by_name (self->stack, name);
}
