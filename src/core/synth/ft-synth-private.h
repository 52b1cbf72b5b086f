/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "ft-synth.h"

G_BEGIN_DECLS

/* A small deterministic generator (splitmix64), so that a seed gives the
 * same pictures on every platform and GLib version. */
typedef struct
{
  guint64 state;
} FtSynthRng;

typedef struct
{
  double r, g, b;
} FtRgb;

void _ft_synth_rng_init (FtSynthRng *rng, guint64 seed, guint64 stream);
guint64 _ft_synth_rng_next (FtSynthRng *rng);
/* Uniform in [lo, hi). */
double _ft_synth_uniform (FtSynthRng *rng, double lo, double hi);
/* Uniform in [0, n). */
guint _ft_synth_below (FtSynthRng *rng, guint n);
gboolean _ft_synth_chance (FtSynthRng *rng, double p);
/* @base with each channel moved by up to ±@spread, clamped. */
FtRgb _ft_synth_vary (FtSynthRng *rng, FtRgb base, double spread);
FtRgb _ft_synth_shade (FtRgb c, double factor);
void _ft_synth_set_rgb (cairo_t *cr, FtRgb c);
void _ft_synth_set_rgba (cairo_t *cr, FtRgb c, double alpha);
/* A path: a capsule along x from -half_length to half_length. */
void _ft_synth_capsule (cairo_t *cr, double half_length, double half_width);
/* A path: an ellipse centred on (x, y). */
void _ft_synth_ellipse (cairo_t *cr, double x, double y, double rx, double ry);
/* Fills the current path with a gradient across y: dark at ±@half, light in the middle. */
void _ft_synth_fill_round (cairo_t *cr, FtRgb c, double half, double y0);

/* Foods, each drawn about the origin with its long side along x and about one
 * unit across; the caller places, turns and scales them. */
void _ft_synth_draw_hotdog (cairo_t *cr, FtSynthRng *rng);
/* One of the other foods, chosen by @rng. */
void _ft_synth_draw_other_food (cairo_t *cr, FtSynthRng *rng);
/* Long foods that share the hot dog's outline: bread, bananas, carrots... */
void _ft_synth_draw_long_food (cairo_t *cr, FtSynthRng *rng);

/* Table tops, cloths and walls filling @width x @height. */
void _ft_synth_draw_background (cairo_t *cr, FtSynthRng *rng, int width, int height);
/* Plates, cups, napkins and cutlery that appear with either class. */
void _ft_synth_draw_plate (cairo_t *cr, FtSynthRng *rng);
void _ft_synth_draw_occluder (cairo_t *cr, FtSynthRng *rng);
/* Light, colour cast and grain over the finished picture. */
void _ft_synth_finish (cairo_surface_t *surface, FtSynthRng *rng);

/* A whole picture of @width x @height, of a hot dog or not. */
void _ft_synth_draw_scene (cairo_t *cr, FtSynthRng *rng, int width, int height, gboolean hotdog);

G_END_DECLS
