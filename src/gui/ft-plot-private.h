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

G_END_DECLS
