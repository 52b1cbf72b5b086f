/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static guint64
mix (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
_ft_synth_rng_init (FtSynthRng *rng, guint64 seed, guint64 stream)
{
  rng->state = mix (seed ^ mix (stream + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)));
}

guint64
_ft_synth_rng_next (FtSynthRng *rng)
{
  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix (rng->state);
}

double
_ft_synth_uniform (FtSynthRng *rng, double lo, double hi)
{
  double unit = (double) (_ft_synth_rng_next (rng) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53);

  return lo + (hi - lo) * unit;
}

guint
_ft_synth_below (FtSynthRng *rng, guint n)
{
  return (guint) (_ft_synth_rng_next (rng) % n);
}

gboolean
_ft_synth_chance (FtSynthRng *rng, double p)
{
  return _ft_synth_uniform (rng, 0, 1) < p;
}

FtRgb
_ft_synth_vary (FtSynthRng *rng, FtRgb base, double spread)
{
  FtRgb c = {
    CLAMP (base.r + _ft_synth_uniform (rng, -spread, spread), 0, 1),
    CLAMP (base.g + _ft_synth_uniform (rng, -spread, spread), 0, 1),
    CLAMP (base.b + _ft_synth_uniform (rng, -spread, spread), 0, 1),
  };

  return c;
}

FtRgb
_ft_synth_shade (FtRgb c, double factor)
{
  FtRgb s = { CLAMP (c.r * factor, 0, 1), CLAMP (c.g * factor, 0, 1), CLAMP (c.b * factor, 0, 1) };

  return s;
}

void
_ft_synth_set_rgb (cairo_t *cr, FtRgb c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

void
_ft_synth_set_rgba (cairo_t *cr, FtRgb c, double alpha)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

void
_ft_synth_capsule (cairo_t *cr, double half_length, double half_width)
{
  double straight = MAX (half_length - half_width, 0);

  cairo_new_sub_path (cr);
  cairo_arc (cr, straight, 0, half_width, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, -straight, 0, half_width, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
_ft_synth_ellipse (cairo_t *cr, double x, double y, double rx, double ry)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, MAX (rx, 1e-6), MAX (ry, 1e-6));
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
}

void
_ft_synth_fill_round (cairo_t *cr, FtRgb c, double half, double y0)
{
  cairo_pattern_t *p = cairo_pattern_create_linear (0, y0 - half, 0, y0 + half);
  FtRgb light = _ft_synth_shade (c, 1.18);
  FtRgb dark = _ft_synth_shade (c, 0.62);

  cairo_pattern_add_color_stop_rgb (p, 0.0, dark.r, dark.g, dark.b);
  cairo_pattern_add_color_stop_rgb (p, 0.35, light.r, light.g, light.b);
  cairo_pattern_add_color_stop_rgb (p, 0.6, c.r, c.g, c.b);
  cairo_pattern_add_color_stop_rgb (p, 1.0, dark.r, dark.g, dark.b);
  cairo_set_source (cr, p);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (p);
}
