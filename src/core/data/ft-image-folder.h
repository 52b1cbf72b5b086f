/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FT_TYPE_IMAGE_FOLDER (ft_image_folder_get_type ())
G_DECLARE_FINAL_TYPE (FtImageFolder, ft_image_folder, FT, IMAGE_FOLDER, GObject)

/*
 * ft_image_folder_new:
 * Scans @root as torchvision's ImageFolder does: classes are the sorted
 * names of its sub-folders; samples are the files under each class folder,
 * found recursively, whose extension (case-insensitive) is one of .jpg
 * .jpeg .png .ppm .bmp .pgm .tif .tiff .webp, sorted by path.
 * Returns: (transfer full): the folder, or NULL with @error set.
 */
FtImageFolder *ft_image_folder_new (const char *root, GError **error);

const char *ft_image_folder_get_root (FtImageFolder *self);
guint ft_image_folder_get_n_classes (FtImageFolder *self);
const char *ft_image_folder_get_class_name (FtImageFolder *self, guint label);
/* (transfer none): the sorted class names, NULL-terminated. */
const char *const *ft_image_folder_get_class_names (FtImageFolder *self);
guint ft_image_folder_get_n_samples (FtImageFolder *self);
const char *ft_image_folder_get_path (FtImageFolder *self, guint index);
guint ft_image_folder_get_label (FtImageFolder *self, guint index);
guint ft_image_folder_count_class (FtImageFolder *self, guint label);

G_END_DECLS
