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

/* Writes, syncs and closes @fd; FALSE with @error on any failure. */
static gboolean
write_file (const ProtobufCMessage *message,
            int fd,
            const char *path,
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
  if (close (fd) != 0 && saved == 0)
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

gboolean
ft_onnx_write_message (const ProtobufCMessage *message,
                       const char *path,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);

  if (fd < 0)
    return fail_errno (error, errno, path);
  if (!write_file (message, fd, path, cancellable, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
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
