/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* O_CLOEXEC, O_DIRECTORY */
#include "config.h"

#include "ft-onnx-write.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1 << 20)

/* A ProtobufCBuffer that writes to a file descriptor in large chunks. */
typedef struct
{
  ProtobufCBuffer base;
  int fd;
  GCancellable *cancellable;
  guint8 *chunk;
  size_t used;
  int saved_errno; /* the first failure; 0 while all is well */
  gboolean cancelled;
} FileBuffer;

static void
write_all (FileBuffer *f, const guint8 *data, size_t len)
{
  while (len > 0 && f->saved_errno == 0 && !f->cancelled)
    {
      ssize_t n = write (f->fd, data, MIN (len, (size_t) CHUNK));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          f->saved_errno = n < 0 ? errno : ENOSPC;
          return;
        }
      data += n;
      len -= (size_t) n;
      f->cancelled = g_cancellable_is_cancelled (f->cancellable);
    }
}

static void
flush (FileBuffer *f)
{
  write_all (f, f->chunk, f->used);
  f->used = 0;
}

static void
append (ProtobufCBuffer *buffer, size_t len, const uint8_t *data)
{
  FileBuffer *f = (FileBuffer *) buffer;

  if (f->used + len > CHUNK)
    flush (f);
  if (len >= CHUNK)
    write_all (f, data, len);
  else
    {
      memcpy (f->chunk + f->used, data, len);
      f->used += len;
    }
}

static gboolean
fail_errno (GError **error, int saved, const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not write “%s”: %s."),
               path, g_strerror (saved));
  return FALSE;
}

/* Writes and syncs @fd, then closes it unless @keep_open; on failure it is closed and FALSE
 * returned with @error. */
static gboolean
write_file (const ProtobufCMessage *message,
            int fd,
            const char *path,
            gboolean keep_open,
            GCancellable *cancellable,
            GError **error)
{
  g_autofree guint8 *chunk = g_malloc (CHUNK);
  FileBuffer f = { { append }, fd, cancellable, chunk, 0, 0, FALSE };
  int saved;

  protobuf_c_message_pack_to_buffer (message, &f.base);
  flush (&f);
  if (f.saved_errno == 0 && !f.cancelled && fsync (fd) != 0)
    f.saved_errno = errno;
  saved = f.saved_errno;
  if ((saved != 0 || f.cancelled || !keep_open) && close (fd) != 0 && saved == 0)
    saved = errno;
  if (f.cancelled || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _ ("The export was cancelled."));
      return FALSE;
    }
  return saved == 0 || fail_errno (error, saved, path);
}

/* Makes the temporary file, unnamed where the file system allows (O_TMPFILE), so that even a
 * killed export leaves nothing behind; *@tmp is then NULL.  Else a hidden name beside @path. */
static int
open_temporary (const char *dir, const char *path, char **tmp)
{
  g_autofree char *base = g_path_get_basename (path);
  int fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);

  *tmp = NULL;
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
    return fd;
  *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  return g_mkstemp_full (*tmp, O_WRONLY | O_CLOEXEC, 0644);
}

/* Gives the unnamed file @fd the hidden name *@tmp, just before it is renamed over the
 * destination; linkat through /proc needs no privilege that AT_EMPTY_PATH would. */
static gboolean
name_temporary (int fd, const char *dir, const char *path, char **tmp)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);

  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_free (*tmp);
      *tmp = g_strdup_printf ("%s/.%s.%08x", dir, base, g_random_int ());
      if (linkat (AT_FDCWD, proc, AT_FDCWD, *tmp, AT_SYMLINK_FOLLOW) == 0)
        return TRUE;
      if (errno != EEXIST)
        break;
    }
  g_clear_pointer (tmp, g_free);
  return FALSE;
}

gboolean
ft_onnx_write_message (const ProtobufCMessage *message,
                       const char *path,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = NULL;
  int fd = open_temporary (dir, path, &tmp);
  gboolean unnamed = tmp == NULL;

  if (fd < 0)
    return fail_errno (error, errno, path);
  /* An unnamed file gets its name before close, while the descriptor still reaches it. */
  if (!write_file (message, fd, path, unnamed, cancellable, error))
    {
      if (tmp)
        g_unlink (tmp);
      return FALSE;
    }
  if (unnamed && !name_temporary (fd, dir, path, &tmp))
    {
      int saved = errno;
      close (fd);
      return fail_errno (error, saved, path);
    }
  if (unnamed)
    close (fd);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      return fail_errno (error, saved, path);
    }
  /* The rename itself reaches the disk with the folder. */
  if ((fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}
