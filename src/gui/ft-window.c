/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-data-page.h"
#include "ft-experiment-page.h"
#include "ft-predictions.h"
#include "ft-results-window.h"
#include "ft-runs-page.h"
#include "ft-settings.h"
#include "ft-toast.h"
#include "ft-training-page.h"
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
};

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

static void
stop_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_training_page_stop (FT_TRAINING_PAGE (FT_WINDOW (widget)->training_page));
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
  ft_training_page_lower_rate (FT_TRAINING_PAGE (self->training_page));
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

static gboolean
ft_window_close_request (GtkWindow *window)
{
  FtWindow *self = FT_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  ft_training_page_stop (FT_TRAINING_PAGE (self->training_page));
  return GTK_WINDOW_CLASS (ft_window_parent_class)->close_request (window);
}

static void
ft_window_dispose (GObject *object)
{
  FtWindow *self = FT_WINDOW (object);

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
