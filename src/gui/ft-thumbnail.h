/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FT_TYPE_THUMBNAIL (ft_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (FtThumbnail, ft_thumbnail, FT, THUMBNAIL, GtkWidget)

/*
 * FtThumbnail: a button showing an image file's thumbnail, decoded off the
 * main thread; pressing it activates "data.preview" with the file's path.
 */
GtkWidget *ft_thumbnail_new (int size);
void ft_thumbnail_set_path (FtThumbnail *self, const char *path);
const char *ft_thumbnail_get_path (FtThumbnail *self);
/* Whether the thumbnail has been decoded and is shown. */
gboolean ft_thumbnail_is_loaded (FtThumbnail *self);
/* Marks the image as one that cannot be decoded, in words, instead of a blank tile; set by
 * itself when the thumbnail fails to decode, and by the page for files the loader's check
 * found unreadable.  A new path clears it. */
void ft_thumbnail_set_unreadable (FtThumbnail *self, gboolean unreadable);
gboolean ft_thumbnail_get_unreadable (FtThumbnail *self);
/* TRUE: the whole photo is shown in its own proportions (the book's figure); FALSE (the
 * default): the tile is filled, cropping the photo. */
void ft_thumbnail_set_keep_aspect (FtThumbnail *self, gboolean keep_aspect);

G_END_DECLS
