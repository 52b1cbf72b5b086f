/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-augment-window.h"
#include "ft-crop-view.h"
#include "ft-image.h"
#include "ft-resize.h"
#include "ft-transform.h"

#define N_DRAWS 8
#define RESULT_SIZE 132

struct _FtAugmentWindow
{
  AdwWindow parent_instance;
  char *path;
  guint size;
  guint64 draw;
  GCancellable *cancellable;
  gboolean ready;

  GtkLabel *original_label;
  GtkLabel *results_label;
  FtCropView *crop_view;
  GtkGrid *results_grid;
  AdwActionRow *crop_row;
  GtkSwitch *crop_switch;
  GtkSwitch *flip_switch;
  GtkWidget *pictures[N_DRAWS];
};

G_DEFINE_FINAL_TYPE (FtAugmentWindow, ft_augment_window, ADW_TYPE_WINDOW)

typedef struct
{
  char *path;
  guint size;
  guint64 draw;
  gboolean crop;
  gboolean flip;
  /* results */
  GdkTexture *original;
  int width;
  int height;
  FtBox boxes[N_DRAWS];
  GdkTexture *results[N_DRAWS];
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_clear_object (&job->original);
  for (guint i = 0; i < N_DRAWS; i++)
    g_clear_object (&job->results[i]);
  g_free (job);
}

/* A packed RGB texture of @image, mirrored when @flip. */
static GdkTexture *
texture_from_image (const FtImage *image, gboolean flip)
{
  gsize stride = (gsize) image->width * 3;
  guint8 *data = g_malloc (stride * image->height);
  g_autoptr (GBytes) bytes = NULL;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *src = image->pixels + (gsize) y * image->stride
                            + (gsize) (flip ? image->width - 1 - x : x) * image->channels;
        guint8 *dst = data + y * stride + (gsize) x * 3;

        dst[0] = src[0];
        dst[1] = src[1];
        dst[2] = src[2];
      }
  bytes = g_bytes_new_take (data, stride * image->height);
  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8, bytes, stride);
}

static FtImage *
draw_one (Job *job, const FtImage *image, guint index, gboolean *flip)
{
  FtRng rng;

  ft_rng_init (&rng, job->draw, 0, index, FT_RNG_AUGMENT);
  if (job->crop)
    {
      FtRng replay = rng;

      ft_transform_sample_box (image->width, image->height, &replay, &job->boxes[index]);
      return ft_transform_train (image, job->size, &rng, flip);
    }
  else
    {
      int left, top;
      g_autoptr (FtImage) resized = ft_transform_test (image, job->size, &left, &top);

      *flip = ft_rng_uniform (&rng) < 0.5;
      job->boxes[index] = (FtBox){ 0, 0, 0, 0 };
      return ft_resize_crop (resized, left, top, job->size, job->size, job->size, job->size);
    }
}

static void
draw_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  g_autoptr (FtImage) image = ft_image_load (job->path, 0, &error);

  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->width = image->width;
  job->height = image->height;
  job->original = texture_from_image (image, FALSE);
  for (guint i = 0; i < N_DRAWS; i++)
    {
      gboolean flip = FALSE;
      g_autoptr (FtImage) out = draw_one (job, image, i, &flip);

      job->results[i] = texture_from_image (out, flip && job->flip);
    }
  g_task_return_boolean (task, TRUE);
}

static void
drawn_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FtAugmentWindow *self = FT_AUGMENT_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->original_label, error->message);
      return;
    }
  if (job->draw != self->draw)
    return;
  ft_crop_view_set_texture (self->crop_view, job->original);
  ft_crop_view_set_boxes (self->crop_view, job->boxes, job->crop ? N_DRAWS : 0);
  for (guint i = 0; i < N_DRAWS; i++)
    gtk_picture_set_paintable (GTK_PICTURE (self->pictures[i]), GDK_PAINTABLE (job->results[i]));
  {
    g_autofree char *name = g_path_get_basename (self->path);
    g_autofree char *text = g_strdup_printf (_ ("%s, %d × %d px, with the eight crop boxes"), name,
                                             job->width, job->height);
    gtk_label_set_text (self->original_label, text);
  }
  self->ready = TRUE;
}

static void
redraw (FtAugmentWindow *self)
{
  g_autoptr (GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->ready = FALSE;
  job->path = g_strdup (self->path);
  job->size = self->size;
  job->draw = self->draw;
  job->crop = gtk_switch_get_active (self->crop_switch);
  job->flip = gtk_switch_get_active (self->flip_switch);
  task = g_task_new (self, self->cancellable, drawn_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, draw_thread);
}

static void
redraw_cb (FtAugmentWindow *self)
{
  redraw (self);
}

static void
draw_again_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  FtAugmentWindow *self = FT_AUGMENT_WINDOW (widget);

  self->draw++;
  redraw (self);
}

static void
ft_augment_window_dispose (GObject *object)
{
  FtAugmentWindow *self = FT_AUGMENT_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FT_TYPE_AUGMENT_WINDOW);
  G_OBJECT_CLASS (ft_augment_window_parent_class)->dispose (object);
}

static void
ft_augment_window_finalize (GObject *object)
{
  g_free (FT_AUGMENT_WINDOW (object)->path);
  G_OBJECT_CLASS (ft_augment_window_parent_class)->finalize (object);
}

static void
ft_augment_window_class_init (FtAugmentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_augment_window_dispose;
  object_class->finalize = ft_augment_window_finalize;
  g_type_ensure (FT_TYPE_CROP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finetune/Finetune/ft-augment-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, original_label);
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, results_label);
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, crop_view);
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, results_grid);
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, crop_row);
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, crop_switch);
  gtk_widget_class_bind_template_child (widget_class, FtAugmentWindow, flip_switch);
  gtk_widget_class_bind_template_callback (widget_class, redraw_cb);
  gtk_widget_class_install_action (widget_class, "augment.draw-again", NULL, draw_again_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* style.css colours each number as its box on the original */
static const char *const draw_classes[N_DRAWS] = {
  "draw-1", "draw-2", "draw-3", "draw-4", "draw-5", "draw-6", "draw-7", "draw-8",
};

static void
add_result (FtAugmentWindow *self, guint i)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *number = gtk_label_new (NULL);
  g_autofree char *text = g_strdup_printf ("%u", i + 1);
  g_autofree char *label = g_strdup_printf (_ ("Augmented draw %u"), i + 1);

  self->pictures[i] = gtk_picture_new ();
  gtk_widget_set_size_request (self->pictures[i], RESULT_SIZE, RESULT_SIZE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pictures[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->pictures[i]);
  gtk_label_set_text (GTK_LABEL (number), text);
  gtk_widget_add_css_class (number, "draw-number");
  gtk_widget_add_css_class (number, draw_classes[i]);
  gtk_widget_set_halign (number, GTK_ALIGN_START);
  gtk_widget_set_valign (number, GTK_ALIGN_START);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), number);
  gtk_grid_attach (self->results_grid, overlay, i % 4, i / 4, 1, 1);
}

static void
ft_augment_window_init (FtAugmentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_DRAWS; i++)
    add_result (self, i);
}

GtkWidget *
ft_augment_window_new (GtkWindow *parent, const char *path, guint size)
{
  FtAugmentWindow *self;
  g_autofree char *results = NULL;
  g_autofree char *crop = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FT_TYPE_AUGMENT_WINDOW, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->size = MAX (size, 16);
  self->draw = g_random_int ();
  results = g_strdup_printf (_ ("What the network sees: eight draws at %u × %u px"), self->size,
                             self->size);
  gtk_label_set_text (self->results_label, results);
  crop = g_strdup_printf (_ ("A random 8–100 %% of the area, at an aspect ratio between 3:4 and "
                             "4:3, resized to %u px. Off: resized and cropped in the centre, as "
                             "the test images are."),
                          self->size);
  adw_action_row_set_subtitle (self->crop_row, crop);
  redraw (self);
  return GTK_WIDGET (self);
}

gboolean
ft_augment_window_is_ready (FtAugmentWindow *self)
{
  g_return_val_if_fail (FT_IS_AUGMENT_WINDOW (self), FALSE);
  return self->ready;
}
