/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static void
wood (cairo_t *cr, FtSynthRng *rng, int width, int height)
{
  FtRgb base = _ft_synth_vary (rng, (FtRgb){ 0.55, 0.38, 0.22 }, 0.15);
  double diagonal = hypot (width, height);
  double plank = _ft_synth_uniform (rng, 0.1, 0.3) * diagonal;

  cairo_save (cr);
  cairo_translate (cr, width / 2.0, height / 2.0);
  cairo_rotate (cr, _ft_synth_uniform (rng, 0, G_PI));
  _ft_synth_set_rgb (cr, base);
  cairo_paint (cr);
  for (double y = -diagonal; y < diagonal; y += _ft_synth_uniform (rng, 2, 7))
    {
      _ft_synth_set_rgba (cr, _ft_synth_shade (base, _ft_synth_uniform (rng, 0.7, 1.2)), 0.35);
      cairo_set_line_width (cr, _ft_synth_uniform (rng, 1, 3));
      cairo_move_to (cr, -diagonal, y);
      cairo_curve_to (cr, -diagonal / 3, y + _ft_synth_uniform (rng, -4, 4), diagonal / 3,
                      y + _ft_synth_uniform (rng, -4, 4), diagonal, y);
      cairo_stroke (cr);
    }
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 1.5);
  for (double y = -diagonal; y < diagonal; y += plank)
    {
      cairo_move_to (cr, -diagonal, y);
      cairo_line_to (cr, diagonal, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
cloth (cairo_t *cr, FtSynthRng *rng, int width, int height)
{
  static const FtRgb colours[]
    = { { 0.80, 0.12, 0.12 }, { 0.15, 0.30, 0.70 }, { 0.20, 0.55, 0.25 }, { 0.85, 0.70, 0.15 } };
  FtRgb colour = _ft_synth_vary (rng, colours[_ft_synth_below (rng, 4)], 0.08);
  double diagonal = hypot (width, height);
  double square = _ft_synth_uniform (rng, 0.05, 0.14) * diagonal;

  cairo_save (cr);
  cairo_translate (cr, width / 2.0, height / 2.0);
  cairo_rotate (cr, _ft_synth_uniform (rng, -0.6, 0.6));
  cairo_set_source_rgb (cr, 0.95, 0.94, 0.90);
  cairo_paint (cr);
  _ft_synth_set_rgba (cr, colour, 0.5);
  for (double x = -diagonal; x < diagonal; x += 2 * square)
    {
      cairo_rectangle (cr, x, -diagonal, square, 2 * diagonal);
      cairo_rectangle (cr, -diagonal, x, 2 * diagonal, square);
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
plain (cairo_t *cr, FtSynthRng *rng, int width, int height)
{
  FtRgb a = { _ft_synth_uniform (rng, 0.2, 0.95), _ft_synth_uniform (rng, 0.2, 0.95),
              _ft_synth_uniform (rng, 0.2, 0.95) };
  FtRgb b = _ft_synth_shade (a, _ft_synth_uniform (rng, 0.5, 1.1));
  cairo_pattern_t *p
    = cairo_pattern_create_linear (0, 0, _ft_synth_uniform (rng, 0, width), height);

  cairo_pattern_add_color_stop_rgb (p, 0, a.r, a.g, a.b);
  cairo_pattern_add_color_stop_rgb (p, 1, b.r, b.g, b.b);
  cairo_set_source (cr, p);
  cairo_paint (cr);
  cairo_pattern_destroy (p);
}

static void
speckled (cairo_t *cr, FtSynthRng *rng, int width, int height)
{
  FtRgb base = _ft_synth_vary (rng, (FtRgb){ 0.35, 0.35, 0.36 }, 0.2);
  guint n = (guint) (width * height / 60);

  _ft_synth_set_rgb (cr, base);
  cairo_paint (cr);
  for (guint i = 0; i < n; i++)
    {
      _ft_synth_set_rgba (cr, _ft_synth_shade (base, _ft_synth_uniform (rng, 0.5, 1.6)), 0.6);
      cairo_rectangle (cr, _ft_synth_uniform (rng, 0, width), _ft_synth_uniform (rng, 0, height), 2,
                       2);
      cairo_fill (cr);
    }
}

void
_ft_synth_draw_background (cairo_t *cr, FtSynthRng *rng, int width, int height)
{
  switch (_ft_synth_below (rng, 4))
    {
    case 0:
      wood (cr, rng, width, height);
      break;
    case 1:
      cloth (cr, rng, width, height);
      break;
    case 2:
      plain (cr, rng, width, height);
      break;
    default:
      speckled (cr, rng, width, height);
      break;
    }
}

void
_ft_synth_draw_plate (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb colour = _ft_synth_chance (rng, 0.6)
                   ? _ft_synth_vary (rng, (FtRgb){ 0.96, 0.96, 0.94 }, 0.03)
                   : _ft_synth_vary (rng, (FtRgb){ 0.5, 0.5, 0.5 }, 0.45);
  double squash = _ft_synth_uniform (rng, 0.7, 1.0);

  cairo_save (cr);
  cairo_translate (cr, 0.02, 0.03);
  _ft_synth_ellipse (cr, 0, 0, 0.62, 0.62 * squash);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_fill (cr);
  cairo_restore (cr);
  _ft_synth_ellipse (cr, 0, 0, 0.62, 0.62 * squash);
  _ft_synth_fill_round (cr, colour, 0.62 * squash, 0);
  cairo_new_path (cr);
  _ft_synth_ellipse (cr, 0, 0, 0.45, 0.45 * squash);
  _ft_synth_set_rgb (cr, _ft_synth_shade (colour, 0.94));
  cairo_fill (cr);
}
