/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-plot-series.h"

struct _FtPlotSeries
{
  GObject parent_instance;
  char *label;
  GArray *points;
  FtPlotRole role;
};

G_DEFINE_FINAL_TYPE (FtPlotSeries, ft_plot_series, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LABEL,
  N_PROPS
};
enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ft_plot_series_finalize (GObject *object)
{
  FtPlotSeries *self = FT_PLOT_SERIES (object);

  g_free (self->label);
  g_array_unref (self->points);
  G_OBJECT_CLASS (ft_plot_series_parent_class)->finalize (object);
}

static void
ft_plot_series_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FtPlotSeries *self = FT_PLOT_SERIES (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ft_plot_series_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  FtPlotSeries *self = FT_PLOT_SERIES (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      ft_plot_series_set_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ft_plot_series_class_init (FtPlotSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ft_plot_series_finalize;
  object_class->get_property = ft_plot_series_get_property;
  object_class->set_property = ft_plot_series_set_property;

  properties[PROP_LABEL] = g_param_spec_string (
    "label", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the points or the label change. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
ft_plot_series_init (FtPlotSeries *self)
{
  self->label = g_strdup ("");
  self->points = g_array_new (FALSE, FALSE, sizeof (FtMetricPoint));
}

FtPlotSeries *
ft_plot_series_new (const char *label)
{
  return g_object_new (FT_TYPE_PLOT_SERIES, "label", label ? label : "", NULL);
}

const char *
ft_plot_series_get_label (FtPlotSeries *self)
{
  g_return_val_if_fail (FT_IS_PLOT_SERIES (self), NULL);
  return self->label;
}

void
ft_plot_series_set_label (FtPlotSeries *self, const char *label)
{
  g_return_if_fail (FT_IS_PLOT_SERIES (self));

  if (label == NULL)
    label = "";
  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  g_signal_emit (self, signals[CHANGED], 0);
}

GArray *
ft_plot_series_get_points (FtPlotSeries *self)
{
  g_return_val_if_fail (FT_IS_PLOT_SERIES (self), NULL);
  return self->points;
}

void
ft_plot_series_set_points (FtPlotSeries *self, const FtMetricPoint *points, guint n_points)
{
  g_return_if_fail (FT_IS_PLOT_SERIES (self));
  g_return_if_fail (points != NULL || n_points == 0);

  g_array_set_size (self->points, 0);
  if (n_points > 0)
    g_array_append_vals (self->points, points, n_points);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
ft_plot_series_append (FtPlotSeries *self, const FtMetricPoint *point)
{
  g_return_if_fail (FT_IS_PLOT_SERIES (self));
  g_return_if_fail (point != NULL);

  g_array_append_vals (self->points, point, 1);
  g_signal_emit (self, signals[CHANGED], 0);
}

FtPlotRole
ft_plot_role_for_config (const FtTrainerConfig *config)
{
  g_return_val_if_fail (config != NULL, FT_PLOT_ROLE_ANY);
  return config->weights_path != NULL ? FT_PLOT_ROLE_FINETUNE : FT_PLOT_ROLE_SCRATCH;
}

FtPlotSeries *
ft_plot_series_new_for_config (const FtTrainerConfig *config, const char *label)
{
  FtPlotSeries *self = ft_plot_series_new (label);

  self->role = ft_plot_role_for_config (config);
  return self;
}

FtPlotRole
ft_plot_series_get_role (FtPlotSeries *self)
{
  g_return_val_if_fail (FT_IS_PLOT_SERIES (self), FT_PLOT_ROLE_ANY);
  return self->role;
}

void
ft_plot_series_set_role (FtPlotSeries *self, FtPlotRole role)
{
  g_return_if_fail (FT_IS_PLOT_SERIES (self));

  if (self->role == role)
    return;
  self->role = role;
  g_signal_emit (self, signals[CHANGED], 0);
}
