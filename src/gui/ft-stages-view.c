/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ft-stages-view.h"

struct _FtStagesView
{
  GtkWidget parent_instance;
  FtStageState states[FT_STAGES_N];
  double lrs[FT_STAGES_N];
};

G_DEFINE_FINAL_TYPE (FtStagesView, ft_stages_view, GTK_TYPE_WIDGET)

static const char *const stage_names[FT_STAGES_N] = {
  "stem", "layer1", "layer2", "layer3", "layer4", "fc",
};

static const char *
state_name (FtStageState state)
{
  switch (state)
    {
    case FT_STAGE_FROZEN:
      return _ ("frozen");
    case FT_STAGE_TRAINED:
      return _ ("fine-tuned");
    case FT_STAGE_NEW:
      return _ ("new");
    case FT_STAGE_RANDOM:
    default:
      return _ ("random");
    }
}

static const char *
state_color (FtStageState state, gboolean dark)
{
  static const char *const colors[2][4] = {
    { "#c0bfbc", "#99c1f1", "#8ff0a4", "#ffbe6f" },
    { "#5e5c64", "#1a5fb4", "#26a269", "#c64600" },
  };

  return colors[dark ? 1 : 0][state];
}

static void
show_centered (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y, double w)
{
  int tw, th;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (w * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_stage (FtStagesView *self, cairo_t *cr, guint i, double x, double w, double h, gboolean dark)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans Bold");
  GdkRGBA fill, fg;
  char lr[32];

  gdk_rgba_parse (&fill, state_color (self->states[i], dark));
  gdk_rgba_parse (&fg, dark ? "#ffffff" : "#241f31");
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_rectangle (cr, x, 0, w, h);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, &fg);
  pango_font_description_set_absolute_size (desc, 15 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  show_centered (cr, layout, stage_names[i], x + 4, h * 0.12, w - 8);
  pango_font_description_set_weight (desc, PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc, 13 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  show_centered (cr, layout, state_name (self->states[i]), x + 4, h * 0.42, w - 8);
  if (self->lrs[i] > 0)
    g_snprintf (lr, sizeof lr, "lr %.3g", self->lrs[i]);
  else
    g_snprintf (lr, sizeof lr, "lr 0");
  show_centered (cr, layout, lr, x + 4, h * 0.68, w - 8);
}

static void
ft_stages_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  FtStagesView *self = FT_STAGES_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  double gap = 14, w = (width - gap * (FT_STAGES_N - 1)) / FT_STAGES_N;
  cairo_t *cr;
  GdkRGBA fg;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_rgba_parse (&fg, dark ? "#ffffff" : "#241f31");
  for (guint i = 0; i < FT_STAGES_N; i++)
    {
      double x = i * (w + gap);

      draw_stage (self, cr, i, x, w, height, dark);
      if (i + 1 < FT_STAGES_N)
        {
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_move_to (cr, x + w + 3, height / 2.0 - 5);
          cairo_line_to (cr, x + w + gap - 3, height / 2.0);
          cairo_line_to (cr, x + w + 3, height / 2.0 + 5);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);
}

static void
ft_stages_view_measure (GtkWidget *widget,
                        GtkOrientation orientation,
                        int for_size,
                        int *minimum,
                        int *natural,
                        int *minimum_baseline,
                        int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 84;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 84;
}

static void
ft_stages_view_class_init (FtStagesViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ft_stages_view_snapshot;
  widget_class->measure = ft_stages_view_measure;
  gtk_widget_class_set_css_name (widget_class, "ftstagesview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ft_stages_view_init (FtStagesView *self)
{
  g_autoptr (FtTrainerConfig) config = ft_trainer_config_new ();

  ft_stages_view_set_config (self, config);
}

GtkWidget *
ft_stages_view_new (void)
{
  return g_object_new (FT_TYPE_STAGES_VIEW, NULL);
}

static void
update_description (FtStagesView *self)
{
  g_autoptr (GString) text = g_string_new (_ ("ResNet-18 stages:"));

  for (guint i = 0; i < FT_STAGES_N; i++)
    g_string_append_printf (text, " %s %s, lr %.3g;", stage_names[i], state_name (self->states[i]),
                            self->lrs[i]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text->str);
}

void
ft_stages_view_set_config (FtStagesView *self, const FtTrainerConfig *config)
{
  gboolean pretrained;

  g_return_if_fail (FT_IS_STAGES_VIEW (self));
  g_return_if_fail (config != NULL);

  pretrained = config->weights_path != NULL;
  for (guint i = 0; i < FT_STAGES_N - 1; i++)
    {
      gboolean frozen
        = pretrained && config->freeze != FT_FREEZE_NONE && i < (guint) config->freeze;

      self->states[i] = frozen ? FT_STAGE_FROZEN : pretrained ? FT_STAGE_TRAINED : FT_STAGE_RANDOM;
      self->lrs[i] = frozen ? 0 : config->lr;
    }
  self->states[FT_STAGES_N - 1] = pretrained ? FT_STAGE_NEW : FT_STAGE_RANDOM;
  self->lrs[FT_STAGES_N - 1]
    = config->param_groups ? config->lr * config->head_lr_mult : config->lr;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

FtStageState
ft_stages_view_get_state (FtStagesView *self, guint stage)
{
  g_return_val_if_fail (FT_IS_STAGES_VIEW (self), FT_STAGE_RANDOM);
  g_return_val_if_fail (stage < FT_STAGES_N, FT_STAGE_RANDOM);
  return self->states[stage];
}

double
ft_stages_view_get_lr (FtStagesView *self, guint stage)
{
  g_return_val_if_fail (FT_IS_STAGES_VIEW (self), 0);
  g_return_val_if_fail (stage < FT_STAGES_N, 0);
  return self->lrs[stage];
}
