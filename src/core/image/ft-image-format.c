/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-image-private.h"

#include <string.h>

static gboolean
starts_with (const guint8 *data, gsize len, const char *magic, gsize magic_len)
{
  return len >= magic_len && memcmp (data, magic, magic_len) == 0;
}

const char *
_ft_image_sniff_format (const guint8 *data, gsize len)
{
  if (starts_with (data, len, "\x89PNG\r\n\x1a\n", 8))
    return "png";
  if (starts_with (data, len, "\xff\xd8\xff", 3))
    return "jpeg";
  if (starts_with (data, len, "BM", 2))
    return "bmp";
  if (starts_with (data, len, "GIF87a", 6) || starts_with (data, len, "GIF89a", 6))
    return "gif";
  if (starts_with (data, len, "II*\0", 4) || starts_with (data, len, "MM\0*", 4))
    return "tiff";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  /* P1 to P6: the bitmap, greymap and pixmap kinds, in text and in binary. */
  if (len >= 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6')
    return "pnm";
  return NULL;
}
