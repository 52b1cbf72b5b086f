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

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

/* GdkPixbuf's BMP loader sizes its buffers from the header's pixel data offset, info header
 * size and colour count before it checks them: a 200-byte file claiming 3.7 GB made it allocate
 * that much, and a colour count of 2^32 - 1 made it ask for 4 GB. The offset must lie within the
 * file, the info header be one of the sizes Windows and OS/2 define (12 to 124 bytes), and the
 * header and its palette end before the pixels, as every writer lays them out.  Uncompressed
 * pixels must all be in the file: the loader fills what a file cut short lacks, so a 67-byte file
 * claiming 9 x 393216 pixels decoded to a blank picture of 3.5 megapixels. */
static gboolean
bmp_pixels_present (const guint8 *data, gsize len, guint32 offset, guint32 info, guint32 depth)
{
  guint32 compression = info >= 40 ? le32 (data + 30) : 0;
  guint64 width, height, stride;

  /* Run-length and embedded JPEG or PNG data have no size to check here. */
  if (compression != 0 && compression != 3 && compression != 6)
    return TRUE;
  width = info == 12 ? le16 (data + 18) : (guint64) ABS ((gint64) (gint32) le32 (data + 18));
  height = info == 12 ? le16 (data + 20) : (guint64) ABS ((gint64) (gint32) le32 (data + 22));
  stride = (width * depth + 31) / 32 * 4;
  return height == 0 || stride <= (len - offset) / height;
}

static gboolean
bmp_header_plausible (const guint8 *data, gsize len)
{
  static const guint32 info_sizes[] = { 12, 16, 40, 52, 56, 64, 108, 124 };
  guint32 offset, info, depth, colours = 0;
  gboolean known = FALSE;

  if (len < 18)
    return FALSE;
  offset = le32 (data + 10);
  info = le32 (data + 14);
  for (guint i = 0; i < G_N_ELEMENTS (info_sizes); i++)
    known = known || info == info_sizes[i];
  if (!known || offset > len || 14 + (guint64) info > offset)
    return FALSE;
  depth = info == 12 ? le16 (data + 24) : le16 (data + 28);
  if (info >= 40)
    colours = le32 (data + 46);
  if (colours == 0 && depth <= 8)
    colours = 1u << depth;
  return 14 + (guint64) info + (guint64) colours * (info == 12 ? 3 : 4) <= offset
         && bmp_pixels_present (data, len, offset, info, depth);
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
