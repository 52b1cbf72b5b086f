/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-image-folder.h"

#include <glib/gi18n.h>
#include <string.h>

/* Folders nested deeper than this are taken for a symbolic-link loop. */
#define MAX_DEPTH 64

struct _FtImageFolder
{
  GObject parent_instance;

  char *root;
  GStrv class_names;
  GPtrArray *paths; /* char *, one per sample */
  GArray *labels;   /* guint, one per sample */
  GArray *counts;   /* guint, one per class */
};

G_DEFINE_FINAL_TYPE (FtImageFolder, ft_image_folder, G_TYPE_OBJECT)

static const char *const extensions[] = {
  ".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp",
};

static gboolean
has_image_extension (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The entries of @dir that are (or are not, per @want_dirs) folders, sorted. */
static GPtrArray *
list_sorted (const char *dir, gboolean want_dirs, GError **error)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) == want_dirs)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  return g_steal_pointer (&names);
}

/* Every folder under @dir, itself included, as os.walk() finds them. */
static gboolean
collect_dirs (const char *dir, int depth, GPtrArray *out, GError **error)
{
  g_autoptr (GPtrArray) subdirs = NULL;

  g_ptr_array_add (out, g_strdup (dir));
  if (depth >= MAX_DEPTH)
    return TRUE;
  subdirs = list_sorted (dir, TRUE, error);
  if (subdirs == NULL)
    return FALSE;
  for (guint i = 0; i < subdirs->len; i++)
    {
      g_autofree char *sub = g_build_filename (dir, subdirs->pdata[i], NULL);

      if (!collect_dirs (sub, depth + 1, out, error))
        return FALSE;
    }
  return TRUE;
}

/* Adds the images of one class, in torchvision's order: folders by path, then names. */
static gboolean
scan_class (FtImageFolder *self, guint label, GError **error)
{
  g_autofree char *class_dir = g_build_filename (self->root, self->class_names[label], NULL);
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  guint count = 0;

  if (!collect_dirs (class_dir, 0, dirs, error))
    return FALSE;
  g_ptr_array_sort (dirs, compare_strings);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr (GPtrArray) files = list_sorted (dirs->pdata[i], FALSE, error);

      if (files == NULL)
        return FALSE;
      for (guint j = 0; j < files->len; j++)
        if (has_image_extension (files->pdata[j]))
          {
            g_ptr_array_add (self->paths, g_build_filename (dirs->pdata[i], files->pdata[j], NULL));
            g_array_append_val (self->labels, label);
            count++;
          }
    }
  g_array_append_val (self->counts, count);
  if (count == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The class folder “%s” holds no images (.jpg, .jpeg, .png, .ppm, .bmp, "
                      ".pgm, .tif, .tiff or .webp)."),
                   class_dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan (FtImageFolder *self, GError **error)
{
  g_autoptr (GPtrArray) classes = list_sorted (self->root, TRUE, error);

  if (classes == NULL)
    return FALSE;
  if (classes->len < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   ngettext ("“%s” has %u class folder; at least 2 are needed, one per class.",
                             "“%s” has %u class folders; at least 2 are needed, one per class.",
                             classes->len),
                   self->root, classes->len);
      return FALSE;
    }
  g_ptr_array_add (classes, NULL);
  self->class_names = (GStrv) g_ptr_array_steal (classes, NULL);
  for (guint label = 0; self->class_names[label] != NULL; label++)
    if (!scan_class (self, label, error))
      return FALSE;
  return TRUE;
}

FtImageFolder *
ft_image_folder_new (const char *root, GError **error)
{
  g_autoptr (FtImageFolder) self = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FT_TYPE_IMAGE_FOLDER, NULL);
  self->root = g_strdup (root);
  if (!g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” is not a folder."), root);
      return NULL;
    }
  if (!scan (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
ft_image_folder_finalize (GObject *object)
{
  FtImageFolder *self = FT_IMAGE_FOLDER (object);

  g_free (self->root);
  g_strfreev (self->class_names);
  g_ptr_array_unref (self->paths);
  g_array_unref (self->labels);
  g_array_unref (self->counts);
  G_OBJECT_CLASS (ft_image_folder_parent_class)->finalize (object);
}

static void
ft_image_folder_class_init (FtImageFolderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ft_image_folder_finalize;
}

static void
ft_image_folder_init (FtImageFolder *self)
{
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->labels = g_array_new (FALSE, FALSE, sizeof (guint));
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint));
}

const char *
ft_image_folder_get_root (FtImageFolder *self)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), NULL);
  return self->root;
}

guint
ft_image_folder_get_n_classes (FtImageFolder *self)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), 0);
  return self->counts->len;
}

const char *
ft_image_folder_get_class_name (FtImageFolder *self, guint label)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), NULL);
  g_return_val_if_fail (label < self->counts->len, NULL);
  return self->class_names[label];
}

const char *const *
ft_image_folder_get_class_names (FtImageFolder *self)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), NULL);
  return (const char *const *) self->class_names;
}

guint
ft_image_folder_get_n_samples (FtImageFolder *self)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), 0);
  return self->paths->len;
}

const char *
ft_image_folder_get_path (FtImageFolder *self, guint index)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), NULL);
  g_return_val_if_fail (index < self->paths->len, NULL);
  return self->paths->pdata[index];
}

guint
ft_image_folder_get_label (FtImageFolder *self, guint index)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), 0);
  g_return_val_if_fail (index < self->labels->len, 0);
  return g_array_index (self->labels, guint, index);
}

guint
ft_image_folder_count_class (FtImageFolder *self, guint label)
{
  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (self), 0);
  g_return_val_if_fail (label < self->counts->len, 0);
  return g_array_index (self->counts, guint, label);
}
