/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-thumbnail.h"
#include "ft-thumbnailer.h"

struct _FtThumbnail
{
  GtkWidget parent_instance;
  GtkWidget *button;
  GtkWidget *picture;
  GtkWidget *unreadable_label;
  gboolean unreadable;
  GCancellable *cancellable;
  char *path;
  int size;
};

G_DEFINE_FINAL_TYPE (FtThumbnail, ft_thumbnail, GTK_TYPE_WIDGET)

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (FtThumbnail) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = ft_thumbnailer_load_finish (result, &error);

  if (texture != NULL && self->picture != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && self->picture != NULL)
    ft_thumbnail_set_unreadable (self, TRUE);
}

void
ft_thumbnail_set_unreadable (FtThumbnail *self, gboolean unreadable)
{
  g_autofree char *name = NULL;
  g_autofree char *sentence = NULL;

  g_return_if_fail (FT_IS_THUMBNAIL (self));

  if (self->unreadable == !!unreadable || self->path == NULL)
    return;
  self->unreadable = !!unreadable;
  gtk_widget_set_visible (self->unreadable_label, self->unreadable);
  gtk_widget_set_visible (self->picture, !self->unreadable);
  if (!self->unreadable)
    return;
  /* the decoder's own message is for the log; a person reads what it means for training */
  name = g_filename_display_basename (self->path);
  sentence = g_strdup_printf (_ ("%s cannot be read as an image, so training skips it."), name);
  gtk_widget_set_tooltip_text (self->button, sentence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sentence, -1);
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* nothing to augment */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", "");
}

gboolean
ft_thumbnail_get_unreadable (FtThumbnail *self)
{
  g_return_val_if_fail (FT_IS_THUMBNAIL (self), FALSE);
  return self->unreadable;
}

void
ft_thumbnail_set_keep_aspect (FtThumbnail *self, gboolean keep_aspect)
{
  g_return_if_fail (FT_IS_THUMBNAIL (self));
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture),
                               keep_aspect ? GTK_CONTENT_FIT_CONTAIN : GTK_CONTENT_FIT_COVER);
}

void
ft_thumbnail_set_path (FtThumbnail *self, const char *path)
{
  GdkTexture *cached;

  g_return_if_fail (FT_IS_THUMBNAIL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->path);
  self->path = g_strdup (path);
  self->unreadable = FALSE;
  gtk_widget_set_visible (self->unreadable_label, FALSE);
  gtk_widget_set_visible (self->picture, TRUE);
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", path ? path : "");
  gtk_widget_set_sensitive (self->button, path != NULL);
  if (path == NULL)
    return;
  {
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *label = g_strdup_printf (_ ("Show how augmentation changes %s"), name);

    gtk_widget_set_tooltip_text (self->button, name);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label, -1);
  }
  cached = ft_thumbnailer_lookup (path, self->size);
  if (cached != NULL)
    {
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (cached));
      return;
    }
  self->cancellable = g_cancellable_new ();
  ft_thumbnailer_load_async (path, self->size, self->cancellable, loaded_cb, g_object_ref (self));
}

const char *
ft_thumbnail_get_path (FtThumbnail *self)
{
  g_return_val_if_fail (FT_IS_THUMBNAIL (self), NULL);
  return self->path;
}

gboolean
ft_thumbnail_is_loaded (FtThumbnail *self)
{
  g_return_val_if_fail (FT_IS_THUMBNAIL (self), FALSE);
  return gtk_picture_get_paintable (GTK_PICTURE (self->picture)) != NULL;
}

static void
ft_thumbnail_dispose (GObject *object)
{
  FtThumbnail *self = FT_THUMBNAIL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  self->picture = NULL;
  G_OBJECT_CLASS (ft_thumbnail_parent_class)->dispose (object);
}

static void
ft_thumbnail_finalize (GObject *object)
{
  g_free (FT_THUMBNAIL (object)->path);
  G_OBJECT_CLASS (ft_thumbnail_parent_class)->finalize (object);
}

static void
ft_thumbnail_class_init (FtThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_thumbnail_dispose;
  object_class->finalize = ft_thumbnail_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ftthumbnail");
}

static void
ft_thumbnail_init (FtThumbnail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->size = 96;
  self->picture = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_COVER);
  self->unreadable_label = gtk_label_new (_ ("Cannot be read; training skips it"));
  gtk_label_set_wrap (GTK_LABEL (self->unreadable_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->unreadable_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (self->unreadable_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->unreadable_label, "unreadable");
  gtk_widget_set_visible (self->unreadable_label, FALSE);
  /* the sentence takes the photo's place, in a tile of the same size */
  gtk_box_append (GTK_BOX (box), self->picture);
  gtk_box_append (GTK_BOX (box), self->unreadable_label);
  self->button = gtk_button_new ();
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_add_css_class (self->button, "thumbnail");
  gtk_button_set_child (GTK_BUTTON (self->button), box);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "data.preview");
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

GtkWidget *
ft_thumbnail_new (int size)
{
  FtThumbnail *self = g_object_new (FT_TYPE_THUMBNAIL, NULL);

  self->size = size;
  gtk_widget_set_size_request (self->picture, size, size);
  gtk_widget_set_size_request (self->unreadable_label, size, size);
  /* the sentence wraps well within the tile, Chinese glyphs being about two characters wide */
  gtk_label_set_max_width_chars (GTK_LABEL (self->unreadable_label), MAX (size / 14, 4));
  return GTK_WIDGET (self);
}
