/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ft-image-private.h"

/*
 * GdkPixbuf decodes a cut-off JPEG or WebP without complaint, filling the
 * missing part with grey, and its PNG loader, fed from memory, keeps the rows
 * it had; Pillow refuses such a file as truncated.  These checks walk the
 * container far enough to tell a whole file from a part.
 */

static gboolean
is_rst_or_stuffing (guint8 b)
{
  return b == 0x00 || (b >= 0xd0 && b <= 0xd7) || b == 0xff;
}

/* Returns the offset just past the entropy-coded data that starts at @pos, or @len. */
static gsize
skip_scan (const guint8 *d, gsize len, gsize pos)
{
  for (; pos + 1 < len; pos++)
    if (d[pos] == 0xff && !is_rst_or_stuffing (d[pos + 1]))
      return pos;
  return len;
}

/* TRUE when the JPEG's markers, followed from SOI, reach EOI within @len bytes. */
static gboolean
jpeg_complete (const guint8 *d, gsize len)
{
  gsize pos = 2;

  while (pos + 4 <= len)
    {
      guint8 marker;
      gsize seg;

      if (d[pos] != 0xff)
        return FALSE;
      marker = d[pos + 1];
      if (marker == 0xff)
        {
          pos++; /* fill byte */
          continue;
        }
      if (marker == 0xd9)
        return TRUE;
      seg = (gsize) d[pos + 2] << 8 | d[pos + 3];
      pos += 2 + seg;
      if (marker == 0xda)
        pos = skip_scan (d, len, pos);
    }
  return pos + 2 <= len && d[pos] == 0xff && d[pos + 1] == 0xd9;
}

/* TRUE when the PNG's chunks, followed from the signature, reach IEND within @len bytes, as
 * libpng asks of a whole file. */
static gboolean
png_complete (const guint8 *d, gsize len)
{
  guint64 pos = 8;

  while (pos + 12 <= len)
    {
      const guint8 *c = d + pos;
      guint32 size = (guint32) c[0] << 24 | (guint32) c[1] << 16 | (guint32) c[2] << 8 | c[3];

      if (memcmp (c + 4, "IEND", 4) == 0)
        return TRUE;
      pos += 12 + (guint64) size;
    }
  return FALSE;
}

/* TRUE when the RIFF container is as long as its header says. */
static gboolean
webp_complete (const guint8 *d, gsize len)
{
  guint32 size = (guint32) d[4] | (guint32) d[5] << 8 | (guint32) d[6] << 16 | (guint32) d[7] << 24;

  return (guint64) size + 8 <= len;
}

gboolean
_ft_image_check_complete (const guint8 *data, gsize len, const char *name, GError **error)
{
  gboolean complete = TRUE;

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    complete = jpeg_complete (data, len);
  else if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    complete = webp_complete (data, len);
  else if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    complete = png_complete (data, len);
  if (!complete)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                 _ ("“%s” is truncated: the file ends before its image data does."), name);
  return complete;
}
