/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "fuzz-zip.h"

#include <fcntl.h>
#include <isa-l/crc.h>
#include <string.h>
#include <unistd.h>

/* Where the archive goes: a byte array, or a file whose zero runs are left as holes. */
typedef struct
{
  GByteArray *bytes;
  int fd;
  uint64_t pos;
  gboolean failed;
} Sink;

static void
emit (Sink *sink, const void *data, size_t size)
{
  if (sink->bytes != NULL)
    g_byte_array_append (sink->bytes, data, (guint) size);
  else if (!sink->failed && write (sink->fd, data, size) != (ssize_t) size)
    sink->failed = TRUE;
  sink->pos += size;
}

static void
emit_zeros (Sink *sink, size_t size)
{
  static const uint8_t zeros[4096];

  if (sink->bytes != NULL)
    for (size_t done = 0; done < size; done += MIN (size - done, sizeof zeros))
      g_byte_array_append (sink->bytes, zeros, (guint) MIN (size - done, sizeof zeros));
  else if (lseek (sink->fd, (off_t) size, SEEK_CUR) < 0)
    sink->failed = TRUE;
  sink->pos += size;
}

static void
emit_le (Sink *sink, uint64_t value, size_t n)
{
  uint8_t b[8];

  for (size_t k = 0; k < n; k++)
    b[k] = (uint8_t) (value >> (8 * k));
  emit (sink, b, n);
}

static uint32_t
crc_of (const FtFuzzRecord *r)
{
  static GHashTable *zero_crcs; /* size -> CRC of that many zeros */
  static const uint8_t zeros[1 << 16];
  uint32_t crc = 0;
  gpointer cached;

  if (r->data != NULL)
    return crc32_gzip_refl (0, r->data, r->size);
  if (zero_crcs == NULL)
    zero_crcs = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 key = (gint64) r->size;
  if (g_hash_table_lookup_extended (zero_crcs, &key, NULL, &cached))
    return GPOINTER_TO_UINT (cached);
  for (size_t done = 0; done < r->size; done += MIN (r->size - done, sizeof zeros))
    crc = crc32_gzip_refl (crc, zeros, MIN (r->size - done, sizeof zeros));
  g_hash_table_insert (zero_crcs, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (crc));
  return crc;
}

static void
emit_archive (const FtFuzzZip *zip, Sink *sink)
{
  guint n = zip->records->len;
  g_autofree uint64_t *offsets = g_new (uint64_t, MAX (n, 1));
  g_autofree uint32_t *crcs = g_new (uint32_t, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const FtFuzzRecord *r = &g_array_index (zip->records, FtFuzzRecord, i);
      size_t name_len = strlen (r->name);

      offsets[i] = sink->pos;
      crcs[i] = crc_of (r);
      emit_le (sink, 0x04034b50, 4);
      emit_le (sink, 20, 2); /* version */
      emit_le (sink, 0, 2);  /* flags */
      emit_le (sink, 0, 2);  /* stored */
      emit_le (sink, 0, 4);  /* time, date */
      emit_le (sink, crcs[i], 4);
      emit_le (sink, r->size, 4);
      emit_le (sink, r->size, 4);
      emit_le (sink, name_len, 2);
      emit_le (sink, 0, 2);
      emit (sink, r->name, name_len);
      if (r->data != NULL)
        emit (sink, r->data, r->size);
      else
        emit_zeros (sink, r->size);
    }
  uint64_t dir_at = sink->pos;
  for (guint i = 0; i < n; i++)
    {
      const FtFuzzRecord *r = &g_array_index (zip->records, FtFuzzRecord, i);
      size_t name_len = strlen (r->name);

      emit_le (sink, 0x02014b50, 4);
      emit_le (sink, 20, 2);
      emit_le (sink, 20, 2);
      emit_le (sink, 0, 2);
      emit_le (sink, 0, 2);
      emit_le (sink, 0, 4);
      emit_le (sink, crcs[i], 4);
      emit_le (sink, r->size, 4);
      emit_le (sink, r->size, 4);
      emit_le (sink, name_len, 2);
      emit_le (sink, 0, 2); /* extra */
      emit_le (sink, 0, 2); /* comment */
      emit_le (sink, 0, 2); /* disk */
      emit_le (sink, 0, 2); /* internal attributes */
      emit_le (sink, 0, 4); /* external attributes */
      emit_le (sink, offsets[i], 4);
      emit (sink, r->name, name_len);
    }
  uint64_t dir_size = sink->pos - dir_at;
  emit_le (sink, 0x06054b50, 4);
  emit_le (sink, 0, 4);
  emit_le (sink, n, 2);
  emit_le (sink, n, 2);
  emit_le (sink, dir_size, 4);
  emit_le (sink, dir_at, 4);
  emit_le (sink, 0, 2);
}

FtFuzzZip *
ft_fuzz_zip_new (void)
{
  FtFuzzZip *zip = g_new0 (FtFuzzZip, 1);

  zip->records = g_array_new (FALSE, TRUE, sizeof (FtFuzzRecord));
  return zip;
}

void
ft_fuzz_zip_free (FtFuzzZip *zip)
{
  for (guint i = 0; i < zip->records->len; i++)
    g_free (g_array_index (zip->records, FtFuzzRecord, i).name);
  g_array_unref (zip->records);
  g_free (zip);
}

void
ft_fuzz_zip_add (FtFuzzZip *zip, const char *name, const uint8_t *data, size_t size)
{
  FtFuzzRecord r = { g_strdup (name), data, size };

  g_array_append_val (zip->records, r);
}

const FtFuzzRecord *
ft_fuzz_zip_find (const FtFuzzZip *zip, const char *name)
{
  for (guint i = 0; i < zip->records->len; i++)
    if (strcmp (g_array_index (zip->records, FtFuzzRecord, i).name, name) == 0)
      return &g_array_index (zip->records, FtFuzzRecord, i);
  return NULL;
}

static uint64_t
le (const uint8_t *p, size_t n)
{
  uint64_t v = 0;

  for (size_t k = 0; k < n; k++)
    v |= (uint64_t) p[k] << (8 * k);
  return v;
}

FtFuzzZip *
ft_fuzz_zip_parse (const uint8_t *data, size_t size)
{
  size_t eocd = SIZE_MAX;

  for (size_t k = size >= 22 ? size - 22 + 1 : 0; k-- > 0 && size - k <= 22 + 65535;)
    if (le (data + k, 4) == 0x06054b50 && k + 22 + le (data + k + 20, 2) == size)
      {
        eocd = k;
        break;
      }
  if (eocd == SIZE_MAX)
    return NULL;
  uint64_t count = le (data + eocd + 10, 2), dir_at = le (data + eocd + 16, 4);
  g_autoptr (FtFuzzZip) zip = ft_fuzz_zip_new ();
  size_t pos = dir_at;
  for (uint64_t i = 0; i < count; i++)
    {
      if (pos > eocd || eocd - pos < 46 || le (data + pos, 4) != 0x02014b50)
        return NULL;
      uint64_t method = le (data + pos + 10, 2), comp = le (data + pos + 20, 4),
               name_len = le (data + pos + 28, 2), extra_len = le (data + pos + 30, 2),
               comment_len = le (data + pos + 32, 2), local = le (data + pos + 42, 4);
      if (method != 0 || eocd - pos - 46 < name_len + extra_len + comment_len || local > size
          || size - local < 30 || le (data + local, 4) != 0x04034b50)
        return NULL;
      uint64_t start = local + 30 + le (data + local + 26, 2) + le (data + local + 28, 2);
      if (start > size || size - start < comp)
        return NULL;
      g_autofree char *name = g_strndup ((const char *) data + pos + 46, name_len);
      ft_fuzz_zip_add (zip, name, data + start, comp);
      pos += 46 + name_len + extra_len + comment_len;
    }
  return g_steal_pointer (&zip);
}

GByteArray *
ft_fuzz_zip_bytes (const FtFuzzZip *zip)
{
  Sink sink = { g_byte_array_new (), -1, 0, FALSE };

  emit_archive (zip, &sink);
  return sink.bytes;
}

gboolean
ft_fuzz_zip_write (const FtFuzzZip *zip, const char *path)
{
  Sink sink = { NULL, open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), 0, FALSE };

  if (sink.fd < 0)
    return FALSE;
  emit_archive (zip, &sink);
  return close (sink.fd) == 0 && !sink.failed;
}
