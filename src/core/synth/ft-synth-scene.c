/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static void
napkin (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb colour = _ft_synth_chance (rng, 0.5) ? (FtRgb){ 0.97, 0.97, 0.95 }
                                             : _ft_synth_vary (rng, (FtRgb){ 0.6, 0.5, 0.5 }, 0.4);

  cairo_rectangle (cr, -0.5, -0.5, 1, 1);
  _ft_synth_set_rgb (cr, colour);
  cairo_fill (cr);
  cairo_move_to (cr, -0.5, 0);
  cairo_line_to (cr, 0.5, 0);
  _ft_synth_set_rgb (cr, _ft_synth_shade (colour, 0.85));
  cairo_set_line_width (cr, 0.02);
  cairo_stroke (cr);
}

static void
cup (cairo_t *cr, FtSynthRng *rng)
{
  static const FtRgb drinks[]
    = { { 0.25, 0.12, 0.06 }, { 0.95, 0.6, 0.1 }, { 0.35, 0.1, 0.05 }, { 0.85, 0.85, 0.8 } };

  _ft_synth_ellipse (cr, 0, 0, 0.4, 0.4);
  _ft_synth_fill_round (cr, _ft_synth_vary (rng, (FtRgb){ 0.85, 0.85, 0.88 }, 0.15), 0.4, 0);
  cairo_new_path (cr);
  _ft_synth_ellipse (cr, 0, 0, 0.33, 0.33);
  _ft_synth_set_rgb (cr, drinks[_ft_synth_below (rng, 4)]);
  cairo_fill (cr);
}

static void
cutlery (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb steel = _ft_synth_vary (rng, (FtRgb){ 0.75, 0.76, 0.78 }, 0.05);

  _ft_synth_capsule (cr, 0.5, 0.035);
  _ft_synth_fill_round (cr, steel, 0.035, 0);
  cairo_new_path (cr);
  cairo_rectangle (cr, 0.2, -0.06, 0.35, 0.12);
  _ft_synth_fill_round (cr, steel, 0.06, 0);
  cairo_new_path (cr);
}

static void
bottle (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb colour
    = _ft_synth_chance (rng, 0.5) ? (FtRgb){ 0.8, 0.1, 0.08 } : (FtRgb){ 0.95, 0.8, 0.1 };

  _ft_synth_capsule (cr, 0.4, 0.12);
  _ft_synth_fill_round (cr, colour, 0.12, 0);
  cairo_new_path (cr);
  cairo_rectangle (cr, 0.38, -0.05, 0.14, 0.1);
  cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
  cairo_fill (cr);
}

void
_ft_synth_draw_occluder (cairo_t *cr, FtSynthRng *rng)
{
  switch (_ft_synth_below (rng, 4))
    {
    case 0:
      napkin (cr, rng);
      break;
    case 1:
      cup (cr, rng);
      break;
    case 2:
      cutlery (cr, rng);
      break;
    default:
      bottle (cr, rng);
      break;
    }
}

/* Places the unit frame at a random spot, turn and size in a picture. */
static void
place (cairo_t *cr, FtSynthRng *rng, int width, int height, double lo, double hi)
{
  double side = MIN (width, height);

  cairo_translate (cr, width * _ft_synth_uniform (rng, 0.25, 0.75),
                   height * _ft_synth_uniform (rng, 0.25, 0.75));
  cairo_rotate (cr, _ft_synth_uniform (rng, -G_PI, G_PI));
  cairo_scale (cr, side * _ft_synth_uniform (rng, lo, hi),
               side * _ft_synth_uniform (rng, lo, hi) * _ft_synth_uniform (rng, 0.75, 1.15));
}

static void
food (cairo_t *cr, FtSynthRng *rng, gboolean hotdog)
{
  if (hotdog)
    _ft_synth_draw_hotdog (cr, rng);
  else
    _ft_synth_draw_other_food (cr, rng);
}

void
_ft_synth_draw_scene (cairo_t *cr, FtSynthRng *rng, int width, int height, gboolean hotdog)
{
  guint foods = _ft_synth_chance (rng, 0.7) ? 1 : 2 + _ft_synth_below (rng, 2);
  gboolean plated = _ft_synth_chance (rng, 0.5);
  guint props = _ft_synth_below (rng, 3);

  _ft_synth_draw_background (cr, rng, width, height);
  for (guint i = 0; i < props; i++)
    {
      cairo_save (cr);
      place (cr, rng, width, height, 0.2, 0.5);
      _ft_synth_draw_occluder (cr, rng);
      cairo_restore (cr);
    }
  for (guint i = 0; i < foods; i++)
    {
      cairo_save (cr);
      place (cr, rng, width, height, foods == 1 ? 0.6 : 0.35, foods == 1 ? 1.2 : 0.7);
      if (plated && i == 0)
        _ft_synth_draw_plate (cr, rng);
      /* A side dish from the other class now and then, smaller than the main one. */
      if (i > 0 && _ft_synth_chance (rng, 0.3))
        {
          cairo_scale (cr, 0.6, 0.6);
          _ft_synth_draw_long_food (cr, rng);
        }
      else
        food (cr, rng, hotdog);
      cairo_restore (cr);
    }
  if (_ft_synth_chance (rng, 0.3))
    {
      cairo_save (cr);
      place (cr, rng, width, height, 0.2, 0.45);
      _ft_synth_draw_occluder (cr, rng);
      cairo_restore (cr);
    }
}
