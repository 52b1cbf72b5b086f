/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-image-private.h"

#include <string.h>

static gboolean
starts_with (const guint8 *data, gsize len, const char *magic, gsize magic_len)
{
  return len >= magic_len && memcmp (data, magic, magic_len) == 0;
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* GdkPixbuf's BMP loader sizes its buffers from the header's pixel data offset and info header
 * size before it checks them: a 200-byte file claiming 3.7 GB made it allocate that much. The
 * offset must lie within the file, and the info header be one of the sizes Windows and OS/2
 * define (12 to 124 bytes) and end before the pixels. */
static gboolean
bmp_header_plausible (const guint8 *data, gsize len)
{
  static const guint32 info_sizes[] = { 12, 16, 40, 52, 56, 64, 108, 124 };
  guint32 offset, info;
  gboolean known = FALSE;

  if (len < 18)
    return FALSE;
  offset = le32 (data + 10);
  info = le32 (data + 14);
  for (guint i = 0; i < G_N_ELEMENTS (info_sizes); i++)
    known = known || info == info_sizes[i];
  return known && offset <= len && 14 + (guint64) info <= offset;
}

const char *
_ft_image_sniff_format (const guint8 *data, gsize len)
{
  if (starts_with (data, len, "\x89PNG\r\n\x1a\n", 8))
    return "png";
  if (starts_with (data, len, "\xff\xd8\xff", 3))
    return "jpeg";
  if (starts_with (data, len, "BM", 2))
    return bmp_header_plausible (data, len) ? "bmp" : NULL;
  if (starts_with (data, len, "II*\0", 4) || starts_with (data, len, "MM\0*", 4))
    return "tiff";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  /* P1 to P6: the bitmap, greymap and pixmap kinds, in text and in binary. */
  if (len >= 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6')
    return "pnm";
  return NULL;
}
