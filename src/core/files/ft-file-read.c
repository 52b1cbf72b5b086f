/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include "ft-file-read.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

static gboolean
set_errno_error (GError **error, const char *path, int saved)
{
  if (saved == ENOENT)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _ ("“%s” does not exist."), path);
  else
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 _ ("Could not read “%s”: %s."), path, g_strerror (saved));
  return FALSE;
}

static gboolean
too_large (GError **error, const char *path, gsize max_size)
{
  g_autofree char *size = g_format_size (max_size);

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _ ("“%s” is larger than %s."), path, size);
  return FALSE;
}

static gboolean
read_all (int fd, const char *path, gsize max_size, GByteArray *bytes, GError **error)
{
  guint8 buffer[16384];

  for (;;)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, path, errno);
      if (n == 0)
        return TRUE;
      /* The file may have grown since fstat. */
      if (bytes->len + (gsize) n > max_size)
        return too_large (error, path, max_size);
      g_byte_array_append (bytes, buffer, (guint) n);
    }
}

gboolean
ft_file_read_bounded (
  const char *path, gsize max_size, char **contents, gsize *length, GError **error)
{
  g_autoptr (GByteArray) bytes = NULL;
  struct stat st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL && contents != NULL, FALSE);
  g_return_val_if_fail (max_size < G_MAXUINT, FALSE);

  /* O_NONBLOCK: opening a FIFO would otherwise wait for a writer that never comes. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    return set_errno_error (error, path, errno);
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      return set_errno_error (error, path, saved);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _ ("“%s” is not a regular file."),
                   path);
      return FALSE;
    }
  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      return too_large (error, path, max_size);
    }
  bytes = g_byte_array_sized_new ((guint) st.st_size + 1);
  ok = read_all (fd, path, max_size, bytes, error);
  close (fd);
  if (!ok)
    return FALSE;
  if (length)
    *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  return TRUE;
}
