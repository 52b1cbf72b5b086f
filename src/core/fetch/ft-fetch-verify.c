/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ft-fetch-private.h"

#define READ_CHUNK (1 << 20)

static char *
hash_file (GChecksumType type, const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autoptr (GChecksum) checksum = g_checksum_new (type);
  g_autofree guchar *buffer = NULL;
  gssize n;

  if (in == NULL)
    return NULL;
  buffer = g_malloc (READ_CHUNK);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, READ_CHUNK, cancellable, error))
         > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
_ft_fetch_verify (const FtFetchSpec *spec,
                  const char *path,
                  GCancellable *cancellable,
                  GError **error)
{
  GChecksumType type = spec->check == FT_FETCH_CHECK_SHA1 ? G_CHECKSUM_SHA1 : G_CHECKSUM_SHA256;
  g_autofree char *digest = hash_file (type, path, cancellable, error);
  gboolean same;

  if (digest == NULL)
    return FALSE;
  if (spec->check == FT_FETCH_CHECK_SHA1)
    same = g_ascii_strcasecmp (digest, spec->digest) == 0;
  else
    same = g_ascii_strncasecmp (digest, spec->digest, strlen (spec->digest)) == 0;
  if (!same)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _ ("%s is damaged: its checksum does not match."), spec->file_name);
  return same;
}

char *
_ft_fetch_stamp_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (".", base, ".verified", NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
stamp_text (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", (gint64) st.st_size,
                          (gint64) st.st_mtime);
}

void
_ft_fetch_stamp_write (const char *path)
{
  g_autofree char *text = stamp_text (path);
  g_autofree char *stamp = _ft_fetch_stamp_path (path);

  /* Only a cache: without it the file is hashed again next time. */
  if (text != NULL)
    g_file_set_contents (stamp, text, -1, NULL);
}

gboolean
_ft_fetch_stamp_matches (const char *path)
{
  g_autofree char *text = stamp_text (path);
  g_autofree char *stamp = _ft_fetch_stamp_path (path);
  g_autofree char *saved = NULL;

  if (text == NULL || !g_file_get_contents (stamp, &saved, NULL, NULL))
    return FALSE;
  return g_str_equal (text, saved);
}
