/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <string.h>

#include "ft-image-private.h"
#include "ft-png-private.h"
#include "ft-scratch.h"

/*
 * A fast path for PNG, the hotdog set's format: one whole-buffer inflate with
 * ISA-L (its tables decode several short literals at a time, which photos are
 * made of) and in-place unfiltering, so that 8-bit RGB and RGBA images need no
 * copy at all.  Anything unusual is declined.
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
  guint8 *idat; /* the IDAT chunks joined, in room for the whole file */
  gsize idat_len;
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
    case 0:
      return 1;
    case 2:
      return 3;
    case 3:
      return 1;
    case 4:
      return 2;
    case 6:
      return 4;
    default:
      return 0;
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

      if (n > len - pos - 12 || crc32_gzip_refl (0, type, n + 4) != be32 (body + n))
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
        {
          memcpy (png->idat + png->idat_len, body, n);
          png->idat_len += n;
        }
      else if (memcmp (type, "IEND", 4) == 0)
        return png->idat_len > 0 && (png->colour != 3 || png->n_palette > 0);
      pos += (gsize) n + 12;
    }
  return FALSE;
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

/* The inflater of this thread: its state holds tables too large for a stack. */
static struct inflate_state *
inflater (void)
{
  static GPrivate key = G_PRIVATE_INIT (g_free);
  struct inflate_state *state = g_private_get (&key);

  if (state == NULL)
    {
      state = g_new (struct inflate_state, 1);
      g_private_set (&key, state);
    }
  return state;
}

/* TRUE when @in is one whole zlib stream, its checksum right, of exactly @out_len bytes. */
static gboolean
inflate_exact (const guint8 *in, gsize in_len, guint8 *out, gsize out_len)
{
  struct inflate_state *state = inflater ();

  if (in_len > G_MAXUINT32 || out_len > G_MAXUINT32)
    return FALSE;
  isal_inflate_init (state);
  state->crc_flag = ISAL_ZLIB;
  state->next_in = (guint8 *) in;
  state->avail_in = (guint32) in_len;
  state->next_out = out;
  state->avail_out = (guint32) out_len;
  return isal_inflate_stateless (state) == ISAL_DECOMP_OK && state->total_out == out_len;
}

static FtImage *
decode (Png *png)
{
  int ch = channels_of (png->colour), bpp = ch * png->depth / 8;
  gsize row_bytes = (gsize) png->width * bpp, size = (row_bytes + 1) * png->height;
  /* The unfilter may read a few bytes past the last pixel. */
  g_autofree guint8 *buf = g_try_malloc (size + FT_PNG_UNFILTER_PAD);

  if (buf == NULL || !inflate_exact (png->idat, png->idat_len, buf, size)
      || !_ft_png_unfilter (buf, png->height, row_bytes, bpp))
    return NULL;
  if (png->depth == 8 && (png->colour == 2 || png->colour == 6))
    return _ft_image_new_for_data ((int) png->width, (int) png->height, (int) row_bytes + 1, ch,
                                   g_steal_pointer (&buf), 1);
  return expand (png, buf, row_bytes);
}

FtImage *
_ft_png_decode (const guint8 *data, gsize len, const char *name, guint64 max_pixels, GError **error)
{
  Png png = { 0 };
  FtImage *image = NULL;

  if (len < 8 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0)
    return NULL;
  png.idat = ft_scratch_get (FT_SCRATCH_IDAT, len);
  if (png.idat != NULL && read_chunks (&png, data, len)
      && _ft_image_check_size (name, png.width, png.height, max_pixels, error))
    image = decode (&png);
  ft_scratch_release (FT_SCRATCH_IDAT);
  return image;
}
