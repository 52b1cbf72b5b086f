/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ft-metric-point.h"
#include "ft-trainer-config.h"

G_BEGIN_DECLS

#define FT_TYPE_PLOT_SERIES (ft_plot_series_get_type ())
G_DECLARE_FINAL_TYPE (FtPlotSeries, ft_plot_series, FT, PLOT_SERIES, GObject)

/*
 * How a run started, which gives its curves their dash pattern on every page: fine-tuning solid,
 * from scratch dashed (a second run of either role overlaid gets its role's second pattern).
 * FT_PLOT_ROLE_ANY: a pattern by position.
 */
typedef enum
{
  FT_PLOT_ROLE_ANY,
  FT_PLOT_ROLE_FINETUNE,
  FT_PLOT_ROLE_SCRATCH,
} FtPlotRole;

/* The role of a run trained with @config: fine-tuning when it starts from pretrained weights. */
FtPlotRole ft_plot_role_for_config (const FtTrainerConfig *config);

/* The points of one run, with the label the plot's legend shows for it. */
FtPlotSeries *ft_plot_series_new (const char *label);
const char *ft_plot_series_get_label (FtPlotSeries *self);
void ft_plot_series_set_label (FtPlotSeries *self, const char *label);
/* (transfer none): FtMetricPoint, in the order they were added. */
GArray *ft_plot_series_get_points (FtPlotSeries *self);
/* Replaces every point by @n_points copied from @points; emits ::changed. */
void ft_plot_series_set_points (FtPlotSeries *self, const FtMetricPoint *points, guint n_points);
void ft_plot_series_append (FtPlotSeries *self, const FtMetricPoint *point);
/* A series for a run of @config, labelled @label, its role set from @config. */
FtPlotSeries *ft_plot_series_new_for_config (const FtTrainerConfig *config, const char *label);
FtPlotRole ft_plot_series_get_role (FtPlotSeries *self);
void ft_plot_series_set_role (FtPlotSeries *self, FtPlotRole role);

G_END_DECLS
