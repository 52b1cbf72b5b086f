/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static void
baguette (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb crust = _ft_synth_vary (rng, (FtRgb){ 0.84, 0.58, 0.28 }, 0.06);
  double half_width = _ft_synth_uniform (rng, 0.08, 0.16);
  guint cuts = 3 + _ft_synth_below (rng, 4);

  _ft_synth_capsule (cr, 0.5, half_width);
  _ft_synth_fill_round (cr, crust, half_width, 0);
  cairo_new_path (cr);
  cairo_set_line_width (cr, half_width * 0.3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < cuts; i++)
    {
      double x = -0.38 + 0.76 * (i + 0.5) / cuts;
      cairo_move_to (cr, x - 0.05, half_width * 0.5);
      cairo_line_to (cr, x + 0.05, -half_width * 0.5);
      _ft_synth_set_rgb (cr, (FtRgb){ 0.96, 0.86, 0.62 });
      cairo_stroke (cr);
    }
}

static void
banana (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb skin = _ft_synth_vary (rng, (FtRgb){ 0.96, 0.82, 0.22 }, 0.05);
  double bend = _ft_synth_uniform (rng, 0.1, 0.25);

  cairo_move_to (cr, -0.5, 0);
  cairo_curve_to (cr, -0.2, bend + 0.12, 0.2, bend + 0.12, 0.5, 0);
  cairo_curve_to (cr, 0.2, bend - 0.06, -0.2, bend - 0.06, -0.5, 0);
  cairo_close_path (cr);
  _ft_synth_fill_round (cr, skin, 0.12, bend * 0.6);
  cairo_set_source_rgb (cr, 0.35, 0.25, 0.1);
  cairo_set_line_width (cr, 0.01);
  cairo_stroke (cr);
  _ft_synth_ellipse (cr, 0.5, 0, 0.025, 0.02);
  cairo_set_source_rgb (cr, 0.25, 0.18, 0.08);
  cairo_fill (cr);
}

static void
carrot (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb orange = _ft_synth_vary (rng, (FtRgb){ 0.95, 0.50, 0.12 }, 0.05);

  cairo_move_to (cr, -0.35, -0.09);
  cairo_line_to (cr, 0.5, -0.01);
  cairo_line_to (cr, 0.5, 0.01);
  cairo_line_to (cr, -0.35, 0.09);
  cairo_arc (cr, -0.35, 0, 0.09, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  _ft_synth_fill_round (cr, orange, 0.09, 0);
  cairo_new_path (cr);
  cairo_set_line_width (cr, 0.03);
  cairo_set_source_rgb (cr, 0.25, 0.55, 0.15);
  for (int i = -2; i <= 2; i++)
    {
      cairo_move_to (cr, -0.42, 0);
      cairo_rel_line_to (cr, -0.12, i * 0.04);
    }
  cairo_stroke (cr);
}

static void
corn (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb kernel = _ft_synth_vary (rng, (FtRgb){ 0.98, 0.82, 0.25 }, 0.04);

  _ft_synth_capsule (cr, 0.45, 0.13);
  _ft_synth_fill_round (cr, _ft_synth_shade (kernel, 0.8), 0.13, 0);
  cairo_new_path (cr);
  for (double x = -0.38; x < 0.38; x += 0.045)
    for (double y = -0.1; y <= 0.1; y += 0.045)
      {
        _ft_synth_ellipse (cr, x, y, 0.019, 0.017);
        _ft_synth_set_rgb (cr, _ft_synth_shade (kernel, 1.05 - fabs (y) * 2.5));
        cairo_fill (cr);
      }
}

static void
skewer (cairo_t *cr, FtSynthRng *rng)
{
  static const FtRgb chunks[] = { { 0.45, 0.22, 0.12 },
                                  { 0.85, 0.20, 0.12 },
                                  { 0.30, 0.60, 0.20 },
                                  { 0.92, 0.85, 0.60 },
                                  { 0.60, 0.30, 0.15 } };

  cairo_set_source_rgb (cr, 0.75, 0.65, 0.45);
  cairo_set_line_width (cr, 0.015);
  cairo_move_to (cr, -0.55, 0);
  cairo_line_to (cr, 0.55, 0);
  cairo_stroke (cr);
  for (int i = 0; i < 7; i++)
    {
      double x = -0.42 + i * 0.14;
      FtRgb c = _ft_synth_vary (rng, chunks[_ft_synth_below (rng, 5)], 0.06);
      cairo_rectangle (cr, x - 0.065, -0.11, 0.13, 0.22);
      _ft_synth_fill_round (cr, c, 0.11, 0);
      cairo_new_path (cr);
    }
}

static void
fries (cairo_t *cr, FtSynthRng *rng)
{
  guint n = 10 + _ft_synth_below (rng, 15);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  for (guint i = 0; i < n; i++)
    {
      double x = _ft_synth_uniform (rng, -0.3, 0.3), y = _ft_synth_uniform (rng, -0.25, 0.25);
      double a = _ft_synth_uniform (rng, 0, G_PI), l = _ft_synth_uniform (rng, 0.15, 0.3);
      cairo_set_line_width (cr, 0.04);
      cairo_move_to (cr, x - l * cos (a), y - l * sin (a));
      cairo_line_to (cr, x + l * cos (a), y + l * sin (a));
      _ft_synth_set_rgb (cr, _ft_synth_vary (rng, (FtRgb){ 0.95, 0.78, 0.35 }, 0.06));
      cairo_stroke (cr);
    }
}

static void
eclair (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb pastry = _ft_synth_vary (rng, (FtRgb){ 0.88, 0.66, 0.36 }, 0.05);

  _ft_synth_capsule (cr, 0.42, 0.1);
  _ft_synth_fill_round (cr, pastry, 0.1, 0);
  cairo_new_path (cr);
  cairo_save (cr);
  cairo_translate (cr, 0, -0.025);
  _ft_synth_capsule (cr, 0.38, 0.065);
  cairo_restore (cr);
  _ft_synth_fill_round (cr, _ft_synth_vary (rng, (FtRgb){ 0.30, 0.16, 0.08 }, 0.04), 0.065, -0.025);
  cairo_new_path (cr);
}

void
_ft_synth_draw_long_food (cairo_t *cr, FtSynthRng *rng)
{
  switch (_ft_synth_below (rng, 7))
    {
    case 0:
      baguette (cr, rng);
      break;
    case 1:
      banana (cr, rng);
      break;
    case 2:
      carrot (cr, rng);
      break;
    case 3:
      corn (cr, rng);
      break;
    case 4:
      skewer (cr, rng);
      break;
    case 5:
      fries (cr, rng);
      break;
    default:
      eclair (cr, rng);
      break;
    }
}
