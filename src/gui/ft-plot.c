/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ft-plot-private.h"

struct _FtPlot
{
  GtkWidget parent_instance;
  GListStore *series;
  guint epochs;
  gboolean hovering;
  double hover_x;
  double hover_y;
  char *hover_text;
};

G_DEFINE_FINAL_TYPE (FtPlot, ft_plot, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_EPOCHS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static const char *const metric_colors[2][FT_PLOT_N_METRICS] = {
  { "#1c71d8", "#c64600", "#26a269" },
  { "#62a0ea", "#ffa348", "#57e389" },
};

void
ft_plot_metric_color (FtPlotMetric metric, gboolean dark, GdkRGBA *color)
{
  g_return_if_fail (metric < FT_PLOT_N_METRICS);
  gdk_rgba_parse (color, metric_colors[dark ? 1 : 0][metric]);
}

const char *
ft_plot_metric_name (FtPlotMetric metric)
{
  static const char *const names[] = { N_ ("train loss"), N_ ("train acc"), N_ ("test acc") };

  g_return_val_if_fail (metric < FT_PLOT_N_METRICS, NULL);
  return _ (names[metric]);
}

double
ft_plot_metric_value (FtPlotMetric metric, const FtMetricPoint *point)
{
  switch (metric)
    {
    case FT_PLOT_TRAIN_LOSS:
      return point->train_loss;
    case FT_PLOT_TRAIN_ACC:
      return point->train_acc;
    case FT_PLOT_TEST_ACC:
      return point->test_acc;
    default:
      return NAN;
    }
}

static void
series_changed_cb (FtPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
items_changed_cb (FtPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
is_dark (FtPlot *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
ft_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  FtPlot *self = FT_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _ft_plot_draw_full (self, cr, width, height, is_dark (self), FALSE);
  if (self->hovering)
    {
      g_clear_pointer (&self->hover_text, g_free);
      self->hover_text = _ft_plot_draw_hover (self, cr, width, height, is_dark (self),
                                              self->hover_x, self->hover_y);
    }
  cairo_destroy (cr);
}

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, FtPlot *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion, FtPlot *self)
{
  self->hovering = FALSE;
  g_clear_pointer (&self->hover_text, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ft_plot_dispose (GObject *object)
{
  FtPlot *self = FT_PLOT (object);

  if (self->series != NULL)
    ft_plot_clear (self);
  g_clear_object (&self->series);
  g_clear_pointer (&self->hover_text, g_free);
  G_OBJECT_CLASS (ft_plot_parent_class)->dispose (object);
}

static void
ft_plot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_EPOCHS:
      g_value_set_uint (value, FT_PLOT (object)->epochs);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ft_plot_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_EPOCHS:
      ft_plot_set_epochs (FT_PLOT (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ft_plot_measure (GtkWidget *widget,
                 GtkOrientation orientation,
                 int for_size,
                 int *minimum,
                 int *natural,
                 int *minimum_baseline,
                 int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 260;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 440;
}

static void
ft_plot_class_init (FtPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_plot_dispose;
  object_class->get_property = ft_plot_get_property;
  object_class->set_property = ft_plot_set_property;
  widget_class->snapshot = ft_plot_snapshot;
  widget_class->measure = ft_plot_measure;

  properties[PROP_EPOCHS]
    = g_param_spec_uint ("epochs", NULL, NULL, 1, 1000, 5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "ftplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ft_plot_init (FtPlot *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->epochs = 5;
  self->series = g_list_store_new (FT_TYPE_PLOT_SERIES);
  g_signal_connect_swapped (self->series, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  /* The style manager lives as long as the process: disconnect when the plot goes. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Plot of train loss, train accuracy and test accuracy "
                                     "against epochs"),
                                  -1);
}

GtkWidget *
ft_plot_new (void)
{
  return g_object_new (FT_TYPE_PLOT, NULL);
}

guint
ft_plot_get_epochs (FtPlot *self)
{
  g_return_val_if_fail (FT_IS_PLOT (self), 0);
  return self->epochs;
}

void
ft_plot_set_epochs (FtPlot *self, guint epochs)
{
  g_return_if_fail (FT_IS_PLOT (self));

  epochs = MAX (epochs, 1);
  if (self->epochs == epochs)
    return;
  self->epochs = epochs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GListModel *
ft_plot_get_series (FtPlot *self)
{
  g_return_val_if_fail (FT_IS_PLOT (self), NULL);
  return G_LIST_MODEL (self->series);
}

void
ft_plot_add_series (FtPlot *self, FtPlotSeries *series)
{
  g_return_if_fail (FT_IS_PLOT (self));
  g_return_if_fail (FT_IS_PLOT_SERIES (series));

  g_signal_connect_object (series, "changed", G_CALLBACK (series_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (self->series, series);
}

void
ft_plot_remove_series (FtPlot *self, FtPlotSeries *series)
{
  guint position;

  g_return_if_fail (FT_IS_PLOT (self));
  g_return_if_fail (FT_IS_PLOT_SERIES (series));

  if (!g_list_store_find (self->series, series, &position))
    return;
  g_signal_handlers_disconnect_by_func (series, series_changed_cb, self);
  g_list_store_remove (self->series, position);
}

void
ft_plot_clear (FtPlot *self)
{
  g_return_if_fail (FT_IS_PLOT (self));

  while (g_list_model_get_n_items (G_LIST_MODEL (self->series)) > 0)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (G_LIST_MODEL (self->series), 0);
      ft_plot_remove_series (self, series);
    }
}

guint
ft_plot_count_points (FtPlot *self)
{
  GListModel *model = G_LIST_MODEL (self->series);
  guint count = 0;

  g_return_val_if_fail (FT_IS_PLOT (self), 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (FtPlotSeries) series = g_list_model_get_item (model, i);
      GArray *points = ft_plot_series_get_points (series);

      for (guint j = 0; j < points->len; j++)
        for (FtPlotMetric m = 0; m < FT_PLOT_N_METRICS; m++)
          count += isfinite (ft_plot_metric_value (m, &g_array_index (points, FtMetricPoint, j)));
    }
  return count;
}

char *
ft_plot_dup_hover_text (FtPlot *self)
{
  g_return_val_if_fail (FT_IS_PLOT (self), NULL);
  return g_strdup (self->hover_text);
}
