/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libdeflate.h>
#include <string.h>

#include "ft-image-private.h"

/*
 * A fast path for PNG, the hotdog set's format: one whole-buffer inflate with
 * libdeflate (about twice zlib's speed) and in-place unfiltering, so that 8-bit
 * RGB and RGBA images need no copy at all.  Anything unusual is declined.
 */

typedef struct
{
  guint32 width;
  guint32 height;
  guint8 depth;
  guint8 colour;
  guint8 interlace;
  guint8 palette[256 * 3];
  guint n_palette;
  GByteArray *idat;
} Png;

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static int
channels_of (guint8 colour)
{
  switch (colour)
    {
    case 0: return 1;
    case 2: return 3;
    case 3: return 1;
    case 4: return 2;
    case 6: return 4;
    default: return 0;
    }
}

static gboolean
read_ihdr (Png *png, const guint8 *d, guint32 len)
{
  if (len != 13 || d[10] != 0 || d[11] != 0)
    return FALSE;
  png->width = be32 (d);
  png->height = be32 (d + 4);
  png->depth = d[8];
  png->colour = d[9];
  png->interlace = d[12];
  return png->width > 0 && png->height > 0 && png->width < (1u << 24) && png->height < (1u << 24)
         && png->interlace == 0 && channels_of (png->colour) > 0
         && (png->depth == 8 || (png->depth == 16 && png->colour != 3));
}

/* Walks the chunks, checking each CRC; FALSE for anything not understood or damaged. */
static gboolean
read_chunks (Png *png, const guint8 *data, gsize len)
{
  gsize pos = 8;
  gboolean have_header = FALSE;

  while (pos + 12 <= len)
    {
      guint32 n = be32 (data + pos);
      const guint8 *type = data + pos + 4, *body = data + pos + 8;

      if (n > len - pos - 12 || libdeflate_crc32 (0, type, n + 4) != be32 (body + n))
        return FALSE;
      if (memcmp (type, "IHDR", 4) == 0)
        have_header = read_ihdr (png, body, n);
      else if (!have_header)
        return FALSE;
      else if (memcmp (type, "PLTE", 4) == 0 && n % 3 == 0 && n <= sizeof png->palette)
        {
          memcpy (png->palette, body, n);
          png->n_palette = n / 3;
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        g_byte_array_append (png->idat, body, n);
      else if (memcmp (type, "IEND", 4) == 0)
        return png->idat->len > 0 && (png->colour != 3 || png->n_palette > 0);
      pos += (gsize) n + 12;
    }
  return FALSE;
}

static inline guint8
paeth (int a, int b, int c)
{
  int p = a + b - c, pa = abs (p - a), pb = abs (p - b), pc = abs (p - c);

  return (guint8) (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/* The Up filter, by far the most common; distinct rows let the compiler vectorise it. */
static void
unfilter_up (guint8 *restrict x, const guint8 *restrict prev, gsize n)
{
  gsize i = 0;

  /* Blocks of a fixed size, which the compiler turns into vector adds. */
  for (; i + 16 <= n; i += 16)
    for (gsize j = 0; j < 16; j++)
      x[i + j] += prev[i + j];
  for (; i < n; i++)
    x[i] += prev[i];
}

/* Undoes the row filters in place; rows are 1 + @row_bytes long, filter byte first. */
static gboolean
unfilter (guint8 *buf, guint32 height, gsize row_bytes, int bpp)
{
  const guint8 *prev = NULL;

  for (guint32 y = 0; y < height; y++)
    {
      guint8 *row = buf + y * (row_bytes + 1);
      guint8 *x = row + 1;
      guint8 filter = row[0];

      if (prev == NULL && (filter == 2 || filter == 3 || filter == 4))
        filter = filter == 2 ? 0 : filter == 3 ? 5 : 1;  /* no row above: zeros */
      switch (filter)
        {
        case 0: break;
        case 1: for (gsize i = bpp; i < row_bytes; i++) x[i] += x[i - bpp]; break;
        case 2: unfilter_up (x, prev, row_bytes); break;
        case 3:
          for (gsize i = 0; i < (gsize) bpp; i++) x[i] += prev[i] >> 1;
          for (gsize i = bpp; i < row_bytes; i++) x[i] += (x[i - bpp] + prev[i]) >> 1;
          break;
        case 4:
          for (gsize i = 0; i < (gsize) bpp; i++) x[i] += prev[i];
          for (gsize i = bpp; i < row_bytes; i++)
            x[i] += paeth (x[i - bpp], prev[i], prev[i - bpp]);
          break;
        case 5: for (gsize i = bpp; i < row_bytes; i++) x[i] += x[i - bpp] >> 1; break;
        default: return FALSE;
        }
      prev = x;
    }
  return TRUE;
}

/* Expands grey, grey+alpha, palette and 16-bit rows into packed RGB. */
static FtImage *
expand (const Png *png, const guint8 *buf, gsize row_bytes)
{
  int ch = channels_of (png->colour), step = png->depth / 8;
  FtImage *image = ft_image_new ((int) png->width, (int) png->height);
  guint8 *out = ft_image_get_data (image);

  for (guint32 y = 0; y < png->height; y++)
    {
      const guint8 *s = buf + y * (row_bytes + 1) + 1;

      for (guint32 x = 0; x < png->width; x++, s += ch * step, out += 3)
        {
          if (png->colour == 3)
            {
              guint i = s[0];
              out[0] = out[1] = out[2] = 0;
              if (i < png->n_palette)
                memcpy (out, png->palette + 3 * i, 3);
            }
          else if (ch <= 2)
            out[0] = out[1] = out[2] = s[0];
          else
            {
              out[0] = s[0];
              out[1] = s[step];
              out[2] = s[2 * step];
            }
        }
    }
  return image;
}

static struct libdeflate_decompressor *
decompressor (void)
{
  static GPrivate key = G_PRIVATE_INIT ((GDestroyNotify) libdeflate_free_decompressor);
  struct libdeflate_decompressor *d = g_private_get (&key);

  if (d == NULL)
    {
      d = libdeflate_alloc_decompressor ();
      g_private_set (&key, d);
    }
  return d;
}

static FtImage *
decode (Png *png)
{
  int ch = channels_of (png->colour), bpp = ch * png->depth / 8;
  gsize row_bytes = (gsize) png->width * bpp, size = (row_bytes + 1) * png->height, got = 0;
  g_autofree guint8 *buf = g_try_malloc (size);

  if (buf == NULL
      || libdeflate_zlib_decompress (decompressor (), png->idat->data, png->idat->len, buf, size,
                                     &got) != LIBDEFLATE_SUCCESS
      || got != size || !unfilter (buf, png->height, row_bytes, bpp))
    return NULL;
  if (png->depth == 8 && (png->colour == 2 || png->colour == 6))
    return _ft_image_new_for_data ((int) png->width, (int) png->height, (int) row_bytes + 1, ch,
                                   g_steal_pointer (&buf), 1);
  return expand (png, buf, row_bytes);
}

FtImage *
_ft_png_decode (const guint8 *data, gsize len, const char *name, guint64 max_pixels,
                GError **error)
{
  Png png = { 0 };
  FtImage *image = NULL;

  if (len < 8 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0)
    return NULL;
  png.idat = g_byte_array_sized_new ((guint) MIN (len, G_MAXUINT));
  if (read_chunks (&png, data, len)
      && _ft_image_check_size (name, png.width, png.height, max_pixels, error))
    image = decode (&png);
  g_byte_array_unref (png.idat);
  return image;
}
