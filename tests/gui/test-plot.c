/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ft-plot-private.h"
#include "ft-test-gui.h"

#define WIDTH 900
#define HEIGHT 560

static const double values[FT_PLOT_N_METRICS] = { 0.2, 0.5, 0.9 };

static FtPlotSeries *
make_series (const char *label, double offset)
{
  FtPlotSeries *series = ft_plot_series_new (label);

  for (guint i = 0; i <= 12; i++)
    {
      double x = 1.0 + i * 0.25;
      gboolean end = fmod (x, 1.0) == 0;
      FtMetricPoint p
        = { x, values[0] + offset, values[1] + offset, end ? values[2] + offset : NAN };

      ft_plot_series_append (series, &p);
    }
  return series;
}

static FtPlot *
make_plot (void)
{
  FtPlot *plot = FT_PLOT (g_object_ref_sink (ft_plot_new ()));
  g_autoptr (FtPlotSeries) a = make_series ("fine-tune", 0);

  ft_plot_set_epochs (plot, 4);
  ft_plot_add_series (plot, a);
  return plot;
}

static gboolean
pixel_matches (cairo_surface_t *surface, int x, int y, const GdkRGBA *color)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 px;
  int r, g, b;

  if (x < 0 || y < 0 || x >= cairo_image_surface_get_width (surface)
      || y >= cairo_image_surface_get_height (surface))
    return FALSE;
  px = *(const guint32 *) (data + y * stride + x * 4);
  r = (px >> 16) & 0xff;
  g = (px >> 8) & 0xff;
  b = px & 0xff;
  return abs (r - (int) (color->red * 255)) < 24 && abs (g - (int) (color->green * 255)) < 24
         && abs (b - (int) (color->blue * 255)) < 24;
}

/* Whether @color appears within @radius pixels of (@x, @y). */
static gboolean
color_near (cairo_surface_t *surface, double x, double y, int radius, const GdkRGBA *color)
{
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      if (pixel_matches (surface, (int) x + dx, (int) y + dy, color))
        return TRUE;
  return FALSE;
}

static gboolean
color_in_rows (cairo_surface_t *surface, int y0, int y1, const GdkRGBA *color)
{
  for (int y = y0; y < y1; y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if (pixel_matches (surface, x, y, color))
        return TRUE;
  return FALSE;
}

static cairo_surface_t *
render (FtPlot *plot)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  ft_plot_draw (plot, cr, WIDTH, HEIGHT, FALSE);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_curves_and_legend (void)
{
  FtPlot *plot = make_plot ();
  g_autoptr (FtPlotSeries) b = make_series ("scratch", 0.05);
  cairo_surface_t *surface;
  graphene_rect_t area;
  GdkRGBA white = { 1, 1, 1, 1 };

  ft_plot_add_series (plot, b);
  g_assert_cmpuint (ft_plot_count_points (plot), ==, 2 * (13 + 13 + 4));
  surface = render (plot);
  ft_plot_get_area (plot, WIDTH, HEIGHT, &area);
  g_assert_cmpfloat (area.origin.y, >, 20);
  for (FtPlotMetric m = 0; m < FT_PLOT_N_METRICS; m++)
    {
      GdkRGBA color;
      double px, py, qx, qy;

      ft_plot_metric_color (m, FALSE, &color);
      /* the solid run lies exactly where its value puts it */
      ft_plot_map (plot, WIDTH, HEIGHT, 2.5, values[m], &px, &py);
      g_assert_true (color_near (surface, px, py, 1, &color));
      /* the dashed run is 0.05 higher: some of its dashes lie on that row */
      ft_plot_map (plot, WIDTH, HEIGHT, 2.0, values[m] + 0.05, &qx, &qy);
      g_assert_true (color_in_rows (surface, (int) qy - 1, (int) qy + 2, &color));
      /* and nothing of this colour lies between the two values and 0.3 lower */
      ft_plot_map (plot, WIDTH, HEIGHT, 2.5, values[m] - 0.15, &px, &py);
      g_assert_false (color_near (surface, px, py, 2, &color));
      /* the legend shows every metric above the data area */
      g_assert_true (color_in_rows (surface, 0, (int) area.origin.y, &color));
    }
  /* background inside the area, away from curves and grid lines */
  {
    double px, py;

    ft_plot_map (plot, WIDTH, HEIGHT, 1.5, 0.7, &px, &py);
    g_assert_true (color_near (surface, px, py, 0, &white));
  }
  cairo_surface_destroy (surface);
  g_assert_finalize_object (plot);
}

static void
test_redraw_on_change (void)
{
  FtPlot *plot = make_plot ();
  g_autoptr (FtPlotSeries) series = g_list_model_get_item (ft_plot_get_series (plot), 0);
  FtMetricPoint p = { 4.0, 0.1, 0.95, 0.97 };
  guint before = ft_plot_count_points (plot);

  ft_plot_series_append (series, &p);
  g_assert_cmpuint (ft_plot_count_points (plot), ==, before + 3);
  ft_plot_remove_series (plot, series);
  g_assert_cmpuint (ft_plot_count_points (plot), ==, 0);
  g_clear_object (&series);
  g_assert_finalize_object (plot);
}

static void
test_hover (void)
{
  FtPlot *plot = make_plot ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;
  double px, py;

  /* a few pixels off the test accuracy at epoch 3 */
  ft_plot_map (plot, WIDTH, HEIGHT, 3.0, values[FT_PLOT_TEST_ACC], &px, &py);
  text = _ft_plot_draw_hover (plot, cr, WIDTH, HEIGHT, FALSE, px + 3, py - 4);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "fine-tune"));
  g_assert_nonnull (strstr (text, ft_plot_metric_name (FT_PLOT_TEST_ACC)));
  g_assert_nonnull (strstr (text, "0.900"));
  g_assert_nonnull (strstr (text, "3.00"));
  /* far from every point there is no read-out */
  none = _ft_plot_draw_hover (plot, cr, WIDTH, HEIGHT, FALSE, 5, HEIGHT - 5);
  g_assert_null (none);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_finalize_object (plot);
}

/* Every run length starts at epoch 0, so the first epoch's points lie inside the frame. */
static void
test_x_from_zero (void)
{
  for (guint epochs = 1; epochs <= 10; epochs += 9)
    {
      FtPlot *plot = FT_PLOT (g_object_ref_sink (ft_plot_new ()));
      graphene_rect_t area;
      double px, py;

      ft_plot_set_epochs (plot, epochs);
      ft_plot_get_area (plot, WIDTH, HEIGHT, &area);
      ft_plot_map (plot, WIDTH, HEIGHT, 0, 0.5, &px, &py);
      g_assert_cmpfloat_with_epsilon (px, area.origin.x, 1e-3);
      ft_plot_map (plot, WIDTH, HEIGHT, 0.2, 0.5, &px, &py);
      g_assert_cmpfloat (px, >, area.origin.x);
      ft_plot_map (plot, WIDTH, HEIGHT, epochs, 0.5, &px, &py);
      g_assert_cmpfloat_with_epsilon (px, area.origin.x + area.size.width, 1e-3);
      g_assert_finalize_object (plot);
    }
}

/* Whether two renderings differ anywhere outside @area. */
static gboolean
differ_outside (cairo_surface_t *a, cairo_surface_t *b, const graphene_rect_t *area)
{
  const guint8 *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        gboolean inside = x >= area->origin.x - 1 && x <= area->origin.x + area->size.width + 1
                          && y >= area->origin.y - 1 && y <= area->origin.y + area->size.height + 1;

        if (!inside
            && *(const guint32 *) (da + y * stride + x * 4)
                 != *(const guint32 *) (db + y * stride + x * 4))
          return TRUE;
      }
  return FALSE;
}

/* A loss far above the scale draws nothing outside the frame and is named by a marker. */
static void
test_off_scale (void)
{
  FtPlot *plain = make_plot ();
  FtPlot *plot = make_plot ();
  g_autoptr (FtPlotSeries) series = g_list_model_get_item (ft_plot_get_series (plot), 0);
  FtMetricPoint huge = { 3.5, 272448, 0.5, NAN };
  FtMetricPoint after = { 4.0, 0.3, 0.5, NAN };
  cairo_surface_t *with, *without;
  g_autofree char *text = NULL;
  graphene_rect_t area;
  GdkRGBA loss;
  double px, py;

  g_assert_null (_ft_plot_dup_off_scale_text (plot));
  ft_plot_series_append (series, &huge);
  ft_plot_series_append (series, &after);
  {
    g_autoptr (FtPlotSeries) s = g_list_model_get_item (ft_plot_get_series (plain), 0);
    FtMetricPoint low = { 3.5, 0.3, 0.5, NAN };

    ft_plot_series_append (s, &low);
    ft_plot_series_append (s, &after);
  }
  with = render (plot);
  without = render (plain);
  ft_plot_get_area (plot, WIDTH, HEIGHT, &area);
  g_assert_false (differ_outside (with, without, &area));
  /* the marker: the loss's colour at the top edge, where the value lies */
  ft_plot_metric_color (FT_PLOT_TRAIN_LOSS, FALSE, &loss);
  ft_plot_map (plot, WIDTH, HEIGHT, 3.5, 1.0, &px, &py);
  g_assert_true (color_near (with, px, py + 12, 4, &loss));
  text = _ft_plot_dup_off_scale_text (plot);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "272448"));
  g_assert_nonnull (strstr (text, ft_plot_metric_name (FT_PLOT_TRAIN_LOSS)));
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
  g_clear_object (&series);
  g_assert_finalize_object (plot);
  g_assert_finalize_object (plain);
}

static gboolean
boxes_overlap (const graphene_rect_t *a, const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width
         && a->origin.y < b->origin.y + b->size.height
         && b->origin.y < a->origin.y + a->size.height;
}

static gboolean
box_inside (const graphene_rect_t *box, const graphene_rect_t *area)
{
  return box->origin.x >= area->origin.x && box->origin.y >= area->origin.y
         && box->origin.x + box->size.width <= area->origin.x + area->size.width
         && box->origin.y + box->size.height <= area->origin.y + area->size.height;
}

/* Every box of every marker inside the frame and clear of every other box. */
static void
assert_apart (const graphene_rect_t *area, const FtPlotMarkerPlace *places, guint n)
{
  for (guint i = 0; i < 2 * n; i++)
    {
      const graphene_rect_t *a = i % 2 ? &places[i / 2].text : &places[i / 2].arrow;

      g_assert_true (box_inside (a, area));
      for (guint j = i + 1; j < 2 * n; j++)
        {
          const graphene_rect_t *b = j % 2 ? &places[j / 2].text : &places[j / 2].arrow;

          if (boxes_overlap (a, b))
            g_error ("marker %u's %s covers marker %u's %s", i / 2, i % 2 ? "text" : "arrow", j / 2,
                     j % 2 ? "text" : "arrow");
        }
    }
}

/* Markers of runs off the scale at the same place, at either edge, or with texts wider than the
 * frame: each keeps its own row, none covers another, all stay in the frame. */
static void
test_marker_layout (void)
{
  graphene_rect_t area = GRAPHENE_RECT_INIT (60, 20, 640, 420);
  double right = area.origin.x + area.size.width;
  const FtPlotMarkerSize cases[][4] = {
    /* two runs whose values lie at the same epoch, the case */
    { { 400, 260, 18 }, { 400, 300, 18 }, { 0 }, { 0 } },
    /* at the right edge, texts go left */
    { { right, 260, 18 }, { right - 3, 200, 18 }, { right, 310, 18 }, { 0 } },
    /* at the left edge, and one text wider than the frame: under its arrow */
    { { area.origin.x, 900, 40 },
      { area.origin.x + 2, 150, 18 },
      { 380, 640, 18 },
      { 20, 90, 18 } },
  };
  const guint counts[] = { 2, 3, 4 };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      FtPlotMarkerPlace places[4];

      _ft_plot_place_markers (&area, 16, 5, cases[c], counts[c], places);
      assert_apart (&area, places, counts[c]);
      for (guint i = 0; i < counts[c]; i++)
        {
          double centre = places[i].arrow.origin.x + places[i].arrow.size.width / 2;

          /* each arrow where its value lies, unless the frame's edge is closer than its size */
          if (cases[c][i].x > area.origin.x + 16 && cases[c][i].x < right - 16)
            g_assert_cmpfloat_with_epsilon (centre, cases[c][i].x, 1e-9);
          g_assert_cmpfloat (places[i].text.size.width, <=, area.size.width);
        }
    }
}

/* Two overlaid runs both above the scale: one marker each, naming its run and its own value. */
static void
test_off_scale_two_runs (void)
{
  FtPlot *plot = make_plot ();
  g_autoptr (FtPlotSeries) first = g_list_model_get_item (ft_plot_get_series (plot), 0);
  g_autoptr (FtPlotSeries) second = make_series ("scratch", 0);
  FtMetricPoint high = { 3.5, 1.06, 0.5, NAN };
  FtMetricPoint higher = { 3.5, 7.25, 0.5, NAN };
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  cairo_surface_t *surface;

  ft_plot_add_series (plot, second);
  ft_plot_series_append (first, &high);
  ft_plot_series_append (second, &higher);
  text = _ft_plot_dup_off_scale_text (plot);
  g_test_message ("%s", text);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "fine-tune: "));
  g_assert_nonnull (strstr (lines[0], "1.06"));
  g_assert_true (g_str_has_prefix (lines[1], "scratch: "));
  g_assert_nonnull (strstr (lines[1], "7.25"));
  surface = render (plot);
  cairo_surface_destroy (surface);
  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_finalize_object (plot);
}

static void
start_element (GMarkupParseContext *context,
               const char *name,
               const char **attribute_names,
               const char **attribute_values,
               gpointer user_data,
               GError **error)
{
  guint *count = user_data;

  if (*count == 0)
    g_assert_cmpstr (name, ==, "svg");
  (*count)++;
}

static void
test_exports (void)
{
  FtPlot *plot = make_plot ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ft-plot-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "metrics.csv", NULL);
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context;
  guint elements = 0;
  double px, py;
  GdkRGBA color;
  guchar *pixel;

  g_assert_no_error (error);
  g_assert_true (ft_plot_export_png (plot, png, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, WIDTH);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, HEIGHT);
  ft_plot_map (plot, WIDTH, HEIGHT, 2.5, values[FT_PLOT_TRAIN_LOSS], &px, &py);
  ft_plot_metric_color (FT_PLOT_TRAIN_LOSS, FALSE, &color);
  pixel = gdk_pixbuf_get_pixels (pixbuf) + (int) py * gdk_pixbuf_get_rowstride (pixbuf)
          + (int) px * gdk_pixbuf_get_n_channels (pixbuf);
  g_assert_cmpint (abs (pixel[2] - (int) (color.blue * 255)), <, 24);

  g_assert_true (ft_plot_export_svg (plot, svg, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, &error));
  context = g_markup_parse_context_new (&parser, 0, &elements, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_cmpuint (elements, >, 20);
  g_clear_pointer (&contents, g_free);

  g_assert_true (ft_plot_export_csv (plot, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "run,x,train_loss,train_acc,test_acc");
  g_assert_cmpuint (g_strv_length (lines), ==, 13 + 2);
  for (guint i = 1; i <= 13; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      g_assert_cmpstr (cells[0], ==, "\"fine-tune\"");
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[1], NULL), 1 + (i - 1) * 0.25, 1e-9);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[2], NULL), values[0], 1e-9);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[3], NULL), values[1], 1e-9);
      if ((i - 1) % 4 == 0)
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[4], NULL), values[2], 1e-9);
      else
        g_assert_cmpstr (cells[4], ==, "");
    }
  g_assert_false (ft_plot_export_png (plot, "/nonexistent-dir/plot.png", 10, 10, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test ("/nonexistent-dir/plot.png.part", G_FILE_TEST_EXISTS));
  g_unlink (png);
  g_unlink (svg);
  g_unlink (csv);
  g_rmdir (dir);
  g_assert_finalize_object (plot);
}

int
main (int argc, char **argv)
{
  ft_test_gui_require_display ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/plot/curves-and-legend", test_curves_and_legend);
  g_test_add_func ("/plot/redraw-on-change", test_redraw_on_change);
  g_test_add_func ("/plot/hover", test_hover);
  g_test_add_func ("/plot/x-from-zero", test_x_from_zero);
  g_test_add_func ("/plot/off-scale", test_off_scale);
  g_test_add_func ("/plot/off-scale-two-runs", test_off_scale_two_runs);
  g_test_add_func ("/plot/marker-layout", test_marker_layout);
  g_test_add_func ("/plot/exports", test_exports);
  return g_test_run ();
}
