/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ft-export-chooser.h"
#include "ft-fetch.h"
#include "ft-run-estimate.h"
#include "ft-run.h"
#include "ft-settings.h"
#include "ft-trainer.h"
#include "ft-training-page.h"
#include "ft-toast.h"
#include "ft-unreadable-dialog.h"

struct _FtTrainingPage
{
  GtkWidget parent_instance;
  GSettings *settings;
  GtkWidget *start_button;
  GtkWidget *weights_note;
  GtkLabel *weights_note_label;
  GtkLabel *status_label;
  GtkLabel *speed_label;
  GtkLabel *eta_label;
  GtkLabel *result_label;
  GtkProgressBar *epoch_bar;
  GtkProgressBar *overall_bar;
  FtPlot *plot;

  GPtrArray *configs; /* FtTrainerConfig of the runs of this press of Start */
  GPtrArray *series;  /* FtPlotSeries, one per config */
  guint current;
  gint64 started_us;       /* when Start was pressed */
  gint64 run_started_us;   /* when the current run began */
  double last_run_seconds; /* how long the previous run of the pair took; 0 before */
  gboolean speed_recorded; /* for the Experiment page's estimate, once a run */
  FtTrainer *trainer;
  GCancellable *cancellable;
  char *last_run_dir;  /* the folder of the latest run started */
  GPtrArray *run_dirs; /* the folders of this press of Start, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (FtTrainingPage, ft_training_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};
enum
{
  FINISHED,
  N_SIGNALS
};
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_current (FtTrainingPage *self);

static void
show_toast (FtTrainingPage *self, const char *title, FtToastButton button)
{
  ft_toast_show_message (GTK_WIDGET (self), title, button);
}

static char *
format_duration (double seconds)
{
  int s = (int) round (seconds);

  if (s >= 3600)
    return g_strdup_printf (_ ("%d h %02d min left"), s / 3600, s / 60 % 60);
  if (s >= 60)
    return g_strdup_printf (_ ("%d min %02d s left"), s / 60, s % 60);
  return g_strdup_printf (_ ("%d s left"), s);
}

/* The time left for the whole press of Start: the runs after this one take about as long. */
static double
pair_eta (FtTrainingPage *self, const FtTrainerSnapshot *s)
{
  guint later = self->configs->len - self->current - 1;
  double run_seconds = self->last_run_seconds;

  if (later == 0)
    return s->eta_seconds;
  if (run_seconds <= 0)
    run_seconds = s->fraction < 1 ? s->eta_seconds / (1 - s->fraction) : s->eta_seconds;
  return s->eta_seconds + later * run_seconds;
}

/* Progress, speed and time left once the runs end: final when they finished, else cleared. */
static void
end_progress (FtTrainingPage *self, gboolean finished)
{
  gtk_label_set_text (self->eta_label, "–");
  gtk_progress_bar_set_fraction (self->epoch_bar, finished ? 1 : 0);
  gtk_progress_bar_set_fraction (self->overall_bar, finished ? 1 : 0);
  if (!finished)
    gtk_label_set_text (self->speed_label, "–");
}

static void
show_snapshot (FtTrainingPage *self, const FtTrainerSnapshot *s)
{
  const FtTrainerConfig *config = g_ptr_array_index (self->configs, self->current);
  g_autofree char *status = NULL;
  g_autofree char *speed = NULL;
  g_autofree char *eta = NULL;

  ft_plot_series_set_points (g_ptr_array_index (self->series, self->current),
                             (const FtMetricPoint *) s->points->data, s->points->len);
  if (s->phase == FT_TRAINER_PREPARING || s->phase == FT_TRAINER_IDLE)
    status = g_strdup_printf (_ ("Preparing “%s”…"), config->label);
  else if (s->phase == FT_TRAINER_EVALUATING)
    status
      = g_strdup_printf (_ ("Testing epoch %u of %u · %s"), s->epoch + 1, s->epochs, config->label);
  else
    status = g_strdup_printf (_ ("Epoch %u of %u · %s"), MIN (s->epoch + 1, s->epochs), s->epochs,
                              config->label);
  gtk_label_set_text (self->status_label, status);
  gtk_progress_bar_set_fraction (self->epoch_bar,
                                 s->n_batches ? (double) s->batch / s->n_batches : 0);
  gtk_progress_bar_set_fraction (self->overall_bar,
                                 (self->current + CLAMP (s->fraction, 0, 1)) / self->configs->len);
  if (s->examples_per_sec > 0)
    speed = g_strdup_printf (_ ("%.1f examples/s"), s->examples_per_sec);
  gtk_label_set_text (self->speed_label, speed ? speed : "–");
  if (isfinite (s->eta_seconds))
    eta = format_duration (pair_eta (self, s));
  gtk_label_set_text (self->eta_label, eta ? eta : "–");
}

static void
progress_cb (FtTrainer *trainer, FtTrainingPage *self)
{
  g_autoptr (FtTrainerSnapshot) snapshot = ft_trainer_get_snapshot (trainer);

  if (trainer != self->trainer)
    return;
  show_snapshot (self, snapshot);
  /* a few steps in, the speed is what the whole run will see */
  if (!self->speed_recorded && snapshot->phase == FT_TRAINER_TRAINING
      && (snapshot->epoch > 0 || snapshot->batch >= 3))
    {
      ft_run_estimate_record_speed (self->settings, snapshot->examples_per_sec,
                                    ft_trainer_get_config (trainer)->image_size);
      self->speed_recorded = TRUE;
    }
}

static void
append_result (FtTrainingPage *self, const FtTrainerSnapshot *s)
{
  const FtTrainerConfig *config = g_ptr_array_index (self->configs, self->current);
  g_autofree char *line = NULL;
  const char *before = gtk_label_get_text (self->result_label);

  line = g_strdup_printf (_ ("%s: loss %.3f, train acc %.3f, test acc %.3f"), config->label,
                          s->train_loss, s->train_acc, s->test_acc);
  if (before[0] != '\0')
    line = g_strconcat (before, "\n", g_steal_pointer (&line), NULL);
  gtk_label_set_text (self->result_label, line);
}

static void
finish (FtTrainingPage *self)
{
  g_clear_object (&self->trainer);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
report_failure (FtTrainingPage *self, const GError *error, const FtTrainerSnapshot *s)
{
  const FtTrainerConfig *config = g_ptr_array_index (self->configs, self->current);
  g_autofree char *weights_name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (self->status_label, _ ("Stopped. The last finished epoch is kept."));
      return;
    }
  if (config->weights_path != NULL)
    weights_name = g_path_get_basename (config->weights_path);
  gtk_label_set_text (self->status_label, _ ("Training failed."));
  if (g_error_matches (error, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED))
    show_toast (self, error->message, FT_TOAST_BUTTON_LOWER_RATE);
  else if (weights_name != NULL && strstr (error->message, weights_name) != NULL)
    show_toast (self, error->message, FT_TOAST_BUTTON_CHOOSE_WEIGHTS);
  else
    show_toast (self, error->message, FT_TOAST_BUTTON_RETRY_TRAINING);
}

static void
hold_application (gboolean hold)
{
  GApplication *app = g_application_get_default ();

  if (app == NULL)
    return;
  if (hold)
    g_application_hold (app);
  else
    g_application_release (app);
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtTrainingPage) self = user_data;
  FtTrainer *trainer = FT_TRAINER (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtTrainerSnapshot) snapshot = ft_trainer_get_snapshot (trainer);
  gboolean ok = ft_trainer_run_finish (trainer, result, &error);

  hold_application (FALSE);
  if (trainer != self->trainer)
    return;
  show_snapshot (self, snapshot);
  if (!ok)
    {
      report_failure (self, error, snapshot);
      end_progress (self, FALSE);
      finish (self);
      return;
    }
  append_result (self, snapshot);
  if (self->current + 1 < self->configs->len)
    {
      self->last_run_seconds = (g_get_monotonic_time () - self->run_started_us) / 1e6;
      self->current++;
      start_current (self);
      return;
    }
  gtk_label_set_text (self->status_label, _ ("Finished. The runs are kept on the Runs page."));
  end_progress (self, TRUE);
  {
    g_auto (GStrv) skipped = ft_trainer_dup_skipped (trainer);

    ft_unreadable_toast_show (GTK_WIDGET (self), (const char *const *) skipped);
  }
  finish (self);
}

static void
start_current (FtTrainingPage *self)
{
  const FtTrainerConfig *config = g_ptr_array_index (self->configs, self->current);
  g_autoptr (GError) error = NULL;
  g_autofree char *runs_dir = ft_run_default_runs_dir ();
  g_autofree char *run_dir = ft_run_make_dir (runs_dir, &error);

  if (run_dir == NULL)
    {
      show_toast (self, error->message, FT_TOAST_BUTTON_RETRY_TRAINING);
      finish (self);
      return;
    }
  g_clear_object (&self->trainer);
  self->run_started_us = g_get_monotonic_time ();
  self->speed_recorded = FALSE;
  g_free (self->last_run_dir);
  self->last_run_dir = g_strdup (run_dir);
  if (self->run_dirs)
    g_ptr_array_add (self->run_dirs, g_strdup (run_dir));
  self->trainer = ft_trainer_new (config, run_dir);
  g_signal_connect_object (self->trainer, "progress", G_CALLBACK (progress_cb), self, 0);
  /* Keeps the process alive after its window closes until the worker has
   * stopped, within a batch: exiting under a running libtorch thread crashes. */
  hold_application (TRUE);
  ft_trainer_run_async (self->trainer, self->cancellable, run_done_cb, g_object_ref (self));
}

static gboolean
check_configs (FtTrainingPage *self, GPtrArray *configs)
{
  const FtTrainerConfig *first = g_ptr_array_index (configs, 0);
  g_autoptr (GError) error = NULL;

  if (first->data_dir == NULL)
    {
      show_toast (self, _ ("Choose a data set first."), FT_TOAST_BUTTON_OPEN_DATA);
      return FALSE;
    }
  if (g_settings_get_enum (self->settings, "init") == 0 && first->weights_path == NULL)
    {
      show_toast (self,
                  _ ("The pretrained weights are not here yet: download them or choose a file."),
                  FT_TOAST_BUTTON_CHOOSE_WEIGHTS);
      return FALSE;
    }
  for (guint i = 0; i < configs->len; i++)
    if (!ft_trainer_config_validate (g_ptr_array_index (configs, i), &error))
      {
        show_toast (self, error->message, FT_TOAST_BUTTON_NONE);
        return FALSE;
      }
  return TRUE;
}

void
ft_training_page_start (FtTrainingPage *self)
{
  g_autofree char *cache_dir = ft_fetch_default_cache_dir ();
  g_autoptr (GPtrArray) configs = NULL;

  g_return_if_fail (FT_IS_TRAINING_PAGE (self));

  if (self->trainer != NULL)
    return;
  configs = ft_settings_to_run_configs (self->settings, cache_dir);
  if (!check_configs (self, configs))
    return;
  g_clear_pointer (&self->configs, g_ptr_array_unref);
  self->configs = g_steal_pointer (&configs);
  g_ptr_array_set_size (self->series, 0);
  ft_plot_clear (self->plot);
  ft_plot_set_epochs (self->plot, ((FtTrainerConfig *) self->configs->pdata[0])->epochs);
  for (guint i = 0; i < self->configs->len; i++)
    {
      const FtTrainerConfig *config = g_ptr_array_index (self->configs, i);
      FtPlotSeries *series = ft_plot_series_new_for_config (config, config->label);

      g_ptr_array_add (self->series, series);
      ft_plot_add_series (self->plot, series);
    }
  gtk_label_set_text (self->result_label, "");
  gtk_progress_bar_set_fraction (self->overall_bar, 0);
  self->current = 0;
  self->started_us = g_get_monotonic_time ();
  self->last_run_seconds = 0;
  gtk_label_set_text (self->speed_label, "–");
  gtk_label_set_text (self->eta_label, "–");
  g_clear_pointer (&self->run_dirs, g_ptr_array_unref);
  self->run_dirs = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->cancellable = g_cancellable_new ();
  start_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
ft_training_page_stop (FtTrainingPage *self)
{
  g_return_if_fail (FT_IS_TRAINING_PAGE (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_label_set_text (self->status_label, _ ("Stopping…"));
    }
}

gboolean
ft_training_page_get_running (FtTrainingPage *self)
{
  g_return_val_if_fail (FT_IS_TRAINING_PAGE (self), FALSE);
  return self->trainer != NULL;
}

double
ft_training_page_get_seconds_trained (FtTrainingPage *self)
{
  g_return_val_if_fail (FT_IS_TRAINING_PAGE (self), 0);
  if (self->trainer == NULL)
    return 0;
  return (g_get_monotonic_time () - self->started_us) / 1e6;
}

FtTrainer *
ft_training_page_get_trainer (FtTrainingPage *self)
{
  g_return_val_if_fail (FT_IS_TRAINING_PAGE (self), NULL);
  return self->trainer;
}

FtPlot *
ft_training_page_get_plot (FtTrainingPage *self)
{
  g_return_val_if_fail (FT_IS_TRAINING_PAGE (self), NULL);
  return self->plot;
}

static void
export_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_export_chooser_run (FT_TRAINING_PAGE (widget)->plot, g_variant_get_string (parameter, NULL));
}

void
ft_training_page_lower_rate (FtTrainingPage *self)
{
  double lr;

  g_return_if_fail (FT_IS_TRAINING_PAGE (self));
  if (self->trainer != NULL)
    return;
  lr = MAX (g_settings_get_double (self->settings, "lr") / 10, 1e-7);
  g_settings_set_double (self->settings, "lr", lr);
  ft_training_page_start (self);
}

/* Says beside Start, before it is pressed, when the settings need weights that are not here. */
static void
update_weights_note (FtTrainingPage *self)
{
  g_autofree char *cache_dir = ft_fetch_default_cache_dir ();
  gboolean lacking = ft_settings_lacks_weights (self->settings, cache_dir);

  gtk_widget_set_visible (self->weights_note, lacking);
  if (lacking)
    gtk_label_set_text (
      self->weights_note_label,
      g_settings_get_boolean (self->settings, "side-by-side")
        ? _ ("Side by side needs the ImageNet weights for its fine-tuned half, and they are not "
             "here yet: choose a file, download them on the Experiment page, or train the "
             "from-scratch half alone.")
        : _ ("Fine-tuning needs the ImageNet weights, and they are not here yet: choose a file, "
             "download them on the Experiment page, or train from scratch alone."));
  gtk_widget_set_tooltip_text (self->start_button,
                               lacking ? _ ("Needs the ImageNet weights first") : NULL);
}

static void
scratch_alone_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtTrainingPage *self = FT_TRAINING_PAGE (widget);

  ft_settings_apply_preset (self->settings, FT_PRESET_SCRATCH);
  ft_training_page_start (self);
}

static void
ft_training_page_dispose (GObject *object)
{
  FtTrainingPage *self = FT_TRAINING_PAGE (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->trainer);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_TRAINING_PAGE);
  g_clear_pointer (&self->configs, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_run_dir, g_free);
  g_clear_pointer (&self->run_dirs, g_ptr_array_unref);
  G_OBJECT_CLASS (ft_training_page_parent_class)->dispose (object);
}

static void
ft_training_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ft_training_page_get_running (FT_TRAINING_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ft_training_page_class_init (FtTrainingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_training_page_dispose;
  object_class->get_property = ft_training_page_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FT_TYPE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finetune/Finetune/ft-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, weights_note);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, weights_note_label);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, speed_label);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, eta_label);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, epoch_bar);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, overall_bar);
  gtk_widget_class_bind_template_child (widget_class, FtTrainingPage, plot);
  gtk_widget_class_install_action (widget_class, "training.export", "s", export_activated);
  gtk_widget_class_install_action (widget_class, "training.scratch-alone", NULL,
                                   scratch_alone_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ft_training_page_init (FtTrainingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = ft_settings_new ();
  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (update_weights_note), self,
                           G_CONNECT_SWAPPED);
  /* a download finishing adds weights without changing a setting */
  g_signal_connect (self, "map", G_CALLBACK (update_weights_note), NULL);
  update_weights_note (self);
}

const char *
ft_training_page_get_last_run_dir (FtTrainingPage *self)
{
  g_return_val_if_fail (FT_IS_TRAINING_PAGE (self), NULL);
  return self->last_run_dir;
}

const char *const *
ft_training_page_get_run_dirs (FtTrainingPage *self)
{
  g_return_val_if_fail (FT_IS_TRAINING_PAGE (self), NULL);
  return self->run_dirs ? (const char *const *) self->run_dirs->pdata : NULL;
}
