/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ft-metric-point.h"

G_BEGIN_DECLS

#define FT_TYPE_PLOT_SERIES (ft_plot_series_get_type ())
G_DECLARE_FINAL_TYPE (FtPlotSeries, ft_plot_series, FT, PLOT_SERIES, GObject)

/* The points of one run, with the label the plot's legend shows for it. */
FtPlotSeries *ft_plot_series_new (const char *label);
const char *ft_plot_series_get_label (FtPlotSeries *self);
void ft_plot_series_set_label (FtPlotSeries *self, const char *label);
/* (transfer none): FtMetricPoint, in the order they were added. */
GArray *ft_plot_series_get_points (FtPlotSeries *self);
/* Replaces every point by @n_points copied from @points; emits ::changed. */
void ft_plot_series_set_points (FtPlotSeries *self, const FtMetricPoint *points, guint n_points);
void ft_plot_series_append (FtPlotSeries *self, const FtMetricPoint *point);

G_END_DECLS
