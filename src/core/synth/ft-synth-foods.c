/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ft-synth-private.h"

static void
dots (cairo_t *cr, FtSynthRng *rng, FtRgb colour, guint n, double spread, double size)
{
  for (guint i = 0; i < n; i++)
    {
      double a = _ft_synth_uniform (rng, 0, 2 * G_PI);
      double r = spread * sqrt (_ft_synth_uniform (rng, 0, 1));
      _ft_synth_ellipse (cr, r * cos (a), r * sin (a), size,
                         size * _ft_synth_uniform (rng, 0.6, 1));
      _ft_synth_set_rgb (cr, _ft_synth_vary (rng, colour, 0.05));
      cairo_fill (cr);
    }
}

static void
pizza (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb cheese = _ft_synth_vary (rng, (FtRgb){ 0.97, 0.80, 0.38 }, 0.05);
  FtRgb crust = _ft_synth_vary (rng, (FtRgb){ 0.80, 0.52, 0.24 }, 0.05);
  double spread = _ft_synth_uniform (rng, 0.22, 0.34);

  cairo_move_to (cr, -0.5, 0);
  cairo_arc (cr, -0.5, 0, 1.0, -spread, spread);
  cairo_close_path (cr);
  _ft_synth_set_rgb (cr, crust);
  cairo_fill (cr);
  cairo_move_to (cr, -0.46, 0);
  cairo_arc (cr, -0.5, 0, 0.88, -spread * 0.9, spread * 0.9);
  cairo_close_path (cr);
  _ft_synth_set_rgb (cr, cheese);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_translate (cr, 0.05, 0);
  dots (cr, rng, (FtRgb){ 0.70, 0.12, 0.10 }, 3 + _ft_synth_below (rng, 5), 0.28, 0.055);
  if (_ft_synth_chance (rng, 0.5))
    dots (cr, rng, (FtRgb){ 0.15, 0.15, 0.12 }, 4 + _ft_synth_below (rng, 6), 0.3, 0.02);
  if (_ft_synth_chance (rng, 0.5))
    dots (cr, rng, (FtRgb){ 0.25, 0.55, 0.20 }, 3 + _ft_synth_below (rng, 6), 0.3, 0.03);
  cairo_restore (cr);
}

static void
layer (cairo_t *cr,
       FtRgb colour,
       double y,
       double half_width,
       double thickness,
       double wave,
       FtSynthRng *rng)
{
  guint n = 16;

  cairo_move_to (cr, -half_width, y);
  for (guint i = 0; i <= n; i++)
    cairo_line_to (cr, -half_width + 2 * half_width * i / n,
                   y - thickness / 2 + wave * _ft_synth_uniform (rng, -1, 1));
  for (guint i = 0; i <= n; i++)
    cairo_line_to (cr, half_width - 2 * half_width * i / n,
                   y + thickness / 2 + wave * _ft_synth_uniform (rng, -1, 1));
  cairo_close_path (cr);
  _ft_synth_fill_round (cr, colour, thickness / 2, y);
  cairo_new_path (cr);
}

static void
burger (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb bun = _ft_synth_vary (rng, (FtRgb){ 0.85, 0.58, 0.28 }, 0.06);
  double w = _ft_synth_uniform (rng, 0.38, 0.46);

  cairo_save (cr);
  cairo_translate (cr, 0, 0.22);
  _ft_synth_capsule (cr, w, 0.06);
  cairo_restore (cr);
  _ft_synth_fill_round (cr, bun, 0.06, 0.22);
  cairo_new_path (cr);
  layer (cr, _ft_synth_vary (rng, (FtRgb){ 0.36, 0.20, 0.12 }, 0.05), 0.14, w + 0.02, 0.09, 0.012,
         rng);
  if (_ft_synth_chance (rng, 0.6))
    layer (cr, (FtRgb){ 0.98, 0.75, 0.15 }, 0.09, w + 0.03, 0.03, 0.015, rng);
  if (_ft_synth_chance (rng, 0.6))
    layer (cr, (FtRgb){ 0.85, 0.18, 0.12 }, 0.06, w - 0.03, 0.035, 0.004, rng);
  layer (cr, _ft_synth_vary (rng, (FtRgb){ 0.38, 0.70, 0.22 }, 0.06), 0.03, w + 0.05, 0.04, 0.02,
         rng);
  cairo_arc (cr, 0, 0.02, w, G_PI, 2 * G_PI);
  cairo_close_path (cr);
  _ft_synth_fill_round (cr, bun, w / 2, -w / 2);
  cairo_new_path (cr);
  for (guint i = 0; i < 14; i++)
    {
      double a = _ft_synth_uniform (rng, G_PI * 1.1, G_PI * 1.9);
      double r = w * _ft_synth_uniform (rng, 0.3, 0.85);
      _ft_synth_ellipse (cr, r * cos (a), 0.02 + r * sin (a), 0.018, 0.009);
      cairo_set_source_rgb (cr, 0.98, 0.94, 0.80);
      cairo_fill (cr);
    }
}

static void
donut (cairo_t *cr, FtSynthRng *rng)
{
  static const FtRgb icings[]
    = { { 0.95, 0.55, 0.70 }, { 0.35, 0.20, 0.12 }, { 0.97, 0.95, 0.90 }, { 0.60, 0.40, 0.75 } };
  FtRgb dough = _ft_synth_vary (rng, (FtRgb){ 0.82, 0.56, 0.28 }, 0.05);
  FtRgb icing = icings[_ft_synth_below (rng, 4)];

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  _ft_synth_ellipse (cr, 0, 0, 0.42, 0.42);
  _ft_synth_ellipse (cr, 0, 0, 0.13, 0.13);
  _ft_synth_fill_round (cr, dough, 0.42, 0);
  cairo_new_path (cr);
  if (_ft_synth_chance (rng, 0.8))
    {
      for (int i = 0; i <= 24; i++)
        {
          double a = i * 2 * G_PI / 24;
          double r = 0.34 + _ft_synth_uniform (rng, -0.03, 0.03);
          cairo_line_to (cr, r * cos (a), r * sin (a));
        }
      cairo_close_path (cr);
      _ft_synth_ellipse (cr, 0, 0, 0.17, 0.17);
      _ft_synth_set_rgb (cr, icing);
      cairo_fill (cr);
      cairo_set_line_width (cr, 0.02);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      for (guint i = 0; i < 30 * _ft_synth_below (rng, 2); i++)
        {
          double a = _ft_synth_uniform (rng, 0, 2 * G_PI), r = _ft_synth_uniform (rng, 0.2, 0.32);
          double t = _ft_synth_uniform (rng, 0, G_PI);
          cairo_move_to (cr, r * cos (a), r * sin (a));
          cairo_rel_line_to (cr, 0.035 * cos (t), 0.035 * sin (t));
          cairo_set_source_rgb (cr, _ft_synth_uniform (rng, 0.2, 1),
                                _ft_synth_uniform (rng, 0.2, 1), _ft_synth_uniform (rng, 0.2, 1));
          cairo_stroke (cr);
        }
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
}

static void
salad (cairo_t *cr, FtSynthRng *rng)
{
  FtRgb bowl = _ft_synth_vary (rng, (FtRgb){ 0.92, 0.92, 0.90 }, 0.1);

  _ft_synth_ellipse (cr, 0, 0, 0.46, 0.46);
  _ft_synth_fill_round (cr, bowl, 0.46, 0);
  cairo_new_path (cr);
  for (guint i = 0; i < 26; i++)
    {
      double a = _ft_synth_uniform (rng, 0, 2 * G_PI),
             r = 0.3 * sqrt (_ft_synth_uniform (rng, 0, 1));
      cairo_save (cr);
      cairo_translate (cr, r * cos (a), r * sin (a));
      cairo_rotate (cr, _ft_synth_uniform (rng, 0, G_PI));
      _ft_synth_ellipse (cr, 0, 0, 0.12, 0.06);
      cairo_restore (cr);
      _ft_synth_set_rgb (cr, _ft_synth_vary (rng, (FtRgb){ 0.40, 0.68, 0.25 }, 0.12));
      cairo_fill (cr);
    }
  dots (cr, rng, (FtRgb){ 0.85, 0.15, 0.10 }, 2 + _ft_synth_below (rng, 5), 0.28, 0.05);
  dots (cr, rng, (FtRgb){ 0.80, 0.90, 0.60 }, _ft_synth_below (rng, 5), 0.28, 0.045);
  dots (cr, rng, (FtRgb){ 0.95, 0.55, 0.15 }, _ft_synth_below (rng, 8), 0.3, 0.02);
}

static void
round_fruit (cairo_t *cr, FtSynthRng *rng)
{
  static const FtRgb skins[]
    = { { 0.75, 0.10, 0.10 }, { 0.55, 0.75, 0.20 }, { 0.96, 0.55, 0.10 }, { 0.45, 0.15, 0.40 } };
  guint n = 1 + _ft_synth_below (rng, 4);

  for (guint i = 0; i < n; i++)
    {
      double x = _ft_synth_uniform (rng, -0.25, 0.25), y = _ft_synth_uniform (rng, -0.2, 0.2);
      double r = _ft_synth_uniform (rng, 0.16, 0.26);
      FtRgb skin = _ft_synth_vary (rng, skins[_ft_synth_below (rng, 4)], 0.06);
      cairo_pattern_t *p = cairo_pattern_create_radial (x - r * 0.3, y - r * 0.3, r * 0.1, x, y, r);

      cairo_pattern_add_color_stop_rgb (p, 0, MIN (skin.r * 1.4, 1), MIN (skin.g * 1.4, 1),
                                        MIN (skin.b * 1.4, 1));
      cairo_pattern_add_color_stop_rgb (p, 1, skin.r * 0.55, skin.g * 0.55, skin.b * 0.55);
      _ft_synth_ellipse (cr, x, y, r, r * _ft_synth_uniform (rng, 0.9, 1.05));
      cairo_set_source (cr, p);
      cairo_fill (cr);
      cairo_pattern_destroy (p);
      cairo_set_source_rgb (cr, 0.3, 0.2, 0.1);
      cairo_set_line_width (cr, 0.02);
      cairo_move_to (cr, x, y - r * 0.8);
      cairo_rel_line_to (cr, 0.02, -0.08);
      cairo_stroke (cr);
    }
}

static void
sushi (cairo_t *cr, FtSynthRng *rng)
{
  guint n = 2 + _ft_synth_below (rng, 4);
  FtRgb fish = _ft_synth_vary (rng, (FtRgb){ 0.95, 0.45, 0.35 }, 0.08);

  for (guint i = 0; i < n; i++)
    {
      double x = -0.4 + 0.8 * (i + 0.5) / n, r = MIN (0.4 / n, 0.16);
      _ft_synth_ellipse (cr, x, 0, r, r);
      cairo_set_source_rgb (cr, 0.08, 0.12, 0.08);
      cairo_fill (cr);
      _ft_synth_ellipse (cr, x, 0, r * 0.85, r * 0.85);
      cairo_set_source_rgb (cr, 0.96, 0.95, 0.92);
      cairo_fill (cr);
      _ft_synth_ellipse (cr, x, 0, r * 0.35, r * 0.35);
      _ft_synth_set_rgb (cr, fish);
      cairo_fill (cr);
    }
}

void
_ft_synth_draw_other_food (cairo_t *cr, FtSynthRng *rng)
{
  switch (_ft_synth_below (rng, 9))
    {
    case 0:
      pizza (cr, rng);
      break;
    case 1:
      burger (cr, rng);
      break;
    case 2:
      donut (cr, rng);
      break;
    case 3:
      salad (cr, rng);
      break;
    case 4:
      round_fruit (cr, rng);
      break;
    case 5:
      sushi (cr, rng);
      break;
    default:
      _ft_synth_draw_long_food (cr, rng);
      break;
    }
}
