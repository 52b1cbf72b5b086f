/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static void
light (cairo_t *cr, FtSynthRng *rng, int width, int height)
{
  double x = width * _ft_synth_uniform (rng, 0, 1), y = height * _ft_synth_uniform (rng, 0, 1);
  double reach = hypot (width, height) * _ft_synth_uniform (rng, 0.6, 1.2);
  cairo_pattern_t *p = cairo_pattern_create_radial (x, y, 0, x, y, reach);

  cairo_pattern_add_color_stop_rgba (p, 0, 1, 1, 0.95, _ft_synth_uniform (rng, 0, 0.15));
  cairo_pattern_add_color_stop_rgba (p, 1, 0, 0, 0, _ft_synth_uniform (rng, 0.1, 0.45));
  cairo_set_source (cr, p);
  cairo_paint (cr);
  cairo_pattern_destroy (p);
  /* A colour cast, as from the light of a room. */
  cairo_set_source_rgba (cr, _ft_synth_uniform (rng, 0.6, 1), _ft_synth_uniform (rng, 0.5, 0.9),
                         _ft_synth_uniform (rng, 0.3, 1), _ft_synth_uniform (rng, 0, 0.12));
  cairo_paint (cr);
}

static void
grain (cairo_surface_t *surface, FtSynthRng *rng)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int amount = (int) _ft_synth_uniform (rng, 0, 10);

  if (amount == 0)
    return;
  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);
      for (int x = 0; x < width; x += 2)
        {
          guint64 bits = _ft_synth_rng_next (rng);
          for (int k = 0; k < 2 && x + k < width; k++, bits >>= 32)
            {
              int noise = (int) (bits % (2 * amount + 1)) - amount;
              guint32 p = row[x + k];
              int r = CLAMP ((int) ((p >> 16) & 0xff) + noise, 0, 255);
              int g = CLAMP ((int) ((p >> 8) & 0xff) + noise, 0, 255);
              int b = CLAMP ((int) (p & 0xff) + noise, 0, 255);
              row[x + k] = 0xff000000u | (guint32) r << 16 | (guint32) g << 8 | (guint32) b;
            }
        }
    }
  cairo_surface_mark_dirty (surface);
}

void
_ft_synth_finish (cairo_surface_t *surface, FtSynthRng *rng)
{
  cairo_t *cr = cairo_create (surface);

  light (cr, rng, cairo_image_surface_get_width (surface),
         cairo_image_surface_get_height (surface));
  cairo_destroy (cr);
  grain (surface, rng);
}
