/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ft-plot-private.h"

/* The scale holds accuracies, 0..1; a loss can leave it, and at a rate far too high, by far. */
#define SCALE_TOP 1.0

typedef struct
{
  gboolean found;
  FtPlotMetric metric;
  double x;
  double value;
} Highest;

static Highest
find_highest (FtPlotSeries *series)
{
  GArray *points = ft_plot_series_get_points (series);
  Highest best = { FALSE, 0, 0, SCALE_TOP };

  for (guint i = 0; i < points->len; i++)
    for (FtPlotMetric m = 0; m < FT_PLOT_N_METRICS; m++)
      {
        const FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);
        double v = ft_plot_metric_value (m, p);

        if (isfinite (v) && isfinite (p->x) && v > best.value)
          best = (Highest){ TRUE, m, p->x, v };
      }
  return best;
}

static char *
marker_text (FtPlot *self, guint run, const Highest *h)
{
  GListModel *model = ft_plot_get_series (self);
  g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, run);
  g_autofree char *value = g_strdup_printf (h->value >= 1000 ? "%.0f" : "%.3g", h->value);
  /* TRANSLATORS: a curve's highest value, above the plot's 0..1 scale: "train loss 272448" */
  g_autofree char *text
    = g_strdup_printf (_ ("%s %s (off the scale)"), ft_plot_metric_name (h->metric), value);
  const char *label = ft_plot_series_get_label (series);

  if (g_list_model_get_n_items (model) < 2 || label[0] == '\0')
    return g_steal_pointer (&text);
  return g_strdup_printf ("%s: %s", label, text);
}

static void
draw_arrow (cairo_t *cr, const graphene_rect_t *box)
{
  double x = box->origin.x + box->size.width / 2, y = box->origin.y, h = box->size.height;

  cairo_move_to (cr, x, y);
  cairo_line_to (cr, box->origin.x, y + h);
  cairo_line_to (cr, box->origin.x + box->size.width, y + h);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* A plate of the frame's own colour under a marker's text, so that no curve runs through it. */
static void
draw_plate (cairo_t *cr, const graphene_rect_t *box, double pad, gboolean dark)
{
  cairo_rectangle (cr, box->origin.x - pad, box->origin.y - pad, box->size.width + 2 * pad,
                   box->size.height + 2 * pad);
  if (dark)
    cairo_set_source_rgba (cr, 0.14, 0.14, 0.14, 0.88);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
  cairo_fill (cr);
}

typedef struct
{
  Highest highest;
  PangoLayout *layout;
} Marker;

static void
marker_clear (Marker *marker)
{
  g_clear_object (&marker->layout);
}

void
_ft_plot_draw_off_scale (
  FtPlot *self, cairo_t *cr, const graphene_rect_t *a, double font, double line, gboolean dark)
{
  GListModel *model = ft_plot_get_series (self);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans");
  g_autoptr (GArray) markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_autofree FtPlotMarkerSize *sizes = NULL;
  g_autofree FtPlotMarkerPlace *places = NULL;
  double arrow = font * 1.1, gap = MAX (line, font * 0.3);
  GdkRGBA ink;

  g_array_set_clear_func (markers, (GDestroyNotify) marker_clear);
  pango_font_description_set_absolute_size (desc, font * PANGO_SCALE);
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, r);
      g_autofree char *text = NULL;
      Marker marker = { find_highest (series), NULL };

      if (!marker.highest.found)
        continue;
      text = marker_text (self, r, &marker.highest);
      marker.layout = pango_cairo_create_layout (cr);
      pango_layout_set_font_description (marker.layout, desc);
      /* a sentence wider than the frame wraps rather than runs out of it */
      pango_layout_set_width (marker.layout, (int) ((a->size.width - 2 * gap) * PANGO_SCALE));
      pango_layout_set_wrap (marker.layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (marker.layout, text, -1);
      g_array_append_val (markers, marker);
    }
  sizes = g_new0 (FtPlotMarkerSize, markers->len);
  places = g_new0 (FtPlotMarkerPlace, markers->len);
  for (guint i = 0; i < markers->len; i++)
    {
      Marker *m = &g_array_index (markers, Marker, i);
      PangoRectangle logical;

      pango_layout_get_pixel_extents (m->layout, NULL, &logical);
      sizes[i] = (FtPlotMarkerSize){ _ft_plot_map_x (self, a, m->highest.x),
                                     logical.x + logical.width, logical.height };
    }
  _ft_plot_place_markers (a, arrow, gap, sizes, markers->len, places);
  cairo_set_dash (cr, NULL, 0, 0);
  gdk_rgba_parse (&ink, dark ? "#ffffff" : "#241f31");
  for (guint i = 0; i < markers->len; i++)
    {
      Marker *m = &g_array_index (markers, Marker, i);
      GdkRGBA color;

      draw_plate (cr, &places[i].text, gap / 3, dark);
      ft_plot_metric_color (m->highest.metric, dark, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      draw_arrow (cr, &places[i].arrow);
      gdk_cairo_set_source_rgba (cr, &ink);
      cairo_move_to (cr, places[i].text.origin.x, places[i].text.origin.y);
      pango_cairo_show_layout (cr, m->layout);
    }
}

char *
_ft_plot_dup_off_scale_text (FtPlot *self)
{
  GListModel *model = ft_plot_get_series (self);
  GString *text = NULL;

  g_return_val_if_fail (FT_IS_PLOT (self), NULL);
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, r);
      Highest h = find_highest (series);
      g_autofree char *line = NULL;

      if (!h.found)
        continue;
      line = marker_text (self, r, &h);
      if (text == NULL)
        text = g_string_new (line);
      else
        g_string_append_printf (text, "\n%s", line);
    }
  return text ? g_string_free (text, FALSE) : NULL;
}
