/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "ft-archive-private.h"
#include "ft-file-tree.h"

char *
ft_archive_default_datasets_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "finetune", "datasets", NULL);
}

/* The suffixes stripped from an archive's name to name its data set, longest first. */
static const char *const archive_suffixes[]
  = { ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tgz", ".txz", ".tbz2", ".tar", NULL };

static char *
default_name (const char *source)
{
  g_autofree char *base = g_path_get_basename (source);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  char *dot = strrchr (base, '.');

  for (guint i = 0; archive_suffixes[i]; i++)
    if (g_str_has_suffix (lower, archive_suffixes[i])
        && strlen (base) > strlen (archive_suffixes[i]))
      {
        base[strlen (base) - strlen (archive_suffixes[i])] = '\0';
        return g_steal_pointer (&base);
      }
  if (dot && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* A zip by its name or its first bytes; anything else goes to the tar reader. */
static gboolean
is_zip (const char *source)
{
  g_autofree char *lower = g_ascii_strdown (source, -1);
  char magic[2] = { 0 };
  FILE *file;

  if (g_str_has_suffix (lower, ".zip"))
    return TRUE;
  file = g_fopen (source, "rb");
  if (file == NULL)
    return FALSE;
  if (fread (magic, 1, sizeof magic, file) != sizeof magic)
    magic[0] = '\0';
  fclose (file);
  return magic[0] == 'P' && magic[1] == 'K';
}

static gboolean
check_data_set_name (const char *name, GError **error)
{
  if (name[0] != '\0' && name[0] != '.' && strchr (name, '/') == NULL
      && strchr (name, '\\') == NULL)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               _ ("“%s” cannot name a data set: use a name without slashes that does not start "
                  "with a dot."),
               name);
  return FALSE;
}

static gboolean
set_errno_error (GError **error, int saved, const char *format, const char *path)
{
  g_autofree char *what = g_strdup_printf (format, path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s.", what,
               g_strerror (saved));
  return FALSE;
}

static gboolean
exists_error (const char *name, const char *dest_dir, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _ ("A data set named “%s” already exists in %s; choose another name."), name,
               dest_dir);
  return FALSE;
}

/* Renames @from to @to unless @to exists, even as an empty folder. */
static gboolean
move_into_place (
  const char *from, const char *to, const char *name, const char *dest_dir, GError **error)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EEXIST)
    return exists_error (name, dest_dir, error);
  if (errno != EINVAL && errno != ENOSYS)
    return set_errno_error (error, errno, _ ("Could not move the data set to %s"), to);
  /* A file system without RENAME_NOREPLACE: check, then rename. */
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    return exists_error (name, dest_dir, error);
  if (g_rename (from, to) == 0)
    return TRUE;
  return set_errno_error (error, errno, _ ("Could not move the data set to %s"), to);
}

static char *
import_archive (const char *source,
                const char *dest_dir,
                const char *name,
                GFileProgressCallback progress,
                gpointer user_data,
                GCancellable *cancellable,
                GError **error)
{
  g_autofree char *target = g_build_filename (dest_dir, name, NULL);
  g_autofree char *template = g_strdup_printf (".%s-import-XXXXXX", name);
  g_autofree char *temp = NULL;
  g_autofree char *root = NULL;
  FtArchiveLimits limits;
  gboolean ok;

  if (g_mkdir_with_parents (dest_dir, 0755) != 0)
    return set_errno_error (error, errno, _ ("Could not create the folder %s"), dest_dir), NULL;
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    return exists_error (name, dest_dir, error), NULL;
  temp = g_build_filename (dest_dir, template, NULL);
  if (g_mkdtemp_full (temp, 0755) == NULL)
    return set_errno_error (error, errno, _ ("Could not create a folder in %s"), dest_dir), NULL;
  _ft_archive_limits_init (&limits);
  ok = (is_zip (source) ? _ft_archive_extract_zip : _ft_archive_extract_tar) (
         source, temp, &limits, progress, user_data, cancellable, error)
       && (root = _ft_archive_find_root (temp, source, error)) != NULL
       && move_into_place (root, target, name, dest_dir, error);
  ft_file_tree_remove (temp);
  return ok ? g_steal_pointer (&target) : NULL;
}

gboolean
ft_archive_extract (const char *source,
                    const char *dest,
                    GFileProgressCallback progress,
                    gpointer user_data,
                    GCancellable *cancellable,
                    GError **error)
{
  FtArchiveLimits limits;

  g_return_val_if_fail (source != NULL && dest != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _ft_archive_limits_init (&limits);
  return (is_zip (source) ? _ft_archive_extract_zip : _ft_archive_extract_tar) (
    source, dest, &limits, progress, user_data, cancellable, error);
}

char *
ft_archive_name_for (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return default_name (source);
}

char *
ft_archive_import (const char *source,
                   const char *dest_dir,
                   const char *name,
                   GFileProgressCallback progress,
                   gpointer user_data,
                   GCancellable *cancellable,
                   GError **error)
{
  g_autofree char *fallback_dir = NULL;
  g_autofree char *fallback_name = NULL;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *absolute = g_canonicalize_filename (source, NULL);
      return _ft_archive_find_root (absolute, source, error);
    }
  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("%s is neither a zip or tar archive nor a folder."), source);
      return NULL;
    }
  if (dest_dir == NULL)
    dest_dir = fallback_dir = ft_archive_default_datasets_dir ();
  if (name == NULL)
    name = fallback_name = default_name (source);
  if (!check_data_set_name (name, error))
    return NULL;
  return import_archive (source, dest_dir, name, progress, user_data, cancellable, error);
}
