/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ft-transform.h"

G_BEGIN_DECLS

#define FT_TYPE_CROP_VIEW (ft_crop_view_get_type ())
G_DECLARE_FINAL_TYPE (FtCropView, ft_crop_view, FT, CROP_VIEW, GtkWidget)

/* FtCropView: an image with numbered crop boxes drawn on it. */
GtkWidget *ft_crop_view_new (void);
void ft_crop_view_set_texture (FtCropView *self, GdkTexture *texture);
/* @boxes in the pixels of the texture; copied. */
void ft_crop_view_set_boxes (FtCropView *self, const FtBox *boxes, guint n_boxes);
/* The colour of box @index, shared with the numbered results. */
void ft_crop_view_box_color (guint index, GdkRGBA *color);

G_END_DECLS
