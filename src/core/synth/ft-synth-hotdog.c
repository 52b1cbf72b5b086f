/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static const FtRgb bun_colours[] = {
  { 0.86, 0.62, 0.32 },
  { 0.91, 0.72, 0.44 },
  { 0.80, 0.52, 0.26 },
  { 0.93, 0.80, 0.58 },
};
static const FtRgb sausage_colours[] = {
  { 0.66, 0.24, 0.14 },
  { 0.76, 0.36, 0.20 },
  { 0.55, 0.27, 0.16 },
  { 0.84, 0.46, 0.36 },
};

static void
bun_half (cairo_t *cr, FtRgb colour, double half_length, double y0, double y1)
{
  double half = (y1 - y0) / 2;

  cairo_save (cr);
  cairo_translate (cr, 0, (y0 + y1) / 2);
  _ft_synth_capsule (cr, half_length, half);
  cairo_restore (cr);
  _ft_synth_fill_round (cr, colour, half, (y0 + y1) / 2);
  _ft_synth_set_rgba (cr, _ft_synth_shade (colour, 0.5), 0.5);
  cairo_set_line_width (cr, 0.008);
  cairo_stroke (cr);
}

static void
grill_marks (cairo_t *cr, FtSynthRng *rng, double half_length, double half_width)
{
  guint n = 3 + _ft_synth_below (rng, 5);

  cairo_set_line_width (cr, half_width * 0.35);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 0.18, 0.07, 0.03, _ft_synth_uniform (rng, 0.35, 0.7));
  for (guint i = 0; i < n; i++)
    {
      double x = -half_length * 0.7 + 1.4 * half_length * (i + 0.5) / n;
      cairo_move_to (cr, x - half_width * 0.5, -half_width * 0.7);
      cairo_line_to (cr, x + half_width * 0.5, half_width * 0.7);
    }
  cairo_stroke (cr);
}

static void
sausage (cairo_t *cr, FtSynthRng *rng, double half_length, double half_width)
{
  FtRgb colour = _ft_synth_vary (rng, sausage_colours[_ft_synth_below (rng, 4)], 0.06);

  _ft_synth_capsule (cr, half_length, half_width);
  _ft_synth_fill_round (cr, colour, half_width, 0);
  cairo_new_path (cr);
  if (_ft_synth_chance (rng, 0.5))
    grill_marks (cr, rng, half_length, half_width);
  /* The shine of a cooked skin. */
  cairo_set_source_rgba (cr, 1, 0.9, 0.8, 0.35);
  cairo_set_line_width (cr, half_width * 0.25);
  cairo_move_to (cr, -half_length * 0.75, -half_width * 0.45);
  cairo_line_to (cr, half_length * 0.6, -half_width * 0.45);
  cairo_stroke (cr);
}

static void
squiggle (cairo_t *cr, FtSynthRng *rng, FtRgb colour, double half_length, double amplitude)
{
  double waves = _ft_synth_uniform (rng, 3, 8);
  double phase = _ft_synth_uniform (rng, 0, 2 * G_PI);
  double y0 = _ft_synth_uniform (rng, -0.02, 0.02);

  _ft_synth_set_rgb (cr, colour);
  cairo_set_line_width (cr, _ft_synth_uniform (rng, 0.018, 0.035));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int i = 0; i <= 60; i++)
    {
      double t = (double) i / 60;
      double x = -half_length + 2 * half_length * t;
      double y = y0 + amplitude * sin (phase + t * waves * 2 * G_PI);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
}

static void
bits (cairo_t *cr, FtSynthRng *rng, FtRgb colour, double half_length, double spread, double size)
{
  guint n = 8 + _ft_synth_below (rng, 20);

  for (guint i = 0; i < n; i++)
    {
      double x = _ft_synth_uniform (rng, -half_length, half_length);
      double y = _ft_synth_uniform (rng, -spread, spread);
      _ft_synth_set_rgb (cr, _ft_synth_vary (rng, colour, 0.08));
      cairo_rectangle (cr, x, y, size * _ft_synth_uniform (rng, 0.6, 1.4),
                       size * _ft_synth_uniform (rng, 0.6, 1.4));
      cairo_fill (cr);
    }
}

static void
toppings (cairo_t *cr, FtSynthRng *rng, double half_length, double half_width)
{
  static const FtRgb mustard = { 0.95, 0.78, 0.10 };
  static const FtRgb ketchup = { 0.78, 0.08, 0.06 };
  static const FtRgb relish = { 0.35, 0.62, 0.18 };
  static const FtRgb onion = { 0.95, 0.93, 0.85 };
  double reach = half_length * 0.85;

  if (_ft_synth_chance (rng, 0.45))
    bits (cr, rng, relish, reach, half_width * 0.8, 0.03);
  if (_ft_synth_chance (rng, 0.3))
    bits (cr, rng, onion, reach, half_width * 0.8, 0.025);
  if (_ft_synth_chance (rng, 0.55))
    squiggle (cr, rng, ketchup, reach, half_width * 0.7);
  if (_ft_synth_chance (rng, 0.65))
    squiggle (cr, rng, mustard, reach, half_width * 0.8);
}

void
_ft_synth_draw_hotdog (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb bun = _ft_synth_vary (rng, bun_colours[_ft_synth_below (rng, 4)], 0.05);
  FtRgb crumb = _ft_synth_vary (rng, (FtRgb){ 0.96, 0.88, 0.68 }, 0.03);
  double bun_half_length = _ft_synth_uniform (rng, 0.40, 0.47);
  double sausage_half_length = bun_half_length * _ft_synth_uniform (rng, 0.95, 1.25);
  double sausage_half_width = _ft_synth_uniform (rng, 0.055, 0.085);
  double open = _ft_synth_uniform (rng, 0.10, 0.2);

  /* The far half of the bun, its crumb, the sausage, then the near half. */
  bun_half (cr, bun, bun_half_length, -open - 0.08, 0.06);
  _ft_synth_capsule (cr, bun_half_length * 0.92, open * 0.8);
  _ft_synth_set_rgb (cr, crumb);
  cairo_fill (cr);
  sausage (cr, rng, sausage_half_length, sausage_half_width);
  if (_ft_synth_chance (rng, 0.85))
    toppings (cr, rng, sausage_half_length, sausage_half_width);
  bun_half (cr, _ft_synth_shade (bun, 1.04), bun_half_length * 0.97, sausage_half_width * 0.6,
            open + 0.1);
}
