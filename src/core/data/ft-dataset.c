/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-dataset.h"

#include <glib/gi18n.h>

struct _FtDataset
{
  GObject parent_instance;

  char *root;
  char *name;
  FtImageFolder *train;
  FtImageFolder *test;
};

G_DEFINE_FINAL_TYPE (FtDataset, ft_dataset, G_TYPE_OBJECT)

static gboolean
has_splits (const char *dir)
{
  g_autofree char *train = g_build_filename (dir, "train", NULL);
  g_autofree char *test = g_build_filename (dir, "test", NULL);

  return g_file_test (train, G_FILE_TEST_IS_DIR) && g_file_test (test, G_FILE_TEST_IS_DIR);
}

/* @dir itself, or its only visible sub-folder (as hotdog.zip's hotdog/), when it holds
 * the splits. */
static char *
find_root (const char *dir, GError **error)
{
  g_autoptr (GDir) d = NULL;
  g_autofree char *found = NULL;
  const char *name;
  guint n_dirs = 0;

  if (has_splits (dir))
    return g_strdup (dir);
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” is not a folder."), dir);
      return NULL;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (name[0] == '.' || g_str_equal (name, "__MACOSX")
          || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      n_dirs++;
      g_free (found);
      found = g_steal_pointer (&path);
    }
  if (n_dirs == 1 && has_splits (found))
    return g_steal_pointer (&found);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _ ("“%s” holds no train/ and test/ folders, nor a single folder that does."), dir);
  return NULL;
}

static gboolean
same_classes (FtImageFolder *train, FtImageFolder *test, GError **error)
{
  const char *const *a = ft_image_folder_get_class_names (train);
  const char *const *b = ft_image_folder_get_class_names (test);

  if (g_strv_equal (a, b))
    return TRUE;
  {
    g_autofree char *sa = g_strjoinv (", ", (GStrv) a);
    g_autofree char *sb = g_strjoinv (", ", (GStrv) b);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _ ("The test classes (%s) differ from the training classes (%s)."), sb, sa);
  }
  return FALSE;
}

FtDataset *
ft_dataset_open (const char *dir, GError **error)
{
  g_autoptr (FtDataset) self = NULL;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FT_TYPE_DATASET, NULL);
  self->root = find_root (dir, error);
  if (self->root == NULL)
    return NULL;
  self->name = g_path_get_basename (self->root);
  train = g_build_filename (self->root, "train", NULL);
  test = g_build_filename (self->root, "test", NULL);
  self->train = ft_image_folder_new (train, error);
  if (self->train == NULL)
    return NULL;
  self->test = ft_image_folder_new (test, error);
  if (self->test == NULL || !same_classes (self->train, self->test, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
ft_dataset_finalize (GObject *object)
{
  FtDataset *self = FT_DATASET (object);

  g_free (self->root);
  g_free (self->name);
  g_clear_object (&self->train);
  g_clear_object (&self->test);
  G_OBJECT_CLASS (ft_dataset_parent_class)->finalize (object);
}

static void
ft_dataset_class_init (FtDatasetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ft_dataset_finalize;
}

static void
ft_dataset_init (FtDataset *self)
{
}

const char *
ft_dataset_get_root (FtDataset *self)
{
  g_return_val_if_fail (FT_IS_DATASET (self), NULL);
  return self->root;
}

const char *
ft_dataset_get_name (FtDataset *self)
{
  g_return_val_if_fail (FT_IS_DATASET (self), NULL);
  return self->name;
}

FtImageFolder *
ft_dataset_get_train (FtDataset *self)
{
  g_return_val_if_fail (FT_IS_DATASET (self), NULL);
  return self->train;
}

FtImageFolder *
ft_dataset_get_test (FtDataset *self)
{
  g_return_val_if_fail (FT_IS_DATASET (self), NULL);
  return self->test;
}
