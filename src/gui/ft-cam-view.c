/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cam-view.h"

#include <glib/gi18n.h>

#include "ft-results-cam.h"

#define CAM_SIZE 224
#define TOP_K 3

struct _FtCamView
{
  GtkWidget parent_instance;
  char *model_path;
  char **classes;
  FtTorchPrecision precision;
  guint size;
  char *path;
  int actual;
  gboolean ready;
  GCancellable *cancellable;
  GCancellable *paste_cancellable;

  GtkWidget *box;
  GtkWidget *subtitle;
  GtkWidget *actual_check;
  GtkPicture *picture;
  GtkLabel *label;
};

G_DEFINE_FINAL_TYPE (FtCamView, ft_cam_view, GTK_TYPE_WIDGET)

enum
{
  IMAGE_CHOSEN,
  IMAGE_FAILED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
choose (FtCamView *self, const char *path)
{
  ft_cam_view_show_image (self, path, -1);
  g_signal_emit (self, signals[IMAGE_CHOSEN], 0, path);
}

static void
set_text (FtCamView *self, const char *text)
{
  gtk_label_set_text (self->label, text);
}

void
ft_cam_view_clear (FtCamView *self, const char *text)
{
  g_return_if_fail (FT_IS_CAM_VIEW (self));

  /* a look still on its way belongs to the image before */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  self->actual = -1;
  self->ready = FALSE;
  gtk_picture_set_paintable (self->picture, NULL);
  set_text (self, text ? text : "");
}

/* The person's own image could not be had: nothing of the one before stays. */
static void
fail (FtCamView *self, const char *text)
{
  ft_cam_view_clear (self, text);
  g_signal_emit (self, signals[IMAGE_FAILED], 0, text);
}

static char *
describe (FtCamView *self, const FtResultsCam *cam)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree gboolean *taken = g_new0 (gboolean, cam->n_classes);

  for (int k = 0; k < MIN (TOP_K, cam->n_classes); k++)
    {
      int best = -1;
      for (int c = 0; c < cam->n_classes; c++)
        if (!taken[c] && (best < 0 || cam->probs[c] > cam->probs[best]))
          best = c;
      taken[best] = TRUE;
      g_string_append_printf (text, "%s %.1f%%\n", self->classes[best], 100 * cam->probs[best]);
    }
  g_string_append_printf (text, _ ("Heat map of %s"), self->classes[cam->target]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
cam_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtCamView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (FtResultsCam) cam = ft_results_cam_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (cam == NULL)
    {
      gtk_picture_set_paintable (self->picture, NULL);
      set_text (self, error->message);
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (cam->overlay));
  text = describe (self, cam);
  set_text (self, text);
  self->ready = TRUE;
}

static void
start (FtCamView *self)
{
  gboolean actual = self->actual_check && self->actual >= 0
                    && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->actual_check));

  if (self->path == NULL)
    return;
  if (self->model_path == NULL)
    {
      set_text (self, _ ("This run has no model to look with."));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->ready = FALSE;
  /* the image before and its classes must not pass for this one's while it is looked at */
  gtk_picture_set_paintable (self->picture, NULL);
  set_text (self, _ ("Looking…"));
  ft_results_cam_async (self->model_path, (int) g_strv_length (self->classes), self->precision,
                        self->size, self->path, actual ? self->actual : -1, self->cancellable,
                        cam_done, g_object_ref (self));
}

void
ft_cam_view_show_image (FtCamView *self, const char *path, int actual)
{
  g_return_if_fail (FT_IS_CAM_VIEW (self) && path != NULL);
  g_free (self->path);
  self->path = g_strdup (path);
  self->actual = actual;
  if (self->actual_check)
    gtk_widget_set_sensitive (self->actual_check, actual >= 0);
  start (self);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, FtCamView *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || g_file_peek_path (file) == NULL)
    return FALSE;
  choose (self, g_file_peek_path (file));
  return TRUE;
}

static void
open_response (GtkNativeDialog *dialog, int response, FtCamView *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    choose (self, g_file_peek_path (file));
  g_object_unref (dialog);
}

static void
open_clicked (GtkButton *button, FtCamView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
    _ ("Open an Image"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));

  gtk_file_filter_set_name (filter, _ ("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The image goes through the same decoding as a file: written once where the cache is. */
static void
keep_texture (FtCamView *self, GdkTexture *texture)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "finetune", NULL);
  g_autofree char *path = g_build_filename (dir, "pasted.png", NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0 || !gdk_texture_save_to_png (texture, path))
    {
      fail (self, _ ("The pasted image could not be kept for reading."));
      return;
    }
  choose (self, path);
}

static void
pasted_texture (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtCamView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture
    = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    fail (self, _ ("The clipboard holds no image."));
  else
    keep_texture (self, texture);
}

static void
pasted_file (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtCamView) self = user_data;
  g_autoptr (GError) error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);
  GFile *file = value ? g_value_get_object (value) : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (file && g_file_peek_path (file))
    choose (self, g_file_peek_path (file));
  else
    {
      GCancellable *cancellable = self->paste_cancellable;

      gdk_clipboard_read_texture_async (GDK_CLIPBOARD (source), cancellable, pasted_texture,
                                        g_steal_pointer (&self));
    }
}

/* What this process itself put on the clipboard is taken from its provider, as GTK would
 * otherwise send it through the display server back to itself (which under X11 can wait for
 * good). Returns FALSE when the clipboard's content is another program's. */
static gboolean
paste_own (FtCamView *self, GdkClipboard *clipboard)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto (GValue) file = G_VALUE_INIT;
  g_auto (GValue) texture = G_VALUE_INIT;

  if (content == NULL)
    return FALSE;
  g_value_init (&file, G_TYPE_FILE);
  g_value_init (&texture, GDK_TYPE_TEXTURE);
  if (gdk_content_provider_get_value (content, &file, NULL) && g_value_get_object (&file)
      && g_file_peek_path (g_value_get_object (&file)))
    choose (self, g_file_peek_path (g_value_get_object (&file)));
  else if (gdk_content_provider_get_value (content, &texture, NULL)
           && g_value_get_object (&texture))
    keep_texture (self, g_value_get_object (&texture));
  else
    fail (self, _ ("The clipboard holds no image."));
  return TRUE;
}

void
ft_cam_view_paste (FtCamView *self)
{
  GdkClipboard *clipboard;

  g_return_if_fail (FT_IS_CAM_VIEW (self));

  /* A paste replaces the one before, whose reads may still be under way. */
  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  if (paste_own (self, clipboard))
    return;
  self->paste_cancellable = g_cancellable_new ();
  /* A file copied in a file manager, else an image copied from a viewer or browser. */
  gdk_clipboard_read_value_async (clipboard, G_TYPE_FILE, G_PRIORITY_DEFAULT,
                                  self->paste_cancellable, pasted_file, g_object_ref (self));
}

static void
paste_clicked (GtkButton *button, FtCamView *self)
{
  ft_cam_view_paste (self);
}

static GtkWidget *
text_label (const char *text, const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  if (css)
    gtk_widget_add_css_class (label, css);
  return label;
}

static void
add_try_it (FtCamView *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Open an Image…"));
  GtkWidget *paste = gtk_button_new_with_mnemonic (_ ("_Paste"));
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect (button, "clicked", G_CALLBACK (open_clicked), self);
  g_signal_connect (paste, "clicked", G_CALLBACK (paste_clicked), self);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (buttons), paste);
  gtk_box_append (GTK_BOX (self->box), buttons);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

GtkWidget *
ft_cam_view_new (const char *title, const char *hint, gboolean try_it)
{
  FtCamView *self = g_object_new (FT_TYPE_CAM_VIEW, NULL);

  gtk_box_append (GTK_BOX (self->box), text_label (title, "heading"));
  self->subtitle = text_label ("", NULL);
  gtk_widget_set_visible (self->subtitle, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->subtitle);
  gtk_box_append (GTK_BOX (self->box), text_label (hint, "dim-label"));
  if (try_it)
    add_try_it (self);
  else
    {
      self->actual_check = gtk_check_button_new_with_mnemonic (_ ("Heat map of the _actual class"));
      gtk_widget_set_sensitive (self->actual_check, FALSE);
      g_signal_connect_swapped (self->actual_check, "toggled", G_CALLBACK (start), self);
      gtk_box_append (GTK_BOX (self->box), self->actual_check);
    }
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->picture));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->label));
  return GTK_WIDGET (self);
}

void
ft_cam_view_set_model (FtCamView *self,
                       const char *model_path,
                       const char *const *classes,
                       FtTorchPrecision precision,
                       guint size)
{
  g_return_if_fail (FT_IS_CAM_VIEW (self));
  g_free (self->model_path);
  self->model_path = g_strdup (model_path);
  g_strfreev (self->classes);
  self->classes = g_strdupv ((char **) classes);
  self->precision = precision;
  self->size = size;
}

void
ft_cam_view_hide_actual_choice (FtCamView *self)
{
  g_return_if_fail (FT_IS_CAM_VIEW (self));
  if (self->actual_check)
    gtk_widget_set_visible (self->actual_check, FALSE);
}

void
ft_cam_view_set_subtitle (FtCamView *self, const char *subtitle)
{
  g_return_if_fail (FT_IS_CAM_VIEW (self));
  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle ? subtitle : "");
  gtk_widget_set_visible (self->subtitle, subtitle && *subtitle);
}

gboolean
ft_cam_view_is_ready (FtCamView *self)
{
  g_return_val_if_fail (FT_IS_CAM_VIEW (self), FALSE);
  return self->ready;
}

const char *
ft_cam_view_get_text (FtCamView *self)
{
  g_return_val_if_fail (FT_IS_CAM_VIEW (self), NULL);
  return gtk_label_get_text (self->label);
}

static void
ft_cam_view_dispose (GObject *object)
{
  FtCamView *self = FT_CAM_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ft_cam_view_parent_class)->dispose (object);
}

static void
ft_cam_view_finalize (GObject *object)
{
  FtCamView *self = FT_CAM_VIEW (object);

  g_free (self->model_path);
  g_strfreev (self->classes);
  g_free (self->path);
  G_OBJECT_CLASS (ft_cam_view_parent_class)->finalize (object);
}

static void
ft_cam_view_class_init (FtCamViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_cam_view_dispose;
  object_class->finalize = ft_cam_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  signals[IMAGE_CHOSEN]
    = g_signal_new ("image-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[IMAGE_FAILED]
    = g_signal_new ("image-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ft_cam_view_init (FtCamView *self)
{
  self->actual = -1;
  self->size = CAM_SIZE;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->picture), CAM_SIZE, CAM_SIZE);
  gtk_widget_set_halign (GTK_WIDGET (self->picture), GTK_ALIGN_START);
  /* A taller allocation would otherwise draw the picture larger than the network saw it. */
  gtk_widget_set_valign (GTK_WIDGET (self->picture), GTK_ALIGN_START);
  gtk_picture_set_can_shrink (self->picture, FALSE);
  self->label = GTK_LABEL (text_label ("", NULL));
}
