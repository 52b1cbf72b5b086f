/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "ft-plot-private.h"

/* Writes to a temporary file beside @path and renames it into place, so that
 * a failed export never leaves half a file. */
static char *
temp_path_for (const char *path)
{
  return g_strdup_printf ("%s.part", path);
}

static gboolean
finish_file (const char *temp, const char *path, cairo_status_t status, GError **error)
{
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (temp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not write “%s”: %s."), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_unlink (temp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Could not write “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Draws the plot onto @surface, writes it to the temporary file beside @path
 * (PNG surfaces write on request, SVG surfaces as they finish) and renames it. */
static gboolean
export_surface (FtPlot *self,
                cairo_surface_t *surface,
                const char *temp,
                const char *path,
                int width,
                int height,
                GError **error)
{
  cairo_status_t status;
  cairo_t *cr = cairo_create (surface);

  ft_plot_draw (self, cr, width, height, FALSE);
  cairo_destroy (cr);
  if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    status = cairo_surface_write_to_png (surface, temp);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  return finish_file (temp, path, status, error);
}

gboolean
ft_plot_export_png (FtPlot *self, const char *path, int width, int height, GError **error)
{
  g_autofree char *temp = NULL;

  g_return_val_if_fail (FT_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL && width > 0 && height > 0, FALSE);

  temp = temp_path_for (path);
  return export_surface (self, cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height), temp,
                         path, width, height, error);
}

gboolean
ft_plot_export_svg (FtPlot *self, const char *path, int width, int height, GError **error)
{
  g_autofree char *temp = NULL;

  g_return_val_if_fail (FT_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL && width > 0 && height > 0, FALSE);

  temp = temp_path_for (path);
  return export_surface (self, cairo_svg_surface_create (temp, width, height), temp, path, width,
                         height, error);
}

static void
append_value (GString *out, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

static void
append_label (GString *out, const char *label)
{
  g_string_append_c (out, '"');
  for (const char *c = label; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

gboolean
ft_plot_export_csv (FtPlot *self, const char *path, GError **error)
{
  GListModel *model;
  g_autoptr (GString) out = g_string_new ("run,x,train_loss,train_acc,test_acc\n");

  g_return_val_if_fail (FT_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  model = ft_plot_get_series (self);
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, r);
      GArray *points = ft_plot_series_get_points (series);

      for (guint i = 0; i < points->len; i++)
        {
          const FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);

          append_label (out, ft_plot_series_get_label (series));
          append_value (out, p->x);
          append_value (out, p->train_loss);
          append_value (out, p->train_acc);
          append_value (out, p->test_acc);
          g_string_append_c (out, '\n');
        }
    }
  return g_file_set_contents (path, out->str, out->len, error);
}
