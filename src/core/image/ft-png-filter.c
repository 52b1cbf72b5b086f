/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-png-private.h"

#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum
{
  FILTER_NONE,
  FILTER_SUB,
  FILTER_UP,
  FILTER_AVERAGE,
  FILTER_PAETH,
  FILTER_AVERAGE_FIRST, /* Average on the first row, whose row above is zeros */
};

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

/* One row, byte by byte: any pixel size. */
static void
unfilter_bytes (guint8 filter, guint8 *x, const guint8 *prev, gsize row_bytes, int bpp)
{
  switch (filter)
    {
    case FILTER_SUB:
      for (gsize i = bpp; i < row_bytes; i++)
        x[i] += x[i - bpp];
      break;
    case FILTER_AVERAGE:
      for (gsize i = 0; i < (gsize) bpp; i++)
        x[i] += prev[i] >> 1;
      for (gsize i = bpp; i < row_bytes; i++)
        x[i] += (x[i - bpp] + prev[i]) >> 1;
      break;
    case FILTER_PAETH:
      for (gsize i = 0; i < (gsize) bpp; i++)
        x[i] += prev[i];
      for (gsize i = bpp; i < row_bytes; i++)
        x[i] += paeth (x[i - bpp], prev[i], prev[i - bpp]);
      break;
    case FILTER_AVERAGE_FIRST:
      for (gsize i = bpp; i < row_bytes; i++)
        x[i] += x[i - bpp] >> 1;
      break;
    default:
      break;
    }
}

#ifdef __SSE2__
/*
 * Sub, Average and Paeth make each pixel depend on the one before it, so
 * they go a pixel at a time, its 3 or 4 channels in the lanes of one vector.
 * A load takes 4 bytes, one past a 3-byte pixel; a store writes the pixel alone.
 */
static inline __m128i
load_pixel (const guint8 *p)
{
  gint32 v;

  memcpy (&v, p, sizeof v);
  return _mm_cvtsi32_si128 (v);
}

static inline void
store_pixel (guint8 *p, __m128i v, int bpp)
{
  gint32 w = _mm_cvtsi128_si32 (v);

  memcpy (p, &w, bpp);
}

static inline __m128i
abs16 (__m128i v)
{
  return _mm_max_epi16 (v, _mm_sub_epi16 (_mm_setzero_si128 (), v));
}

/* @mask ? @yes : @no, lane by lane. */
static inline __m128i
select16 (__m128i mask, __m128i yes, __m128i no)
{
  return _mm_or_si128 (_mm_and_si128 (mask, yes), _mm_andnot_si128 (mask, no));
}

static void
unfilter_pixels (guint8 filter, guint8 *x, const guint8 *prev, gsize row_bytes, int bpp)
{
  const __m128i zero = _mm_setzero_si128 (), one = _mm_set1_epi8 (1);
  __m128i a = zero, c = zero;

  switch (filter)
    {
    case FILTER_SUB:
      for (gsize i = 0; i < row_bytes; i += bpp)
        {
          a = _mm_add_epi8 (load_pixel (x + i), a);
          store_pixel (x + i, a, bpp);
        }
      break;
    case FILTER_AVERAGE:
      for (gsize i = 0; i < row_bytes; i += bpp)
        {
          __m128i b = load_pixel (prev + i);
          /* The rounded-up mean less the rounding: (a + b) >> 1 without a wider type. */
          __m128i mean
            = _mm_sub_epi8 (_mm_avg_epu8 (a, b), _mm_and_si128 (_mm_xor_si128 (a, b), one));

          a = _mm_add_epi8 (load_pixel (x + i), mean);
          store_pixel (x + i, a, bpp);
        }
      break;
    case FILTER_PAETH:
      for (gsize i = 0; i < row_bytes; i += bpp)
        {
          __m128i b = _mm_unpacklo_epi8 (load_pixel (prev + i), zero);
          __m128i b_c = _mm_sub_epi16 (b, c), a_c = _mm_sub_epi16 (a, c);
          __m128i pa = abs16 (b_c), pb = abs16 (a_c), pc = abs16 (_mm_add_epi16 (b_c, a_c));
          __m128i not_a = _mm_or_si128 (_mm_cmpgt_epi16 (pa, pb), _mm_cmpgt_epi16 (pa, pc));
          __m128i guess = select16 (not_a, select16 (_mm_cmpgt_epi16 (pb, pc), c, b), a);
          __m128i out = _mm_add_epi8 (load_pixel (x + i), _mm_packus_epi16 (guess, guess));

          store_pixel (x + i, out, bpp);
          a = _mm_unpacklo_epi8 (out, zero);
          c = b;
        }
      break;
    default:
      unfilter_bytes (filter, x, prev, row_bytes, bpp);
      break;
    }
}
#endif

gboolean
_ft_png_unfilter (guint8 *buf, guint32 height, gsize row_bytes, int bpp)
{
  const guint8 *prev = NULL;

  for (guint32 y = 0; y < height; y++)
    {
      guint8 *row = buf + y * (row_bytes + 1);
      guint8 *x = row + 1;
      guint8 filter = row[0];

      if (filter > FILTER_PAETH)
        return FALSE;
      /* The first row has zeros above it. */
      if (prev == NULL && filter != FILTER_NONE && filter != FILTER_SUB)
        filter = filter == FILTER_UP      ? FILTER_NONE
                 : filter == FILTER_PAETH ? FILTER_SUB
                                          : FILTER_AVERAGE_FIRST;
      if (filter == FILTER_UP)
        unfilter_up (x, prev, row_bytes);
#ifdef __SSE2__
      else if (bpp == 3 || bpp == 4)
        unfilter_pixels (filter, x, prev, row_bytes, bpp);
#endif
      else
        unfilter_bytes (filter, x, prev, row_bytes, bpp);
      prev = x;
    }
  return TRUE;
}
