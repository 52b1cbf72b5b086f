/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* linkat, AT_SYMLINK_FOLLOW */
#include "config.h"

#include "ft-split.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#include "ft-file-tree.h"
#include "ft-image-folder.h"
#include "ft-rng.h"

/* The generator's purpose tag for the split, apart from the loader's draws. */
#define SPLIT_PURPOSE 0x5711u

typedef struct
{
  const char *train_dir;
  const char *test_dir;
  guint n_copied;
  GCancellable *cancellable;
} Writer;

/* Hard-links @path to @dest, or copies it where links are impossible. */
static gboolean
place (Writer *w, const char *path, const char *dest, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dest);
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  int saved;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not make %s: %s."),
                   parent, g_strerror (saved));
      return FALSE;
    }
  if (linkat (AT_FDCWD, path, AT_FDCWD, dest, AT_SYMLINK_FOLLOW) == 0)
    return TRUE;
  saved = errno;
  if (saved != EXDEV && saved != EPERM && saved != ENOTSUP && saved != EMLINK && saved != EACCES)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not write %s: %s."),
                   dest, g_strerror (saved));
      return FALSE;
    }
  from = g_file_new_for_path (path);
  to = g_file_new_for_path (dest);
  if (!g_file_copy (from, to, G_FILE_COPY_NONE, w->cancellable, NULL, NULL, error))
    return FALSE;
  w->n_copied++;
  return TRUE;
}

/* The indices of one class's samples, shuffled by (seed, class name). */
static GArray *
shuffled (FtImageFolder *folder, guint label, guint64 seed)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (guint));
  FtRng rng;

  for (guint i = 0; i < ft_image_folder_get_n_samples (folder); i++)
    if (ft_image_folder_get_label (folder, i) == label)
      g_array_append_val (order, i);
  ft_rng_init (&rng, seed, 0, g_str_hash (ft_image_folder_get_class_name (folder, label)),
               SPLIT_PURPOSE);
  for (guint i = order->len; i > 1; i--)
    {
      guint j = (guint) ft_rng_below (&rng, i);
      guint t = g_array_index (order, guint, i - 1);

      g_array_index (order, guint, i - 1) = g_array_index (order, guint, j);
      g_array_index (order, guint, j) = t;
    }
  return order;
}

static gboolean
split_class (
  Writer *w, FtImageFolder *folder, guint label, double fraction, guint64 seed, GError **error)
{
  const char *name = ft_image_folder_get_class_name (folder, label);
  g_autoptr (GArray) order = shuffled (folder, label, seed);
  g_autofree char *class_dir = g_build_filename (ft_image_folder_get_root (folder), name, NULL);
  g_autoptr (GFile) base = g_file_new_for_path (class_dir);
  guint n = order->len;
  guint n_test = (guint) CLAMP (round (n * fraction), 1.0, (double) n - 1);

  if (n < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The class “%s” has only one image; a split needs at least two in each "
                      "class, one to train on and one to test."),
                   name);
      return FALSE;
    }
  for (guint k = 0; k < n; k++)
    {
      const char *path = ft_image_folder_get_path (folder, g_array_index (order, guint, k));
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autofree char *relative = g_file_get_relative_path (base, file);
      g_autofree char *dest
        = g_build_filename (k < n_test ? w->test_dir : w->train_dir, name, relative, NULL);

      if (g_cancellable_set_error_if_cancelled (w->cancellable, error)
          || !place (w, path, dest, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_into (Writer *w, FtImageFolder *folder, double fraction, guint64 seed, GError **error)
{
  for (guint label = 0; label < ft_image_folder_get_n_classes (folder); label++)
    if (!split_class (w, folder, label, fraction, seed, error))
      return FALSE;
  return TRUE;
}

static gboolean
has_dir (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

gboolean
ft_split_can_split (const char *dir)
{
  g_autoptr (FtImageFolder) folder = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);
  if (has_dir (dir, "train") || has_dir (dir, "test"))
    return FALSE;
  folder = ft_image_folder_new (dir, NULL);
  return folder != NULL;
}

gboolean
ft_split_write (const char *source,
                const char *dest,
                double test_fraction,
                guint64 seed,
                guint *n_copied,
                GCancellable *cancellable,
                GError **error)
{
  g_autoptr (FtImageFolder) folder = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  Writer w = { .cancellable = cancellable };

  g_return_val_if_fail (source != NULL && dest != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(test_fraction > 0 && test_fraction < 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The test share must be between 0 and 1 (such as 0.2 for 20%%), not %g."),
                   test_fraction);
      return FALSE;
    }
  if (has_dir (source, "train") || has_dir (source, "test"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("“%s” is split already: it holds train/ or test/."), source);
      return FALSE;
    }
  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("“%s” exists already; choose a new folder for the split."), dest);
      return FALSE;
    }
  folder = ft_image_folder_new (source, error);
  if (folder == NULL)
    return FALSE;
  parent = g_path_get_dirname (dest);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not make %s: %s."),
                   parent, g_strerror (saved));
      return FALSE;
    }
  temp = g_strdup_printf ("%s.part-XXXXXX", dest);
  if (g_mkdtemp (temp) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not make %s: %s."),
                   temp, g_strerror (saved));
      return FALSE;
    }
  train = g_build_filename (temp, "train", NULL);
  test = g_build_filename (temp, "test", NULL);
  w.train_dir = train;
  w.test_dir = test;
  if (!write_into (&w, folder, test_fraction, seed, error))
    {
      ft_file_tree_remove (temp);
      return FALSE;
    }
  if (g_rename (temp, dest) != 0)
    {
      int saved = errno;
      ft_file_tree_remove (temp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not write %s: %s."),
                   dest, g_strerror (saved));
      return FALSE;
    }
  if (n_copied != NULL)
    *n_copied = w.n_copied;
  return TRUE;
}
