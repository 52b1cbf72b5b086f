/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ft-plot-private.h"

#define HOVER_RADIUS 48.0

typedef struct
{
  double font; /* text height in px */
  double line; /* curve width in px */
  graphene_rect_t area;
  guint legend_rows;
} Layout;

static const double dash_patterns[4][4] = {
  { 0, 0, 0, 0 },
  { 4, 2, 0, 0 },
  { 1, 1.6, 0, 0 },
  { 4, 1.6, 1, 1.6 },
};
static const int dash_lengths[4] = { 0, 2, 2, 4 };

static PangoLayout *
make_layout (PangoContext *context, double font, gboolean bold)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (desc, font * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  return layout;
}

static double
text_width (PangoLayout *layout, const char *text)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static guint
n_series (FtPlot *self)
{
  return g_list_model_get_n_items (ft_plot_get_series (self));
}

static char *
series_label (FtPlot *self, guint index)
{
  g_autoptr (FtPlotSeries) series = g_list_model_get_item (ft_plot_get_series (self), index);
  const char *label = ft_plot_series_get_label (series);

  if (label[0] != '\0')
    return g_strdup (label);
  return g_strdup_printf (_ ("Run %u"), index + 1);
}

/* Legend entries are laid out left to right, wrapping; row 0 holds the metrics. */
typedef void (*LegendFunc) (FtPlot *self,
                            cairo_t *cr,
                            int item,
                            const char *text,
                            double x,
                            double y,
                            const Layout *lay,
                            gboolean dark);

static guint
walk_legend (FtPlot *self,
             PangoContext *context,
             cairo_t *cr,
             int width,
             const Layout *lay,
             LegendFunc func,
             gboolean dark)
{
  g_autoptr (PangoLayout) layout = make_layout (context, lay->font, FALSE);
  double left = lay->font * 4, x = left, row_height = lay->font * 1.9;
  guint rows = 1, n = n_series (self);

  for (int item = 0; item < FT_PLOT_N_METRICS + (n >= 2 ? (int) n : 0); item++)
    {
      g_autofree char *text = item < FT_PLOT_N_METRICS
                                ? g_strdup (ft_plot_metric_name (item))
                                : series_label (self, item - FT_PLOT_N_METRICS);
      double w = lay->font * 2.6 + text_width (layout, text) + lay->font * 1.6;

      if (item == FT_PLOT_N_METRICS || (x > left && x + w > width - lay->font))
        {
          rows++;
          x = left;
        }
      if (func != NULL)
        func (self, cr, item, text, x, lay->font * 0.6 + (rows - 1) * row_height, lay, dark);
      x += w;
    }
  return rows;
}

static void
compute_layout (FtPlot *self, PangoContext *context, int width, int height, Layout *lay)
{
  double top, left, bottom, right;

  lay->font = CLAMP (MIN (width / 40.0, height / 24.0), 12.0, 22.0);
  lay->line = MAX (3.0, lay->font / 5.0);
  lay->legend_rows = walk_legend (self, context, NULL, width, lay, NULL, FALSE);
  top = lay->font * 0.6 + lay->legend_rows * lay->font * 1.9 + lay->font * 0.4;
  left = lay->font * 3.6;
  right = lay->font * 1.4;
  bottom = lay->font * 3.6;
  graphene_rect_init (&lay->area, left, top, MAX (width - left - right, 1),
                      MAX (height - top - bottom, 1));
}

static PangoContext *
measure_context (void)
{
  return pango_font_map_create_context (pango_cairo_font_map_get_default ());
}

void
ft_plot_get_area (FtPlot *self, int width, int height, graphene_rect_t *area)
{
  PangoContext *context = measure_context ();
  Layout lay;

  g_return_if_fail (FT_IS_PLOT (self));
  compute_layout (self, context, width, height, &lay);
  g_object_unref (context);
  *area = lay.area;
}

/* Every run length starts at 0, so that the first epoch's points show. */
double
_ft_plot_map_x (FtPlot *self, const graphene_rect_t *area, double x)
{
  return area->origin.x + x / MAX (ft_plot_get_epochs (self), 1) * area->size.width;
}

static void
map_point (FtPlot *self, const Layout *lay, double x, double y, double *px, double *py)
{
  *px = _ft_plot_map_x (self, &lay->area, x);
  *py = lay->area.origin.y + (1.0 - y) * lay->area.size.height;
}

void
ft_plot_map (FtPlot *self, int width, int height, double x, double y, double *px, double *py)
{
  PangoContext *context = measure_context ();
  Layout lay;

  g_return_if_fail (FT_IS_PLOT (self));
  compute_layout (self, context, width, height, &lay);
  g_object_unref (context);
  map_point (self, &lay, x, y, px, py);
}

static void
set_color (cairo_t *cr, const char *spec)
{
  GdkRGBA rgba;

  gdk_rgba_parse (&rgba, spec);
  gdk_cairo_set_source_rgba (cr, &rgba);
}

static const char *
fg_color (gboolean dark)
{
  return dark ? "#ffffff" : "#241f31";
}

static void
show_text (cairo_t *cr,
           PangoLayout *layout,
           const char *text,
           double x,
           double y,
           double align_x,
           double align_y)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * align_x, y - h * align_y);
  pango_cairo_show_layout (cr, layout);
}

/* The pattern of the @run-th series: its role's (solid for fine-tuning, dashed from scratch, the
 * role's second for a second run of it), else by position. */
static guint
series_dash (FtPlot *self, guint run)
{
  GListModel *model = ft_plot_get_series (self);
  g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, run);
  FtPlotRole role = ft_plot_series_get_role (series);
  guint same = 0;

  if (role == FT_PLOT_ROLE_ANY)
    return run;
  for (guint i = 0; i < run; i++)
    {
      g_autoptr (FtPlotSeries) other = g_list_model_get_item (model, i);
      same += ft_plot_series_get_role (other) == role;
    }
  if (role == FT_PLOT_ROLE_FINETUNE)
    return same % 2 == 0 ? 0 : 3;
  return same % 2 == 0 ? 1 : 2;
}

static void
set_dash (cairo_t *cr, guint dash, double line)
{
  double dashes[4];
  guint k = dash % 4;

  for (int i = 0; i < dash_lengths[k]; i++)
    dashes[i] = dash_patterns[k][i] * line * 1.6;
  cairo_set_dash (cr, dashes, dash_lengths[k], 0);
}

static void
draw_legend_item (FtPlot *self,
                  cairo_t *cr,
                  int item,
                  const char *text,
                  double x,
                  double y,
                  const Layout *lay,
                  gboolean dark)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans");
  double mid = y + lay->font * 0.65;
  GdkRGBA color;

  pango_font_description_set_absolute_size (desc, lay->font * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  if (item < FT_PLOT_N_METRICS)
    {
      ft_plot_metric_color (item, dark, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, lay->line + 1);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else
    {
      set_color (cr, fg_color (dark));
      cairo_set_line_width (cr, lay->line);
      set_dash (cr, series_dash (self, item - FT_PLOT_N_METRICS), lay->line);
    }
  cairo_move_to (cr, x, mid);
  cairo_line_to (cr, x + lay->font * 2.2, mid);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  set_color (cr, fg_color (dark));
  show_text (cr, layout, text, x + lay->font * 2.6, mid, 0, 0.5);
}

static double
x_step (guint epochs)
{
  static const double steps[] = { 1, 2, 5, 10, 20, 50, 100, 200 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (epochs / steps[i] <= 10)
      return steps[i];
  return 500;
}

static void
draw_axes (FtPlot *self, cairo_t *cr, PangoLayout *layout, const Layout *lay, gboolean dark)
{
  const graphene_rect_t *a = &lay->area;
  double x1 = MAX (ft_plot_get_epochs (self), 1), step = x_step (x1);
  double px, py;

  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= 5; i++)
    {
      g_autofree char *label = g_strdup_printf ("%.1f", i / 5.0);

      map_point (self, lay, 0, i / 5.0, &px, &py);
      set_color (cr, dark ? "#3d3846" : "#deddda");
      cairo_move_to (cr, a->origin.x, round (py) + 0.5);
      cairo_line_to (cr, a->origin.x + a->size.width, round (py) + 0.5);
      cairo_stroke (cr);
      set_color (cr, fg_color (dark));
      show_text (cr, layout, label, a->origin.x - lay->font * 0.5, py, 1, 0.5);
    }
  for (double x = 0; x <= x1 + 1e-9; x += step)
    {
      g_autofree char *label = g_strdup_printf ("%g", x);

      map_point (self, lay, x, 0, &px, &py);
      set_color (cr, dark ? "#3d3846" : "#deddda");
      cairo_move_to (cr, round (px) + 0.5, a->origin.y);
      cairo_line_to (cr, round (px) + 0.5, a->origin.y + a->size.height);
      cairo_stroke (cr);
      set_color (cr, fg_color (dark));
      show_text (cr, layout, label, px, py + lay->font * 0.4, 0.5, 0);
    }
  show_text (cr, layout, _ ("epoch"), a->origin.x + a->size.width / 2,
             a->origin.y + a->size.height + lay->font * 1.9, 0.5, 0);
  set_color (cr, fg_color (dark));
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, a->origin.x, a->origin.y, a->size.width, a->size.height);
  cairo_stroke (cr);
}

static void
draw_curve (FtPlot *self, cairo_t *cr, GArray *points, FtPlotMetric metric, const Layout *lay)
{
  gboolean started = FALSE;
  double px, py;

  for (guint i = 0; i < points->len; i++)
    {
      const FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);
      double v = ft_plot_metric_value (metric, p);

      if (!isfinite (v) || !isfinite (p->x))
        continue;
      map_point (self, lay, p->x, v, &px, &py);
      if (started)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      started = TRUE;
    }
  cairo_stroke (cr);
  if (metric != FT_PLOT_TEST_ACC)
    return;
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < points->len; i++)
    {
      const FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);

      if (!isfinite (p->test_acc))
        continue;
      map_point (self, lay, p->x, p->test_acc, &px, &py);
      cairo_arc (cr, px, py, lay->line * 1.4, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_curves (FtPlot *self, cairo_t *cr, const Layout *lay, gboolean dark)
{
  GListModel *model = ft_plot_get_series (self);
  const graphene_rect_t *a = &lay->area;

  /* Nothing leaves the frame: a loss above the scale is clipped here and named by a marker. */
  cairo_save (cr);
  cairo_rectangle (cr, a->origin.x, a->origin.y, a->size.width, a->size.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, lay->line);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, r);

      for (FtPlotMetric m = 0; m < FT_PLOT_N_METRICS; m++)
        {
          GdkRGBA color;

          ft_plot_metric_color (m, dark, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          set_dash (cr, series_dash (self, r), lay->line);
          draw_curve (self, cr, ft_plot_series_get_points (series), m, lay);
        }
    }
  _ft_plot_draw_off_scale (self, cr, &lay->area, lay->font, lay->line, dark);
  cairo_restore (cr);
}

void
ft_plot_draw (FtPlot *self, cairo_t *cr, int width, int height, gboolean dark)
{
  _ft_plot_draw_full (self, cr, width, height, dark, TRUE);
}

void
_ft_plot_draw_full (
  FtPlot *self, cairo_t *cr, int width, int height, gboolean dark, gboolean paint_background)
{
  g_autoptr (PangoLayout) layout = NULL;
  Layout lay;

  g_return_if_fail (FT_IS_PLOT (self));
  g_return_if_fail (cr != NULL);

  layout = pango_cairo_create_layout (cr);
  compute_layout (self, pango_layout_get_context (layout), width, height, &lay);
  g_clear_object (&layout);
  layout = make_layout (pango_cairo_create_context (cr), lay.font, FALSE);
  g_object_unref (pango_layout_get_context (layout));

  cairo_save (cr);
  if (paint_background)
    {
      set_color (cr, dark ? "#242424" : "#ffffff");
      cairo_paint (cr);
    }
  draw_axes (self, cr, layout, &lay, dark);
  walk_legend (self, pango_layout_get_context (layout), cr, width, &lay, draw_legend_item, dark);
  draw_curves (self, cr, &lay, dark);
  cairo_restore (cr);
}

typedef struct
{
  double distance;
  guint run;
  FtPlotMetric metric;
  FtMetricPoint point;
} Nearest;

static gboolean
find_nearest (FtPlot *self, const Layout *lay, double x, double y, Nearest *best)
{
  GListModel *model = ft_plot_get_series (self);

  best->distance = HOVER_RADIUS;
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, r);
      GArray *points = ft_plot_series_get_points (series);

      for (guint i = 0; i < points->len; i++)
        for (FtPlotMetric m = 0; m < FT_PLOT_N_METRICS; m++)
          {
            const FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);
            double v = ft_plot_metric_value (m, p), px, py, d;

            if (!isfinite (v))
              continue;
            map_point (self, lay, p->x, v, &px, &py);
            d = hypot (px - x, py - y);
            if (d < best->distance)
              *best = (Nearest){ d, r, m, *p };
          }
    }
  return best->distance < HOVER_RADIUS;
}

char *
_ft_plot_draw_hover (
  FtPlot *self, cairo_t *cr, int width, int height, gboolean dark, double x, double y)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autofree char *label = NULL;
  char *text;
  double px, py, value;
  int tw, th;
  Layout lay;
  Nearest best;

  compute_layout (self, pango_layout_get_context (layout), width, height, &lay);
  if (!find_nearest (self, &lay, x, y, &best))
    return NULL;
  value = ft_plot_metric_value (best.metric, &best.point);
  label = series_label (self, best.run);
  text = g_strdup_printf (_ ("%s, %s: %.3f at epoch %.2f"), label,
                          ft_plot_metric_name (best.metric), value, best.point.x);
  map_point (self, &lay, best.point.x, value, &px, &py);
  set_color (cr, fg_color (dark));
  cairo_set_line_width (cr, 2);
  cairo_arc (cr, px, py, lay.line * 2.5, 0, 2 * G_PI);
  cairo_stroke (cr);

  g_clear_object (&layout);
  layout = make_layout (pango_cairo_create_context (cr), lay.font, FALSE);
  g_object_unref (pango_layout_get_context (layout));
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  px = CLAMP (px + 12, 4, width - tw - 20);
  py = CLAMP (py - th - 20, 4, height - th - 16);
  set_color (cr, dark ? "#3d3846" : "#f6f5f4");
  cairo_rectangle (cr, px, py, tw + 16, th + 10);
  cairo_fill_preserve (cr);
  set_color (cr, fg_color (dark));
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_move_to (cr, px + 8, py + 5);
  pango_cairo_show_layout (cr, layout);
  return text;
}
