/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "ft-archive.h"
#include "ft-data-jobs.h"
#include "ft-file-tree.h"
#include "ft-image-check.h"
#include "ft-split.h"
#include "ft-synth.h"

#define PRACTICE_PER_CLASS 40
#define PRACTICE_SIZE 160

G_DEFINE_QUARK (ft - data - needs - split, ft_data_needs_split)

/* How many lone wrapping folders an archive may put around its class folders. */
#define MAX_WRAPPERS 4

/* The one visible sub-folder of @dir, or NULL when there are none or several. */
static char *
only_sub_folder (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *found = NULL;
  const char *name;

  while (handle && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (name[0] == '.' || g_str_equal (name, "__MACOSX")
          || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      if (found)
        return NULL;
      found = g_steal_pointer (&path);
    }
  return g_steal_pointer (&found);
}

/*
 * Unpacks the archive @source into a hidden folder beside the data sets, set in @temp for the
 * caller to remove, and returns the folder in it that holds the class folders, or NULL with
 * @error set (and @temp removed).
 */
static char *
unpack_classes (const char *source, char **temp, GCancellable *cancellable, GError **error)
{
  g_autofree char *datasets = ft_archive_default_datasets_dir ();
  g_autofree char *current = NULL;

  *temp = g_build_filename (datasets, ".unpack-XXXXXX", NULL);
  if (g_mkdir_with_parents (datasets, 0755) != 0 || g_mkdtemp_full (*temp, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Could not create a folder in %s: %s."), datasets, g_strerror (saved));
      g_clear_pointer (temp, g_free);
      return NULL;
    }
  if (!ft_archive_extract (source, *temp, NULL, NULL, cancellable, error))
    {
      ft_file_tree_remove (*temp);
      g_clear_pointer (temp, g_free);
      return NULL;
    }
  current = g_strdup (*temp);
  for (guint depth = 0; current != NULL && depth <= MAX_WRAPPERS; depth++)
    {
      char *next;

      if (ft_split_can_split (current))
        return g_steal_pointer (&current);
      next = only_sub_folder (current);
      g_free (current);
      current = next;
    }
  {
    g_autofree char *name = g_filename_display_basename (source);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _ ("“%s” holds neither train/ and test/ nor a folder of photos per class."), name);
  }
  ft_file_tree_remove (*temp);
  g_clear_pointer (temp, g_free);
  return NULL;
}

/* Whether the archive @source holds class folders that a split would make a data set of. */
static gboolean
archive_can_split (const char *source, GCancellable *cancellable)
{
  g_autofree char *temp = NULL;
  g_autofree char *classes = unpack_classes (source, &temp, cancellable, NULL);

  if (classes == NULL)
    return FALSE;
  ft_file_tree_remove (temp);
  return TRUE;
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  char **args = task_data;
  g_autofree char *datasets = ft_archive_default_datasets_dir ();
  GError *error = NULL;
  char *dir;

  dir = ft_archive_import (args[0], datasets, args[1], NULL, NULL, cancellable, &error);
  if (dir != NULL)
    g_task_return_pointer (task, dir, g_free);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
           && (g_file_test (args[0], G_FILE_TEST_IS_DIR)
                 ? ft_split_can_split (args[0])
                 : archive_can_split (args[0], cancellable)))
    {
      g_autofree char *name = g_filename_display_basename (args[0]);

      g_task_return_new_error (task, FT_DATA_NEEDS_SPLIT, 0,
                               _ ("“%s” holds class folders but no train/ and test/."), name);
      g_error_free (error);
    }
  else
    g_task_return_error (task, error);
}

void
ft_data_import_async (const char *source,
                      const char *name,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char **args = g_new0 (char *, 3);

  args[0] = g_strdup (source);
  args[1] = g_strdup (name);
  g_task_set_source_tag (task, ft_data_import_async);
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, import_thread);
}

static void
practice_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autofree char *datasets = ft_archive_default_datasets_dir ();
  g_autofree char *dir = g_build_filename (datasets, "practice", NULL);
  g_autofree char *train = g_build_filename (dir, "train", NULL);
  GError *error = NULL;

  if (!g_file_test (train, G_FILE_TEST_IS_DIR)
      && !ft_synth_write (dir, PRACTICE_PER_CLASS, PRACTICE_SIZE, 0, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&dir), g_free);
}

void
ft_data_practice_async (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ft_data_practice_async);
  g_task_run_in_thread (task, practice_thread);
}

char *
ft_data_dir_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  FtDataset *dataset = ft_dataset_open (task_data, &error);

  if (dataset != NULL)
    g_task_return_pointer (task, dataset, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
ft_data_open_async (const char *dir,
                    GCancellable *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ft_data_open_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, open_thread);
}

FtDataset *
ft_data_open_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
check_thread (GTask *task, gpointer source, gpointer dataset, GCancellable *cancellable)
{
  GError *error = NULL;
  char **unreadable = ft_dataset_find_unreadable (dataset, NULL, NULL, cancellable, &error);

  if (unreadable != NULL)
    g_task_return_pointer (task, unreadable, (GDestroyNotify) g_strfreev);
  else
    g_task_return_error (task, error);
}

void
ft_data_check_async (FtDataset *dataset,
                     GCancellable *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ft_data_check_async);
  g_task_set_task_data (task, g_object_ref (dataset), g_object_unref);
  g_task_run_in_thread (task, check_thread);
}

char **
ft_data_check_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *source;
  double test_fraction;
  guint64 seed;
} SplitArgs;

static void
split_args_free (SplitArgs *args)
{
  g_free (args->source);
  g_free (args);
}

/* datasets/NAME-split, or NAME-split-2 and on when that is taken. */
static char *
split_dest (const char *source)
{
  g_autofree char *datasets = ft_archive_default_datasets_dir ();
  g_autofree char *name = g_file_test (source, G_FILE_TEST_IS_DIR) ? g_path_get_basename (source)
                                                                   : ft_archive_name_for (source);
  char *dest = NULL;

  for (guint i = 1; dest == NULL || g_file_test (dest, G_FILE_TEST_EXISTS); i++)
    {
      g_autofree char *leaf
        = i == 1 ? g_strdup_printf ("%s-split", name) : g_strdup_printf ("%s-split-%u", name, i);
      g_free (dest);
      dest = g_build_filename (datasets, leaf, NULL);
    }
  return dest;
}

static void
split_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SplitArgs *args = task_data;
  g_autofree char *dest = split_dest (args->source);
  g_autofree char *temp = NULL;
  g_autofree char *classes = NULL;
  GError *error = NULL;
  gboolean ok;

  /* an archive is unpacked aside, split from there, and the unpacked copy removed: the split's
   * hard links keep the photos */
  if (g_file_test (args->source, G_FILE_TEST_IS_DIR))
    classes = g_strdup (args->source);
  else
    classes = unpack_classes (args->source, &temp, cancellable, &error);
  ok
    = classes != NULL
      && ft_split_write (classes, dest, args->test_fraction, args->seed, NULL, cancellable, &error);
  if (temp != NULL)
    ft_file_tree_remove (temp);
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&dest), g_free);
}

void
ft_data_split_async (const char *source,
                     double test_fraction,
                     guint64 seed,
                     GCancellable *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SplitArgs *args = g_new0 (SplitArgs, 1);

  args->source = g_strdup (source);
  args->test_fraction = test_fraction;
  args->seed = seed;
  g_task_set_source_tag (task, ft_data_split_async);
  g_task_set_task_data (task, args, (GDestroyNotify) split_args_free);
  g_task_run_in_thread (task, split_thread);
}
