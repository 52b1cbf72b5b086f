/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-resize.h"

#include <math.h>
#include <string.h>

/* Fixed-point weights: 32 bits less 8 for the sample and 2 for overflow, as Pillow keeps them. */
#define PRECISION_BITS 22
#define HALF (1 << (PRECISION_BITS - 1))

/* Per output position: the first input sample, the number of taps and their weights. */
typedef struct
{
  int ksize;
  int *first;
  int *count;
  gint32 *weights;  /* out_size × ksize */
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
  double support = filterscale;  /* the bilinear filter's support is 1 */
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

/* Resamples rows [y0, y1) of the box horizontally into packed RGB rows of @dst. */
static void
pass_horizontal (const FtImage *src, int left, int y0, int y1, const Coeffs *c, int out_w,
                 guint8 *dst)
{
  for (int y = y0; y < y1; y++, dst += out_w * 3)
    {
      const guint8 *row = src->pixels + (gsize) y * src->stride + (gsize) left * src->channels;

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
pass_vertical (const guint8 *rows, int row_len, const Coeffs *c, int first_row, int out_h,
               guint8 *dst)
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
ft_resize_crop (const FtImage *src, int left, int top, int width, int height, int out_width,
                int out_height)
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
