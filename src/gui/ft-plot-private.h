/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-plot.h"

G_BEGIN_DECLS

/* Draws the read-out of the point nearest (@x, @y); returns its text or NULL. */
char *_ft_plot_draw_hover (
  FtPlot *self, cairo_t *cr, int width, int height, gboolean dark, double x, double y);

/* ft_plot_draw(), leaving the background to the widget's style when @paint_background is FALSE. */
void _ft_plot_draw_full (
  FtPlot *self, cairo_t *cr, int width, int height, gboolean dark, gboolean paint_background);

/* The horizontal position of epoch @x inside @area. */
double _ft_plot_map_x (FtPlot *self, const graphene_rect_t *area, double x);

/*
 * Marks, inside @area (already the clip), each run's highest value above the scale: an arrow at
 * the top edge where it lies and the value beside it, so that a loss that exploded stays
 * readable.  Its text is _ft_plot_dup_off_scale_text()'s.
 */
void _ft_plot_draw_off_scale (
  FtPlot *self, cairo_t *cr, const graphene_rect_t *area, double font, double line, gboolean dark);
/* (transfer full) (nullable): the markers' texts, one a line, or NULL when all is on the scale. */
char *_ft_plot_dup_off_scale_text (FtPlot *self);

G_END_DECLS
