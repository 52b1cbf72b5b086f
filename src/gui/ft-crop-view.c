/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ft-crop-view.h"

struct _FtCropView
{
  GtkWidget parent_instance;
  GdkTexture *texture;
  GArray *boxes;
};

G_DEFINE_FINAL_TYPE (FtCropView, ft_crop_view, GTK_TYPE_WIDGET)

void
ft_crop_view_box_color (guint index, GdkRGBA *color)
{
  static const char *const colors[] = {
    "#e01b24", "#ff7800", "#f6d32d", "#33d17a", "#3584e4", "#9141ac", "#ff66cc", "#00bcd4",
  };

  gdk_rgba_parse (color, colors[index % G_N_ELEMENTS (colors)]);
}

#define BADGE 22.0

/* Moves a box's number badge right, then down, until it covers no other badge. */
static void
place_badge (const graphene_point_t *placed, guint n_placed, double *x, double *y)
{
  for (guint tries = 0; tries < 64; tries++)
    {
      gboolean clear = TRUE;

      for (guint i = 0; i < n_placed && clear; i++)
        clear = fabs (placed[i].x - *x) >= BADGE || fabs (placed[i].y - *y) >= BADGE;
      if (clear)
        return;
      *x += BADGE + 2;
      if (tries % 4 == 3)
        {
          *x -= 4 * (BADGE + 2);
          *y += BADGE + 2;
        }
    }
}

static void
draw_badge (cairo_t *cr, PangoLayout *layout, guint index, double x, double y)
{
  char number[8];
  GdkRGBA color;

  ft_crop_view_box_color (index, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_rectangle (cr, x, y, BADGE, BADGE);
  cairo_fill (cr);
  /* white reads better than black on the blue and the purple */
  if (index == 4 || index == 5)
    cairo_set_source_rgb (cr, 1, 1, 1);
  else
    cairo_set_source_rgb (cr, 0, 0, 0);
  g_snprintf (number, sizeof number, "%u", index + 1);
  pango_layout_set_text (layout, number, -1);
  cairo_move_to (cr, x + 6, y + 1);
  pango_cairo_show_layout (cr, layout);
}

/* The boxes first, then their numbers on top, so that no line crosses a number. */
static void
draw_boxes (FtCropView *self, cairo_t *cr, double x0, double y0, double scale)
{
  graphene_point_t placed[16];
  guint n_placed = 0;
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans Bold");

  pango_font_description_set_absolute_size (desc, 15 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  cairo_set_line_width (cr, 3);
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const FtBox *box = &g_array_index (self->boxes, FtBox, i);
      GdkRGBA color;

      ft_crop_view_box_color (i, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x0 + box->left * scale, y0 + box->top * scale, box->width * scale,
                       box->height * scale);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const FtBox *box = &g_array_index (self->boxes, FtBox, i);
      double x = x0 + box->left * scale, y = y0 + box->top * scale;

      place_badge (placed, n_placed, &x, &y);
      if (n_placed < G_N_ELEMENTS (placed))
        placed[n_placed++] = GRAPHENE_POINT_INIT (x, y);
      draw_badge (cr, layout, i, x, y);
    }
}

static void
ft_crop_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  FtCropView *self = FT_CROP_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double tw, th, scale, x0, y0;
  cairo_t *cr;

  if (self->texture == NULL)
    return;
  tw = gdk_texture_get_width (self->texture);
  th = gdk_texture_get_height (self->texture);
  scale = MIN (width / tw, height / th);
  x0 = (width - tw * scale) / 2;
  y0 = (height - th * scale) / 2;
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (x0, y0, tw * scale, th * scale));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_boxes (self, cr, x0, y0, scale);
  cairo_destroy (cr);
}

static void
ft_crop_view_measure (GtkWidget *widget,
                      GtkOrientation orientation,
                      int for_size,
                      int *minimum,
                      int *natural,
                      int *minimum_baseline,
                      int *natural_baseline)
{
  *minimum = 240;
  *natural = 380;
}

static void
ft_crop_view_dispose (GObject *object)
{
  FtCropView *self = FT_CROP_VIEW (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->boxes, g_array_unref);
  G_OBJECT_CLASS (ft_crop_view_parent_class)->dispose (object);
}

static void
ft_crop_view_class_init (FtCropViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_crop_view_dispose;
  widget_class->snapshot = ft_crop_view_snapshot;
  widget_class->measure = ft_crop_view_measure;
  gtk_widget_class_set_css_name (widget_class, "ftcropview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ft_crop_view_init (FtCropView *self)
{
  self->boxes = g_array_new (FALSE, FALSE, sizeof (FtBox));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("The original image with the sampled crop boxes"), -1);
}

GtkWidget *
ft_crop_view_new (void)
{
  return g_object_new (FT_TYPE_CROP_VIEW, NULL);
}

void
ft_crop_view_set_texture (FtCropView *self, GdkTexture *texture)
{
  g_return_if_fail (FT_IS_CROP_VIEW (self));

  g_set_object (&self->texture, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ft_crop_view_set_boxes (FtCropView *self, const FtBox *boxes, guint n_boxes)
{
  g_return_if_fail (FT_IS_CROP_VIEW (self));

  g_array_set_size (self->boxes, 0);
  if (n_boxes > 0)
    g_array_append_vals (self->boxes, boxes, n_boxes);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
