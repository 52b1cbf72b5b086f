/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-resize.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

/* Fixed-point weights: 32 bits less 8 for the sample and 2 for overflow, as Pillow keeps them. */
#define PRECISION_BITS 22
#define HALF (1 << (PRECISION_BITS - 1))

/* Per output position: the first input sample, the number of taps and their weights. */
typedef struct
{
  int ksize;
  int *first;
  int *count;
  gint32 *weights; /* out_size × ksize */
} Coeffs;

static double
bilinear (double x)
{
  x = fabs (x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

static gint32
to_fixed (double w)
{
  return (gint32) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
}

static void
coeffs_compute (Coeffs *c, int in_size, int out_size)
{
  double scale = (double) ((float) in_size - 0.0f) / out_size;
  double filterscale = MAX (scale, 1.0);
  double support = filterscale; /* the bilinear filter's support is 1 */
  double *w = g_new (double, (int) ceil (support) * 2 + 1);

  c->ksize = (int) ceil (support) * 2 + 1;
  c->first = g_new (int, out_size);
  c->count = g_new (int, out_size);
  c->weights = g_new0 (gint32, (gsize) out_size * c->ksize);
  for (int xx = 0; xx < out_size; xx++)
    {
      double center = (xx + 0.5) * scale;
      double sum = 0.0, ss = 1.0 / filterscale;
      int xmin = MAX ((int) (center - support + 0.5), 0);
      int xmax = MIN ((int) (center + support + 0.5), in_size) - xmin;

      for (int x = 0; x < xmax; x++)
        {
          w[x] = bilinear ((x + xmin - center + 0.5) * ss);
          sum += w[x];
        }
      for (int x = 0; x < xmax; x++)
        c->weights[xx * c->ksize + x] = to_fixed (sum != 0.0 ? w[x] / sum : w[x]);
      c->first[xx] = xmin;
      c->count[xx] = xmax;
    }
  g_free (w);
}

static void
coeffs_clear (Coeffs *c)
{
  g_free (c->first);
  g_free (c->count);
  g_free (c->weights);
}

static inline guint8
clip8 (gint32 v)
{
  v >>= PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : (guint8) v;
}

/* One row of the horizontal pass; @ch is a constant where it is inlined, for speed. */
static inline void
horizontal_row (const guint8 *row, const Coeffs *c, int out_w, guint8 *dst, const int ch)
{
  for (int xx = 0; xx < out_w; xx++, dst += 3)
    {
      const gint32 *k = c->weights + xx * c->ksize;
      const guint8 *p = row + c->first[xx] * ch;
      gint32 s0 = HALF, s1 = HALF, s2 = HALF;
      int n = c->count[xx];

      for (int x = 0; x < n; x++, p += ch)
        {
          s0 += p[0] * k[x];
          s1 += p[1] * k[x];
          s2 += p[2] * k[x];
        }
      dst[0] = clip8 (s0);
      dst[1] = clip8 (s1);
      dst[2] = clip8 (s2);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_ROW 1

/*
 * The same row with AVX2: two taps a step, each pixel's channels in four
 * lanes.  A pair's load takes 8 bytes, up to 2 past its second pixel, and a
 * last odd tap's takes 4, up to 1 past its pixel: past a row's last pixel,
 * those bytes are the next row's, so this serves every row but the image's
 * last, whose last pixel may end its buffer.
 */
__attribute__ ((target ("avx2"))) static void
horizontal_row_avx2 (const guint8 *row, const Coeffs *c, int out_w, guint8 *dst, int ch)
{
  const __m128i spread = ch == 3 ? _mm_setr_epi8 (0, 1, 2, -1, 3, 4, 5, -1, 0, 0, 0, 0, 0, 0, 0, 0)
                                 : _mm_setr_epi8 (0, 1, 2, -1, 4, 5, 6, -1, 0, 0, 0, 0, 0, 0, 0, 0);
  const int *first = c->first, *count = c->count, ksize = c->ksize;
  const gint32 *weights = c->weights;

  for (int xx = 0; xx < out_w; xx++, dst += 3)
    {
      const gint32 *k = weights + xx * ksize;
      const guint8 *p = row + first[xx] * ch;
      __m256i acc = _mm256_setzero_si256 ();
      __m128i sum;
      int n = count[xx], x = 0;
      gint32 packed;

      for (; x + 2 <= n; x += 2, p += 2 * ch)
        {
          __m128i bytes = _mm_shuffle_epi8 (_mm_loadl_epi64 ((const __m128i *) p), spread);
          __m256i w = _mm256_set_m128i (_mm_set1_epi32 (k[x + 1]), _mm_set1_epi32 (k[x]));

          acc = _mm256_add_epi32 (acc, _mm256_mullo_epi32 (_mm256_cvtepu8_epi32 (bytes), w));
        }
      sum = _mm_add_epi32 (_mm256_castsi256_si128 (acc), _mm256_extracti128_si256 (acc, 1));
      sum = _mm_add_epi32 (sum, _mm_set1_epi32 (HALF));
      if (x < n)
        {
          gint32 four;
          __m128i bytes;

          memcpy (&four, p, sizeof four);
          bytes = _mm_shuffle_epi8 (_mm_cvtsi32_si128 (four), spread);
          sum = _mm_add_epi32 (sum,
                               _mm_mullo_epi32 (_mm_cvtepu8_epi32 (bytes), _mm_set1_epi32 (k[x])));
        }
      /* Saturating packs clip to 0..255, as clip8 () does. */
      sum = _mm_srai_epi32 (sum, PRECISION_BITS);
      sum = _mm_packus_epi16 (_mm_packs_epi32 (sum, sum), sum);
      packed = _mm_cvtsi128_si32 (sum);
      memcpy (dst, &packed, 3);
    }
}
#endif

/* Resamples rows [y0, y1) of the box horizontally into packed RGB rows of @dst. */
static void
pass_horizontal (
  const FtImage *src, int left, int y0, int y1, const Coeffs *c, int out_w, guint8 *dst)
{
#ifdef HAVE_AVX2_ROW
  const gboolean avx2 = __builtin_cpu_supports ("avx2");
#endif
  for (int y = y0; y < y1; y++, dst += out_w * 3)
    {
      const guint8 *row = src->pixels + (gsize) y * src->stride + (gsize) left * src->channels;

#ifdef HAVE_AVX2_ROW
      if (avx2 && y < src->height - 1)
        horizontal_row_avx2 (row, c, out_w, dst, src->channels);
      else
#endif
        if (src->channels == 3)
        horizontal_row (row, c, out_w, dst, 3);
      else
        horizontal_row (row, c, out_w, dst, 4);
    }
}

/* Copies rows [y0, y1) of the box, columns [left, left + width), into packed RGB rows. */
static void
pass_copy (const FtImage *src, int left, int y0, int y1, int width, guint8 *dst)
{
  for (int y = y0; y < y1; y++, dst += width * 3)
    {
      const guint8 *row = src->pixels + (gsize) y * src->stride + (gsize) left * src->channels;

      if (src->channels == 3)
        memcpy (dst, row, (gsize) width * 3);
      else
        for (int x = 0; x < width; x++)
          memcpy (dst + x * 3, row + x * src->channels, 3);
    }
}

/* One block of output bytes of the vertical pass; a fixed width lets the compiler vectorise it. */
#define BLOCK 16

static inline void
vertical_block (const guint8 *r, gsize row_len, const gint32 *k, int n, guint8 *dst)
{
  gint32 acc[BLOCK];

  for (int i = 0; i < BLOCK; i++)
    acc[i] = HALF;
  for (int y = 0; y < n; y++, r += row_len)
    for (int i = 0; i < BLOCK; i++)
      acc[i] += r[i] * k[y];
  for (int i = 0; i < BLOCK; i++)
    {
      gint32 v = acc[i] >> PRECISION_BITS;
      dst[i] = (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

/* Resamples packed rows vertically; @rows starts at the first row the weights refer to.
 * Built twice where the compiler can, so that CPUs with AVX2 get eight lanes instead of four. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__ ((target_clones ("avx2", "default")))
#endif
static void
pass_vertical (
  const guint8 *rows, int row_len, const Coeffs *c, int first_row, int out_h, guint8 *dst)
{
  for (int yy = 0; yy < out_h; yy++, dst += row_len)
    {
      const gint32 *k = c->weights + yy * c->ksize;
      const guint8 *r = rows + (gsize) (c->first[yy] - first_row) * row_len;
      int x = 0;

      for (; x + BLOCK <= row_len; x += BLOCK)
        vertical_block (r + x, row_len, k, c->count[yy], dst + x);
      for (; x < row_len; x++)
        {
          gint32 s = HALF;

          for (int y = 0; y < c->count[yy]; y++)
            s += r[(gsize) y * row_len + x] * k[y];
          dst[x] = clip8 (s);
        }
    }
}

FtImage *
ft_resize_crop (
  const FtImage *src, int left, int top, int width, int height, int out_width, int out_height)
{
  Coeffs ch = { 0 }, cv = { 0 };
  FtImage *out;
  guint8 *tmp;
  int y0, y1, tmp_w;

  g_return_val_if_fail (src != NULL, NULL);
  g_return_val_if_fail (left >= 0 && top >= 0 && width > 0 && height > 0, NULL);
  g_return_val_if_fail (left + width <= src->width && top + height <= src->height, NULL);
  g_return_val_if_fail (out_width > 0 && out_height > 0, NULL);

  out = ft_image_new (out_width, out_height);
  coeffs_compute (&cv, height, out_height);
  /* Only the rows the vertical pass reads go through the horizontal one. */
  y0 = cv.first[0];
  y1 = cv.first[out_height - 1] + cv.count[out_height - 1];
  tmp_w = width != out_width ? out_width : width;
  tmp = height != out_height ? g_malloc ((gsize) (y1 - y0) * tmp_w * 3) : ft_image_get_data (out);
  if (width != out_width)
    {
      coeffs_compute (&ch, width, out_width);
      pass_horizontal (src, left, top + y0, top + y1, &ch, out_width, tmp);
      coeffs_clear (&ch);
    }
  else
    pass_copy (src, left, top + y0, top + y1, width, tmp);

  if (height != out_height)
    {
      pass_vertical (tmp, tmp_w * 3, &cv, y0, out_height, ft_image_get_data (out));
      g_free (tmp);
    }
  coeffs_clear (&cv);
  return out;
}
