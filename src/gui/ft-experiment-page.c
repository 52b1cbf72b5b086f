/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ft-data-jobs.h"
#include "ft-experiment-page.h"
#include "ft-fetch.h"
#include "ft-imagenet.h"
#include "ft-run-summary.h"
#include "ft-run-estimate.h"
#include "ft-settings.h"
#include "ft-stages-view.h"
#include "ft-torch.h"
#include "ft-download.h"
#include "ft-toast.h"
#include "ft-weights.h"

struct _FtExperimentPage
{
  GtkWidget parent_instance;
  GSettings *settings;
  char *cache_dir;
  FtDownload *fetcher;
  GCancellable *opening;
  GCancellable *checking; /* the weights file being checked */
  char *checking_name;
  gboolean updating;

  GtkToggleButton *preset_finetune;
  GtkToggleButton *preset_scratch;
  GtkToggleButton *preset_both;
  AdwPreferencesGroup *runs_group;
  AdwActionRow *first_run_row;
  AdwActionRow *second_run_row;
  AdwActionRow *pretrained_row;
  AdwActionRow *weights_row;
  GtkCheckButton *init_pretrained;
  GtkCheckButton *init_random;
  GtkWidget *download_weights_button;
  GtkWidget *weights_note;
  GtkLabel *weights_note_label;
  GtkProgressBar *weights_progress;
  GtkAdjustment *lr_adjustment;
  GtkEntry *lr_entry;
  GtkSwitch *param_groups_switch;
  GtkSpinButton *head_mult_spin;
  AdwComboRow *freeze_row;
  GtkStringList *freeze_model;
  FtStagesView *stages_view;
  AdwActionRow *reuse_row;
  GtkSwitch *reuse_switch;
  GtkSpinButton *epochs_spin;
  GtkSpinButton *batch_spin;
  GtkSpinButton *size_spin;
  GtkSwitch *augment_switch;
  AdwComboRow *precision_row;
  GtkStringList *precision_model;
  GtkSpinButton *seed_spin;
  FtRunEstimate *estimate;
};

G_DEFINE_FINAL_TYPE (FtExperimentPage, ft_experiment_page, GTK_TYPE_WIDGET)

/* Says on the preset, where a person starts, what a preset lacking weights needs. */
static void
update_weights_note (FtExperimentPage *self, gboolean fetching)
{
  gboolean lacking = ft_settings_lacks_weights (self->settings, self->cache_dir);
  const char *text;

  gtk_widget_set_visible (self->weights_note, lacking);
  if (!lacking)
    return;
  if (fetching)
    text = _ ("Fine-tuning starts from the ImageNet weights, which are being downloaded. "
              "Training from scratch alone works now.");
  else if (g_settings_get_boolean (self->settings, "side-by-side"))
    text = _ ("Side by side needs the ImageNet weights for its fine-tuned half, and they are "
              "not here yet. Download them (45 MB), choose a ResNet-18 .pth file, or train the "
              "from-scratch half alone.");
  else
    text = _ ("Fine-tuning needs the ImageNet weights, and they are not here yet. Download them "
              "(45 MB), choose a ResNet-18 .pth file, or train from scratch instead.");
  gtk_label_set_text (self->weights_note_label, text);
}

static void
update_weights_state (FtExperimentPage *self)
{
  g_autofree char *weights = ft_settings_dup_weights_path (self->settings, self->cache_dir);
  gboolean fetching = ft_download_get_busy (self->fetcher);
  g_autofree char *subtitle = NULL;

  if (self->checking_name != NULL)
    subtitle = g_strdup_printf (_ ("Checking “%s”…"), self->checking_name);
  else if (weights != NULL)
    {
      g_autofree char *name = g_path_get_basename (weights);
      subtitle = g_strdup_printf (_ ("Weights ready: %s"), name);
    }
  else if (fetching)
    subtitle = g_strdup (_ ("Downloading the weights…"));
  else
    subtitle = g_strdup (_ ("Not here yet: download them (45 MB) or choose a resnet18 .pth file. "
                            "Until then only random initialisation works."));
  adw_action_row_set_subtitle (self->weights_row, subtitle);
  gtk_widget_set_visible (self->download_weights_button, weights == NULL);
  gtk_widget_set_sensitive (self->download_weights_button, !fetching);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.download-weights",
                                 weights == NULL && !fetching);
  /* greyed out, with the reason beneath, until there are weights; the choice itself stays
   * shown, so that Random can be clicked */
  gtk_widget_set_sensitive (GTK_WIDGET (self->pretrained_row), weights != NULL);
  update_weights_note (self, fetching);
}

static void
update_stages (FtExperimentPage *self)
{
  g_autoptr (FtTrainerConfig) config = ft_settings_to_config (self->settings, self->cache_dir);
  gboolean pretrained = config->weights_path != NULL;

  ft_stages_view_set_config (self->stages_view, config);
  gtk_widget_set_sensitive (GTK_WIDGET (self->freeze_row), pretrained);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reuse_row), pretrained);
  gtk_widget_set_sensitive (GTK_WIDGET (self->head_mult_spin), config->param_groups);
}

static void
update_lr (FtExperimentPage *self)
{
  double lr = g_settings_get_double (self->settings, "lr");
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  self->updating = TRUE;
  gtk_adjustment_set_value (self->lr_adjustment, log10 (lr));
  g_ascii_formatd (text, sizeof text, "%g", lr);
  gtk_editable_set_text (GTK_EDITABLE (self->lr_entry), text);
  self->updating = FALSE;
}

/* Each run Start makes, and how it differs from the book's, so that an edit shows where it
 * lands: on the fine-tuned run, while the run from scratch keeps the book's rate. */
static void
show_run (AdwActionRow *row, const FtTrainerConfig *config, gboolean lacking)
{
  g_autofree char *describe = ft_run_summary_describe (config);
  g_autofree char *changes = ft_run_summary_changes (config);
  g_autofree char *subtitle = NULL;

  if (changes != NULL)
    subtitle = g_strdup_printf (_ ("%s\nChanged from the book: %s."), describe, changes);
  else
    subtitle = g_strdup_printf (_ ("%s\nThe book’s settings."), describe);
  if (lacking)
    {
      g_autofree char *with_note = g_strdup_printf (
        _ ("%s\nThe ImageNet weights are not here yet: see above for the ways on."), subtitle);
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_note);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), config->label);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
update_runs (FtExperimentPage *self)
{
  g_autoptr (GPtrArray) configs = ft_settings_to_run_configs (self->settings, self->cache_dir);
  gboolean pair = configs->len > 1;
  gboolean lacking = ft_settings_lacks_weights (self->settings, self->cache_dir);
  FtTrainerConfig *first = g_ptr_array_index (configs, 0);

  if (lacking)
    {
      /* the run that Start refuses until the weights are here is still a fine-tuning run */
      char lr[G_ASCII_DTOSTR_BUF_SIZE];

      first->weights_path = ft_fetch_item_path (FT_FETCH_RESNET18, self->cache_dir);
      g_free (first->label);
      first->label = g_strdup_printf (_ ("Fine-tune, lr %s"),
                                      g_ascii_formatd (lr, sizeof lr, "%g", first->lr));
    }
  show_run (self->first_run_row, first, lacking);
  gtk_widget_set_visible (GTK_WIDGET (self->second_run_row), pair);
  if (pair)
    show_run (self->second_run_row, g_ptr_array_index (configs, 1), FALSE);
  adw_preferences_group_set_description (
    self->runs_group,
    pair ? _ ("Two runs, one after the other, on the same data with the same seed. Edits below "
              "change the first run; the run from scratch keeps the book’s rate and random "
              "start, and follows the epochs, batch, image size, augmentation and seed.")
         : _ ("One run with the settings below."));
}

static void
update_presets (FtExperimentPage *self)
{
  FtPreset preset = g_settings_get_enum (self->settings, "preset");

  /* a preset changed by hand is no longer the book's; side by side still makes both runs,
   * edited or not, so its button stays down (the runs below say what changed) */
  if (g_settings_get_boolean (self->settings, "side-by-side"))
    preset = FT_PRESET_BOTH;
  else if (!ft_settings_matches_preset (self->settings, preset))
    preset = FT_PRESET_CUSTOM;
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->preset_finetune, preset == FT_PRESET_FINETUNE);
  gtk_toggle_button_set_active (self->preset_scratch, preset == FT_PRESET_SCRATCH);
  gtk_toggle_button_set_active (self->preset_both, preset == FT_PRESET_BOTH);
  self->updating = FALSE;
}

static void
update_all (FtExperimentPage *self)
{
  self->updating = TRUE;
  if (g_settings_get_enum (self->settings, "init") == 0)
    gtk_check_button_set_active (self->init_pretrained, TRUE);
  else
    gtk_check_button_set_active (self->init_random, TRUE);
  adw_combo_row_set_selected (self->freeze_row, g_settings_get_enum (self->settings, "freeze"));
  adw_combo_row_set_selected (
    self->precision_row, MIN ((guint) g_settings_get_enum (self->settings, "precision"),
                              g_list_model_get_n_items (G_LIST_MODEL (self->precision_model)) - 1));
  self->updating = FALSE;
  update_lr (self);
  update_presets (self);
  update_weights_state (self);
  update_stages (self);
  update_runs (self);
}

static void
settings_changed_cb (GSettings *settings, const char *key, FtExperimentPage *self)
{
  if (self->updating)
    return;
  update_all (self);
}

/* A change by hand leaves the book's preset. */
static void
mark_custom (FtExperimentPage *self)
{
  if (!self->updating && g_settings_get_enum (self->settings, "preset") != FT_PRESET_CUSTOM)
    g_settings_set_enum (self->settings, "preset", FT_PRESET_CUSTOM);
}

static void
preset_clicked_cb (FtExperimentPage *self, GtkToggleButton *button)
{
  FtPreset preset = button == self->preset_scratch ? FT_PRESET_SCRATCH
                    : button == self->preset_both  ? FT_PRESET_BOTH
                                                   : FT_PRESET_FINETUNE;

  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  ft_settings_apply_preset (self->settings, preset);
}

static void
init_toggled_cb (FtExperimentPage *self)
{
  if (self->updating)
    return;
  g_settings_set_enum (self->settings, "init",
                       gtk_check_button_get_active (self->init_pretrained) ? 0 : 1);
  mark_custom (self);
}

static void
lr_scale_changed_cb (FtExperimentPage *self)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double lr;

  if (self->updating)
    return;
  /* two significant digits, so the scale lands on round rates such as 5e-05 */
  lr = pow (10, gtk_adjustment_get_value (self->lr_adjustment));
  lr = g_ascii_strtod (g_ascii_formatd (text, sizeof text, "%.1e", lr), NULL);
  g_settings_set_double (self->settings, "lr", lr);
  mark_custom (self);
}

static void
lr_entry_activate_cb (FtExperimentPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->lr_entry));
  char *end = NULL;
  double lr = g_ascii_strtod (text, &end);

  if (self->updating)
    return;
  if (end == text || *end != '\0' || !isfinite (lr) || lr < 1e-7 || lr > 1)
    {
      ft_toast_show_message (GTK_WIDGET (self),
                             _ ("The learning rate must be a number between 1e-7 and 1, "
                                "such as 5e-5."),
                             FT_TOAST_BUTTON_NONE);
      update_lr (self);
      return;
    }
  if (lr != g_settings_get_double (self->settings, "lr"))
    {
      g_settings_set_double (self->settings, "lr", lr);
      mark_custom (self);
    }
}

static void
combo_selected_cb (FtExperimentPage *self, GParamSpec *pspec, AdwComboRow *row)
{
  const char *key = row == self->freeze_row ? "freeze" : "precision";

  if (self->updating || adw_combo_row_get_selected (row) == GTK_INVALID_LIST_POSITION)
    return;
  g_settings_set_enum (self->settings, key, adw_combo_row_get_selected (row));
  if (row == self->freeze_row)
    mark_custom (self);
}

static void
check_thread (GTask *task, gpointer source, gpointer path, GCancellable *cancellable)
{
  GError *error = NULL;

  if (ft_weights_check (path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
weights_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FtExperimentPage *self = FT_EXPERIMENT_PAGE (source);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->settings != NULL)
        {
          g_autofree char *name = g_filename_display_basename (path);
          g_autofree char *sentence = g_strdup_printf (
            _ ("“%s” is not a ResNet-18 weights file that this app can read."), name);

          /* the loader's reason, in English and with the whole path, is for whoever debugs; a
           * toast keeps to one line and would cut the sentence short */
          g_debug ("%s", error->message);
          ft_toast_show_message (GTK_WIDGET (self), sentence, FT_TOAST_BUTTON_CHOOSE_WEIGHTS);
        }
    }
  else if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "weights-path", path);
      g_settings_set_enum (self->settings, "init", 0);
    }
  if (self->settings == NULL)
    return;
  g_clear_object (&self->checking);
  g_clear_pointer (&self->checking_name, g_free);
  update_all (self);
}

/* Checks @path with the shim's loader off the main thread; only a file it reads replaces the
 * weights chosen before. */
static void
check_weights (FtExperimentPage *self, const char *path)
{
  g_autoptr (GTask) task = NULL;

  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  self->checking = g_cancellable_new ();
  task = g_task_new (self, self->checking, weights_checked_cb, NULL);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_free (self->checking_name);
  self->checking_name = g_filename_display_basename (path);
  update_weights_state (self);
  g_task_run_in_thread (task, check_thread);
}

static void
choose_weights_response_cb (GtkNativeDialog *dialog, int response, FtExperimentPage *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && g_file_peek_path (file) != NULL)
    check_weights (self, g_file_peek_path (file));
  g_object_unref (dialog);
}

void
ft_experiment_page_choose_weights (FtExperimentPage *self)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (FT_IS_EXPERIMENT_PAGE (self));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = gtk_file_chooser_native_new (_ ("Choose a Weights File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_file_filter_set_name (filter, _ ("PyTorch weights (.pth, .pt)"));
  gtk_file_filter_add_suffix (filter, "pth");
  gtk_file_filter_add_suffix (filter, "pt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (choose_weights_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
choose_weights_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_experiment_page_choose_weights (FT_EXPERIMENT_PAGE (widget));
}

static void
scratch_alone_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  ft_settings_apply_preset (FT_EXPERIMENT_PAGE (widget)->settings, FT_PRESET_SCRATCH);
}

static void
download_weights_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtExperimentPage *self = FT_EXPERIMENT_PAGE (widget);

  ft_download_start (self->fetcher);
}

static void
fetcher_progress_cb (FtDownload *fetcher, double fraction, const char *text, FtExperimentPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->weights_progress), fraction >= 0);
  if (fraction >= 0)
    {
      gtk_progress_bar_set_fraction (self->weights_progress, fraction);
      gtk_progress_bar_set_text (self->weights_progress, text);
    }
  update_weights_state (self);
}

static void
fetcher_finished_cb (FtDownload *fetcher,
                     const char *path,
                     const char *message,
                     FtExperimentPage *self)
{
  /* however it ended, "Connecting…" or the last figures must not stay */
  gtk_widget_set_visible (GTK_WIDGET (self->weights_progress), FALSE);
  if (path != NULL)
    {
      g_settings_set_enum (self->settings, "init", 0);
      update_all (self);
      return;
    }
  if (message != NULL)
    ft_toast_show_message (GTK_WIDGET (self), message, FT_TOAST_BUTTON_CHOOSE_WEIGHTS);
  update_weights_state (self);
}

/* "hotdog → ImageNet 934 “hotdog”" for each class that has an ImageNet twin. */
static char *
describe_matches (FtDataset *dataset)
{
  FtImageFolder *train = ft_dataset_get_train (dataset);
  g_autoptr (GString) text = g_string_new (NULL);
  guint matched = 0;

  for (guint i = 0; i < ft_image_folder_get_n_classes (train); i++)
    {
      const char *name = ft_image_folder_get_class_name (train, i);
      int index = ft_imagenet_find_class (name);

      if (index < 0)
        continue;
      if (matched++ > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, _ ("%s → ImageNet %d “%s”"), name, index,
                              ft_imagenet_class_name (index));
    }
  if (matched == 0)
    return g_strdup (
      _ ("No class of this data set has an ImageNet twin: every row starts random."));
  return g_strdup_printf (_ ("Matched: %s. The other classes start random."), text->str);
}

static void
classes_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtExperimentPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) dataset = ft_data_open_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->settings == NULL)
    return;
  g_clear_object (&self->opening);
  if (dataset != NULL)
    text = describe_matches (dataset);
  ft_run_estimate_set_n_train (
    self->estimate, dataset ? ft_image_folder_get_n_samples (ft_dataset_get_train (dataset)) : 0);
  adw_action_row_set_subtitle (self->reuse_row, text ? text : "");
}

static void
match_classes (FtExperimentPage *self)
{
  g_autofree char *dir = g_settings_get_string (self->settings, "data-dir");

  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  adw_action_row_set_subtitle (self->reuse_row, "");
  ft_run_estimate_set_n_train (self->estimate, 0);
  if (dir[0] == '\0')
    return;
  self->opening = g_cancellable_new ();
  ft_data_open_async (dir, self->opening, classes_opened_cb, g_object_ref (self));
}

/* Names each control after the row that holds it, for screen readers. */
static void
label_controls (FtExperimentPage *self)
{
  GtkWidget *controls[] = {
    GTK_WIDGET (self->init_pretrained),     GTK_WIDGET (self->init_random),
    GTK_WIDGET (self->param_groups_switch), GTK_WIDGET (self->head_mult_spin),
    GTK_WIDGET (self->reuse_switch),        GTK_WIDGET (self->epochs_spin),
    GTK_WIDGET (self->batch_spin),          GTK_WIDGET (self->size_spin),
    GTK_WIDGET (self->augment_switch),      GTK_WIDGET (self->seed_spin),
  };

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (controls[i], ADW_TYPE_PREFERENCES_ROW);
      g_autofree char *title = NULL;

      if (row == NULL)
        continue;
      title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      /* drop the mnemonic's underscore */
      for (char *c = title; *c != '\0'; c++)
        if (*c == '_')
          memmove (c, c + 1, strlen (c));
      gtk_accessible_update_property (GTK_ACCESSIBLE (controls[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
    }
}

static void
fill_models (FtExperimentPage *self)
{
  gtk_string_list_append (self->freeze_model, _ ("Nothing"));
  gtk_string_list_append (self->freeze_model, _ ("The stem"));
  gtk_string_list_append (self->freeze_model, _ ("The stem and layer1"));
  gtk_string_list_append (self->freeze_model, _ ("The stem to layer2"));
  gtk_string_list_append (self->freeze_model, _ ("The stem to layer3"));
  gtk_string_list_append (self->freeze_model, _ ("Everything but the output layer"));
  gtk_string_list_append (self->precision_model, _ ("Single precision (fp32)"));
  if (ft_torch_cpu_has_bf16 ())
    gtk_string_list_append (self->precision_model, _ ("bfloat16 (faster on this CPU)"));
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->precision_row),
                                   _ ("bfloat16 is offered only on CPUs with AVX512-BF16 or AMX."));
      /* a setting kept from another computer */
      if (g_settings_get_enum (self->settings, "precision") != FT_PRECISION_FP32)
        g_settings_set_enum (self->settings, "precision", FT_PRECISION_FP32);
    }
}

static void
bind_settings (FtExperimentPage *self)
{
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT;

  g_settings_bind (self->settings, "param-groups", self->param_groups_switch, "active", flags);
  g_settings_bind (self->settings, "head-lr-mult", self->head_mult_spin, "value", flags);
  g_settings_bind (self->settings, "epochs", self->epochs_spin, "value", flags);
  g_settings_bind (self->settings, "batch-size", self->batch_spin, "value", flags);
  g_settings_bind (self->settings, "image-size", self->size_spin, "value", flags);
  g_settings_bind (self->settings, "seed", self->seed_spin, "value", flags);
  g_settings_bind (self->settings, "augment", self->augment_switch, "active", flags);
  g_settings_bind (self->settings, "reuse-classifier", self->reuse_switch, "active", flags);
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
}

static void
ft_experiment_page_dispose (GObject *object)
{
  FtExperimentPage *self = FT_EXPERIMENT_PAGE (object);
  GtkWidget *child;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->checking_name, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_EXPERIMENT_PAGE);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->cache_dir, g_free);
  G_OBJECT_CLASS (ft_experiment_page_parent_class)->dispose (object);
}

static void
ft_experiment_page_class_init (FtExperimentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_experiment_page_dispose;
  g_type_ensure (FT_TYPE_STAGES_VIEW);
  g_type_ensure (FT_TYPE_RUN_ESTIMATE);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/finetune/Finetune/ft-experiment-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FtExperimentPage, name)
  BIND (preset_finetune);
  BIND (preset_scratch);
  BIND (preset_both);
  BIND (runs_group);
  BIND (first_run_row);
  BIND (second_run_row);
  BIND (pretrained_row);
  BIND (weights_row);
  BIND (init_pretrained);
  BIND (init_random);
  BIND (download_weights_button);
  BIND (weights_note);
  BIND (weights_note_label);
  BIND (weights_progress);
  BIND (lr_adjustment);
  BIND (lr_entry);
  BIND (param_groups_switch);
  BIND (head_mult_spin);
  BIND (freeze_row);
  BIND (freeze_model);
  BIND (stages_view);
  BIND (reuse_row);
  BIND (reuse_switch);
  BIND (epochs_spin);
  BIND (batch_spin);
  BIND (size_spin);
  BIND (augment_switch);
  BIND (precision_row);
  BIND (precision_model);
  BIND (seed_spin);
  BIND (estimate);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, preset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, init_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, lr_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lr_entry_activate_cb);
  gtk_widget_class_install_action (widget_class, "experiment.choose-weights", NULL,
                                   choose_weights_activated);
  gtk_widget_class_install_action (widget_class, "experiment.download-weights", NULL,
                                   download_weights_activated);
  gtk_widget_class_install_action (widget_class, "experiment.scratch-alone", NULL,
                                   scratch_alone_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ft_experiment_page_init (FtExperimentPage *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = ft_settings_new ();
  self->cache_dir = ft_fetch_default_cache_dir ();
  self->fetcher = ft_download_new (FT_FETCH_RESNET18, self->cache_dir);
  g_signal_connect_object (self->fetcher, "progress", G_CALLBACK (fetcher_progress_cb), self, 0);
  g_signal_connect_object (self->fetcher, "finished", G_CALLBACK (fetcher_finished_cb), self, 0);
  fill_models (self);
  bind_settings (self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (lr_entry_activate_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->lr_entry), focus);
  g_signal_connect_swapped (self->freeze_row, "notify::selected", G_CALLBACK (combo_selected_cb),
                            self);
  g_signal_connect_swapped (self->precision_row, "notify::selected", G_CALLBACK (combo_selected_cb),
                            self);
  g_signal_connect_object (self->settings, "changed::data-dir", G_CALLBACK (match_classes), self,
                           G_CONNECT_SWAPPED);
  label_controls (self);
  match_classes (self);
  update_all (self);
}
