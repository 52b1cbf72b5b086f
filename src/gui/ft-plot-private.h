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
/* What an off-scale marker needs: @x where its value lies along the frame, its text's size. */
typedef struct
{
  double x;
  double width;
  double height;
} FtPlotMarkerSize;

/* Where a marker goes: its arrow's square and its text's box. */
typedef struct
{
  graphene_rect_t arrow;
  graphene_rect_t text;
} FtPlotMarkerPlace;

/*
 * Places @n markers inside @area from its top edge down, one row each in the given order, so
 * that no marker's arrow or text covers another's: each arrow (@arrow wide and high) stands
 * where its value lies, kept inside the frame, with its text beside it on the side with room or
 * under it; a text wider than the frame is given the frame's width (the caller wraps it).
 * @gap is the space kept around each.
 */
void _ft_plot_place_markers (const graphene_rect_t *area,
                             double arrow,
                             double gap,
                             const FtPlotMarkerSize *sizes,
                             guint n,
                             FtPlotMarkerPlace *places);
/* (transfer full) (nullable): the markers' texts, one a line, or NULL when all is on the scale. */
char *_ft_plot_dup_off_scale_text (FtPlot *self);

G_END_DECLS
