/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n.h>

#include "ft-archive-private.h"

#define MAX_DEPTH 4

static gboolean
has_dir (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* The one visible sub-folder of @dir, or NULL when there are none or several. */
static char *
only_sub_folder (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *found = NULL;
  const char *name;

  while (handle && (name = g_dir_read_name (handle)))
    {
      if (name[0] == '.' || g_str_equal (name, "__MACOSX") || !has_dir (dir, name))
        continue;
      if (found)
        return NULL;
      found = g_strdup (name);
    }
  return found ? g_build_filename (dir, found, NULL) : NULL;
}

char *
_ft_archive_find_root (const char *dir, const char *label, GError **error)
{
  g_autofree char *current = g_strdup (dir);

  for (int depth = 0; current && depth <= MAX_DEPTH; depth++)
    {
      char *next;

      if (has_dir (current, "train") && has_dir (current, "test"))
        return g_steal_pointer (&current);
      next = only_sub_folder (current);
      g_free (current);
      current = next;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("%s holds no train/ and test/ folders."),
               label);
  return NULL;
}
