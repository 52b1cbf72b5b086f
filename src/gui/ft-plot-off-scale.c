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
draw_arrow (cairo_t *cr, double x, double top, double size)
{
  cairo_move_to (cr, x, top + size * 0.2);
  cairo_line_to (cr, x - size * 0.5, top + size * 1.1);
  cairo_line_to (cr, x + size * 0.5, top + size * 1.1);
  cairo_close_path (cr);
  cairo_fill (cr);
}

void
_ft_plot_draw_off_scale (
  FtPlot *self, cairo_t *cr, const graphene_rect_t *a, double font, double line, gboolean dark)
{
  GListModel *model = ft_plot_get_series (self);
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans");
  guint row = 0;

  pango_font_description_set_absolute_size (desc, font * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, r);
      Highest h = find_highest (series);
      g_autofree char *text = NULL;
      double px, top = a->origin.y + row * font * 1.6, size = font * 1.1;
      GdkRGBA color;
      int tw, th;

      if (!h.found)
        continue;
      text = marker_text (self, r, &h);
      px = CLAMP (_ft_plot_map_x (self, a, h.x), a->origin.x + size, a->origin.x + a->size.width);
      ft_plot_metric_color (h.metric, dark, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      draw_arrow (cr, px, top, size);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      /* beside the arrow, on the side with room, and never past the frame */
      if (px + size + tw > a->origin.x + a->size.width - line)
        cairo_move_to (cr, MAX (px - size - tw, a->origin.x + line), top + size * 0.2);
      else
        cairo_move_to (cr, px + size * 0.8, top + size * 0.2);
      gdk_rgba_parse (&color, dark ? "#ffffff" : "#241f31");
      gdk_cairo_set_source_rgba (cr, &color);
      pango_cairo_show_layout (cr, layout);
      row++;
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
