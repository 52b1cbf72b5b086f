/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ft-plot-series.h"

G_BEGIN_DECLS

typedef enum
{
  FT_PLOT_TRAIN_LOSS,
  FT_PLOT_TRAIN_ACC,
  FT_PLOT_TEST_ACC,
  FT_PLOT_N_METRICS,
} FtPlotMetric;

#define FT_TYPE_PLOT (ft_plot_get_type ())
G_DECLARE_FINAL_TYPE (FtPlot, ft_plot, FT, PLOT, GtkWidget)

/*
 * FtPlot: the book's plot of train loss, train accuracy and test accuracy
 * against epochs, x in [1, epochs] and y in [0, 1], one colour per metric
 * and one dash pattern per run, for several runs overlaid.
 */
GtkWidget *ft_plot_new (void);
guint ft_plot_get_epochs (FtPlot *self);
void ft_plot_set_epochs (FtPlot *self, guint epochs);
/* (transfer none): a GListModel of FtPlotSeries. */
GListModel *ft_plot_get_series (FtPlot *self);
void ft_plot_add_series (FtPlot *self, FtPlotSeries *series);
void ft_plot_remove_series (FtPlot *self, FtPlotSeries *series);
void ft_plot_clear (FtPlot *self);
/* The number of points drawn, over every series and metric. */
guint ft_plot_count_points (FtPlot *self);

/* The colour of @metric's curves in the light (@dark FALSE) or dark style. */
void ft_plot_metric_color (FtPlotMetric metric, gboolean dark, GdkRGBA *color);
const char *ft_plot_metric_name (FtPlotMetric metric);
/* The metric's value in @point, NAN where the point does not carry it. */
double ft_plot_metric_value (FtPlotMetric metric, const FtMetricPoint *point);

/*
 * ft_plot_draw:
 * Draws the plot onto @cr in a @width x @height area: the widget, the PNG
 * and the SVG exports all draw through here.
 */
void ft_plot_draw (FtPlot *self, cairo_t *cr, int width, int height, gboolean dark);
/* Where the data point (@x, @y) falls in a @width x @height drawing. */
void ft_plot_map (FtPlot *self, int width, int height, double x, double y, double *px, double *py);
/* The data area of a @width x @height drawing; above it lies the legend. */
void ft_plot_get_area (FtPlot *self, int width, int height, graphene_rect_t *area);

/* (transfer full) (nullable): the read-out of the point nearest the pointer. */
char *ft_plot_dup_hover_text (FtPlot *self);

gboolean ft_plot_export_png (FtPlot *self, const char *path, int width, int height, GError **error);
gboolean ft_plot_export_svg (FtPlot *self, const char *path, int width, int height, GError **error);
/* One row per point: run,x,train_loss,train_acc,test_acc (empty where absent). */
gboolean ft_plot_export_csv (FtPlot *self, const char *path, GError **error);

G_END_DECLS
