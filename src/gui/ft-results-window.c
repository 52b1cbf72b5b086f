/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-cam-view.h"
#include "ft-dataset.h"
#include "ft-evaluation.h"
#include "ft-predictions.h"
#include "ft-results-window.h"
#include "ft-run.h"
#include "ft-thumbnail.h"

#define THUMB_SIZE 96
#define N_MISTAKES 12

struct _FtResultsWindow
{
  AdwWindow parent_instance;
  char *run_dir;
  char **classes;
  char *images_dir; /* the test folder, or NULL while unknown */
  guint epoch;
  GCancellable *cancellable;
  FtPredictions *predictions;
  FtEvaluation *evaluation;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkScale *epoch_scale;
  GtkAdjustment *epoch_adjustment;
  GtkLabel *summary_label;
  GtkGrid *confusion_grid;
  GtkGrid *class_grid;
  GtkLabel *cell_label;
  GtkFlowBox *cell_images;
  GtkFlowBox *mistakes_box;
  GtkBox *look_box;
  FtCamView *heat_view;
  FtCamView *try_view;
  GPtrArray *compared; /* FtCamView of the other runs of the experiment */
};

G_DEFINE_FINAL_TYPE (FtResultsWindow, ft_results_window, ADW_TYPE_WINDOW)

typedef struct
{
  char *run_dir;
  guint epoch;
  guint n_classes;
  char *data_dir;
  /* results */
  FtPredictions *predictions;
  char *images_dir;
} Load;

static void
load_free (Load *load)
{
  g_free (load->run_dir);
  g_free (load->data_dir);
  g_clear_pointer (&load->predictions, ft_predictions_free);
  g_free (load->images_dir);
  g_free (load);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Load *load = data;
  g_autofree char *file = ft_predictions_file (load->run_dir, load->epoch);
  g_autoptr (FtDataset) dataset = NULL;
  GError *error = NULL;

  if (!(load->predictions = ft_predictions_read (file, load->n_classes, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The test folder gives the images; the figures do without it when it is gone. */
  if (load->data_dir && (dataset = ft_dataset_open (load->data_dir, NULL)))
    load->images_dir = g_strdup (ft_image_folder_get_root (ft_dataset_get_test (dataset)));
  g_task_return_boolean (task, TRUE);
}

static char *
image_path (FtResultsWindow *self, guint i)
{
  const char *path = ft_predictions_get_path (self->predictions, i);

  return self->images_dir ? g_build_filename (self->images_dir, path, NULL) : g_strdup (path);
}

static void
clear_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)))
    {
      if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
    }
}

static GtkWidget *
thumbnail (FtResultsWindow *self, guint i)
{
  g_autofree char *path = image_path (self, i);
  GtkWidget *thumb = ft_thumbnail_new (THUMB_SIZE);

  ft_thumbnail_set_path (FT_THUMBNAIL (thumb), path);
  gtk_widget_set_tooltip_text (thumb, ft_predictions_get_path (self->predictions, i));
  return thumb;
}

static void
cell_clicked (GtkButton *button, FtResultsWindow *self)
{
  guint actual = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "actual"));
  guint predicted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "predicted"));
  g_autofree char *title = NULL;
  guint count = 0;

  clear_children (GTK_WIDGET (self->cell_images));
  for (guint i = 0; i < ft_predictions_get_n (self->predictions); i++)
    if (ft_predictions_get_label (self->predictions, i) == actual
        && ft_evaluation_predicted (self->predictions, i) == predicted)
      {
        gtk_flow_box_append (self->cell_images, thumbnail (self, i));
        count++;
      }
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Actually %s, predicted %s: %u image",
                                        "Actually %s, predicted %s: %u images", count),
                           self->classes[actual], self->classes[predicted], count);
  gtk_label_set_text (self->cell_label, title);
}

static GtkWidget *
heading_label (const char *text, gboolean right)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), right ? 1 : 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
cell_button (FtResultsWindow *self, guint actual, guint predicted)
{
  guint count = ft_evaluation_get_count (self->evaluation, actual, predicted);
  guint support = self->evaluation->support[actual];
  g_autofree char *text
    = g_strdup_printf ("%u\n%.0f%%", count, support ? 100.0 * count / support : 0.0);
  g_autofree char *tip
    = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Actually %s, predicted %s: %u image",
                                    "Actually %s, predicted %s: %u images", count),
                       self->classes[actual], self->classes[predicted], count);
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_label_set_justify (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                         GTK_JUSTIFY_CENTER);
  gtk_widget_set_tooltip_text (button, tip);
  gtk_widget_set_size_request (button, 96, 64);
  if (actual == predicted)
    gtk_widget_add_css_class (button, "suggested-action");
  g_object_set_data (G_OBJECT (button), "actual", GUINT_TO_POINTER (actual));
  g_object_set_data (G_OBJECT (button), "predicted", GUINT_TO_POINTER (predicted));
  g_signal_connect (button, "clicked", G_CALLBACK (cell_clicked), self);
  return button;
}

static void
fill_confusion (FtResultsWindow *self)
{
  guint n = self->evaluation->n_classes;

  clear_children (GTK_WIDGET (self->confusion_grid));
  for (guint c = 0; c < n; c++)
    {
      gtk_grid_attach (self->confusion_grid, heading_label (self->classes[c], FALSE), (int) c + 1,
                       0, 1, 1);
      gtk_grid_attach (self->confusion_grid, heading_label (self->classes[c], TRUE), 0, (int) c + 1,
                       1, 1);
    }
  for (guint a = 0; a < n; a++)
    for (guint p = 0; p < n; p++)
      gtk_grid_attach (self->confusion_grid, cell_button (self, a, p), (int) p + 1, (int) a + 1, 1,
                       1);
}

static void
attach_text (GtkGrid *grid, const char *text, int column, int row, gboolean heading)
{
  GtkWidget *label = heading ? heading_label (text, column > 0) : gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column > 0 ? 1 : 0);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
fill_classes (FtResultsWindow *self)
{
  const FtEvaluation *e = self->evaluation;

  clear_children (GTK_WIDGET (self->class_grid));
  attach_text (self->class_grid, _ ("Class"), 0, 0, TRUE);
  attach_text (self->class_grid, _ ("Precision"), 1, 0, TRUE);
  attach_text (self->class_grid, _ ("Recall"), 2, 0, TRUE);
  attach_text (self->class_grid, _ ("Images"), 3, 0, TRUE);
  for (guint c = 0; c < e->n_classes; c++)
    {
      g_autofree char *precision = g_strdup_printf ("%.3f", e->precision[c]);
      g_autofree char *recall = g_strdup_printf ("%.3f", e->recall[c]);
      g_autofree char *support = g_strdup_printf ("%u", e->support[c]);

      attach_text (self->class_grid, self->classes[c], 0, (int) c + 1, FALSE);
      attach_text (self->class_grid, precision, 1, (int) c + 1, FALSE);
      attach_text (self->class_grid, recall, 2, (int) c + 1, FALSE);
      attach_text (self->class_grid, support, 3, (int) c + 1, FALSE);
    }
}

static GtkWidget *
mistake_card (FtResultsWindow *self, const FtTopLoss *t)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *text = g_strdup_printf (
    _ ("Actual: %s (%.1f%%)\nPredicted: %s (%.1f%%)\nLoss %.3f"), self->classes[t->actual],
    100 * t->prob_actual, self->classes[t->predicted], 100 * t->prob_predicted, t->loss);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), thumbnail (self, t->index));
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
fill_mistakes (FtResultsWindow *self)
{
  g_autoptr (GArray) losses = ft_evaluation_top_losses (self->predictions, 0);
  guint shown = 0;

  clear_children (GTK_WIDGET (self->mistakes_box));
  for (guint i = 0; i < losses->len && shown < N_MISTAKES; i++)
    {
      const FtTopLoss *t = &g_array_index (losses, FtTopLoss, i);

      if (t->actual == t->predicted)
        continue;
      gtk_flow_box_append (self->mistakes_box, mistake_card (self, t));
      shown++;
    }
}

static void
show_predictions (FtResultsWindow *self)
{
  g_autofree char *summary = NULL;

  g_clear_pointer (&self->evaluation, ft_evaluation_free);
  self->evaluation = ft_evaluation_new (self->predictions);
  summary = g_strdup_printf (_ ("Epoch %u: accuracy %.3f on %u test images"), self->epoch,
                             self->evaluation->accuracy, self->evaluation->n);
  gtk_label_set_text (self->summary_label, summary);
  fill_confusion (self);
  fill_classes (self);
  fill_mistakes (self);
  clear_children (GTK_WIDGET (self->cell_images));
  gtk_label_set_text (self->cell_label, _ ("Choose a cell of the matrix to see its images."));
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtResultsWindow) self = user_data;
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_title (self->empty_page, _ ("These Results Cannot Be Read"));
          adw_status_page_set_description (self->empty_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "empty");
        }
      return;
    }
  g_clear_pointer (&self->predictions, ft_predictions_free);
  self->predictions = g_steal_pointer (&load->predictions);
  if (load->images_dir && !self->images_dir)
    self->images_dir = g_strdup (load->images_dir);
  self->epoch = load->epoch;
  show_predictions (self);
}

static void
load_epoch (FtResultsWindow *self, guint epoch, const char *data_dir)
{
  Load *load = g_new0 (Load, 1);
  g_autoptr (GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  load->run_dir = g_strdup (self->run_dir);
  load->epoch = epoch;
  load->n_classes = g_strv_length (self->classes);
  load->data_dir = self->images_dir ? NULL : g_strdup (data_dir);
  task = g_task_new (NULL, self->cancellable, load_done, g_object_ref (self));
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static void
epoch_changed (GtkAdjustment *adjustment, FtResultsWindow *self)
{
  guint epoch = (guint) (gtk_adjustment_get_value (adjustment) + 0.5);

  if (epoch == self->epoch)
    return;
  load_epoch (self, epoch, NULL);
}

/* The actual class of @path when it is one of the predictions' images, else -1. */
static int
actual_of (FtResultsWindow *self, const char *path)
{
  for (guint i = 0; self->predictions && i < ft_predictions_get_n (self->predictions); i++)
    {
      g_autofree char *p = image_path (self, i);
      if (g_str_equal (p, path))
        return (int) ft_predictions_get_label (self->predictions, i);
    }
  return -1;
}

static void
preview_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtResultsWindow *self = FT_RESULTS_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  ft_cam_view_show_image (self->heat_view, path, actual_of (self, path));
}

/* The same photo under the other runs, side by side. */
static void
try_chosen (FtResultsWindow *self, const char *path)
{
  for (guint i = 0; i < self->compared->len; i++)
    ft_cam_view_show_image (g_ptr_array_index (self->compared, i), path, -1);
}

/* Nothing came of Try It's paste: the other runs' views drop the photo before as well. */
static void
try_failed (FtResultsWindow *self, const char *text)
{
  for (guint i = 0; i < self->compared->len; i++)
    ft_cam_view_clear (g_ptr_array_index (self->compared, i), text);
}

static FtTorchPrecision
precision_of (FtRun *run)
{
  return ft_run_get_config (run)->precision == FT_PRECISION_BF16 ? FT_TORCH_PRECISION_BF16
                                                                 : FT_TORCH_PRECISION_FP32;
}

static const char *
label_of (FtRun *run)
{
  const char *label = ft_run_get_config (run)->label;

  return label && *label ? label : ft_run_get_id (run);
}

gboolean
ft_results_window_compare_with (FtResultsWindow *self, const char *run_dir)
{
  g_autoptr (FtRun) run = ft_run_open (run_dir, NULL);
  g_autoptr (FtRun) own = ft_run_open (self->run_dir, NULL);
  GtkWidget *view;

  g_return_val_if_fail (FT_IS_RESULTS_WINDOW (self), FALSE);
  /* Side by side only makes sense for the same classes. */
  if (run == NULL || own == NULL || self->classes == NULL || !ft_run_get_class_names (run)
      || !g_strv_equal (ft_run_get_class_names (run), (const char *const *) self->classes))
    return FALSE;
  view = ft_cam_view_new (_ ("Try It"),
                          _ ("The same photo, under the other run of the experiment."), FALSE);
  ft_cam_view_hide_actual_choice (FT_CAM_VIEW (view));
  ft_cam_view_set_subtitle (FT_CAM_VIEW (view), label_of (run));
  ft_cam_view_set_model (FT_CAM_VIEW (view), ft_run_get_model_path (run),
                         ft_run_get_class_names (run), precision_of (run),
                         ft_run_get_config (run)->image_size);
  if (self->compared->len == 0)
    ft_cam_view_set_subtitle (self->try_view, label_of (own));
  g_ptr_array_add (self->compared, view);
  gtk_box_append (self->look_box, view);
  return TRUE;
}

GtkWidget *
ft_results_window_get_compared_view (FtResultsWindow *self, guint i)
{
  g_return_val_if_fail (FT_IS_RESULTS_WINDOW (self), NULL);
  return i < self->compared->len ? g_ptr_array_index (self->compared, i) : NULL;
}

static void
ft_results_window_dispose (GObject *object)
{
  FtResultsWindow *self = FT_RESULTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_RESULTS_WINDOW);
  G_OBJECT_CLASS (ft_results_window_parent_class)->dispose (object);
}

static void
ft_results_window_finalize (GObject *object)
{
  FtResultsWindow *self = FT_RESULTS_WINDOW (object);

  g_free (self->run_dir);
  g_strfreev (self->classes);
  g_free (self->images_dir);
  g_clear_pointer (&self->predictions, ft_predictions_free);
  g_clear_pointer (&self->evaluation, ft_evaluation_free);
  g_clear_pointer (&self->compared, g_ptr_array_unref);
  G_OBJECT_CLASS (ft_results_window_parent_class)->finalize (object);
}

/* Ctrl+V anywhere in the window pastes into Try It, as its Paste button does; a text field with
 * the focus keeps Ctrl+V for itself. */
static gboolean
paste_pressed (GtkWidget *widget, GVariant *args, gpointer data)
{
  ft_cam_view_paste (FT_RESULTS_WINDOW (widget)->try_view);
  return TRUE;
}

static void
ft_results_window_class_init (FtResultsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_results_window_dispose;
  object_class->finalize = ft_results_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finetune/Finetune/ft-results-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, epoch_scale);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, epoch_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, confusion_grid);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, class_grid);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, cell_label);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, cell_images);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, mistakes_box);
  gtk_widget_class_bind_template_child (widget_class, FtResultsWindow, look_box);
  /* A thumbnail pressed anywhere in the window shows where the model looks in it. */
  gtk_widget_class_install_action (widget_class, "data.preview", "s", preview_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, paste_pressed, NULL);
}

static void
ft_results_window_init (FtResultsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->heat_view = FT_CAM_VIEW (ft_cam_view_new (
    _ ("Where the Model Looks"),
    _ ("Choose an image above: the Grad-CAM heat map of the run’s final model."), FALSE));
  self->try_view = FT_CAM_VIEW (ft_cam_view_new (
    _ ("Try It"),
    _ ("Open, drop or paste a photo of your own: the final model’s classes and heat map."), TRUE));
  gtk_box_append (self->look_box, GTK_WIDGET (self->heat_view));
  gtk_box_append (self->look_box, GTK_WIDGET (self->try_view));
  self->compared = g_ptr_array_new ();
  g_signal_connect_swapped (self->try_view, "image-chosen", G_CALLBACK (try_chosen), self);
  g_signal_connect_swapped (self->try_view, "image-failed", G_CALLBACK (try_failed), self);
}

static void
show_empty (FtResultsWindow *self, const char *title, const char *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
ft_results_window_new (GtkWindow *parent, const char *run_dir)
{
  FtResultsWindow *self = g_object_new (FT_TYPE_RESULTS_WINDOW, "transient-for", parent, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = ft_run_open (run_dir, &error);
  guint n_epochs = run ? ft_predictions_count_epochs (run_dir) : 0;

  self->run_dir = g_strdup (run_dir);
  if (run == NULL)
    show_empty (self, _ ("These Results Cannot Be Read"), error->message);
  else if (ft_run_get_class_names (run) == NULL || n_epochs == 0)
    show_empty (self, _ ("No Predictions Kept"),
                _ ("This run was trained before runs kept their test predictions. Evaluate its "
                   "model once with “finetune-cli evaluate --model RUN_DIR/model.pth”."));
  else
    {
      const FtTrainerConfig *config = ft_run_get_config (run);
      FtTorchPrecision precision = config->precision == FT_PRECISION_BF16 ? FT_TORCH_PRECISION_BF16
                                                                          : FT_TORCH_PRECISION_FP32;

      self->classes = g_strdupv ((char **) ft_run_get_class_names (run));
      ft_cam_view_set_model (self->heat_view, ft_run_get_model_path (run),
                             ft_run_get_class_names (run), precision, config->image_size);
      ft_cam_view_set_model (self->try_view, ft_run_get_model_path (run),
                             ft_run_get_class_names (run), precision, config->image_size);
      gtk_adjustment_set_upper (self->epoch_adjustment, n_epochs);
      gtk_adjustment_set_value (self->epoch_adjustment, n_epochs);
      for (guint e = 1; e <= n_epochs; e++)
        gtk_scale_add_mark (self->epoch_scale, e, GTK_POS_BOTTOM, NULL);
      g_signal_connect (self->epoch_adjustment, "value-changed", G_CALLBACK (epoch_changed), self);
      load_epoch (self, n_epochs, ft_run_get_config (run)->data_dir);
    }
  return GTK_WIDGET (self);
}

GtkWidget *
ft_results_window_get_heat_view (FtResultsWindow *self)
{
  g_return_val_if_fail (FT_IS_RESULTS_WINDOW (self), NULL);
  return GTK_WIDGET (self->heat_view);
}

GtkWidget *
ft_results_window_get_try_view (FtResultsWindow *self)
{
  g_return_val_if_fail (FT_IS_RESULTS_WINDOW (self), NULL);
  return GTK_WIDGET (self->try_view);
}

guint
ft_results_window_get_epoch (FtResultsWindow *self)
{
  g_return_val_if_fail (FT_IS_RESULTS_WINDOW (self), 0);
  return self->epoch;
}
