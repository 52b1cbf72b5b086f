/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ft-torch.h"

G_BEGIN_DECLS

#define FT_TYPE_CAM_VIEW (ft_cam_view_get_type ())
G_DECLARE_FINAL_TYPE (FtCamView, ft_cam_view, FT, CAM_VIEW, GtkWidget)

/*
 * FtCamView: one image under a trained model: its most probable classes and its Grad-CAM heat
 * map, computed off the main thread.  With @try_it it offers to open an image and takes one
 * dropped on it ("Try It"); without, it shows the images it is given, with a switch between the
 * heat map of the predicted class and that of the actual one.
 */
GtkWidget *ft_cam_view_new (const char *title, const char *hint, gboolean try_it);
/* The model the images are shown under; @classes is copied. */
void ft_cam_view_set_model (FtCamView *self,
                            const char *model_path,
                            const char *const *classes,
                            FtTorchPrecision precision,
                            guint size);
/* Hides the switch to the actual class's heat map, for views that are shown photos only. */
void ft_cam_view_hide_actual_choice (FtCamView *self);
/* The label under the title, such as the run the view looks with. */
void ft_cam_view_set_subtitle (FtCamView *self, const char *subtitle);
/* Shows @path; @actual is its class, or -1 when unknown.  ::image-chosen is emitted when the
 * path came from the view's own Open or a drop. */
void ft_cam_view_show_image (FtCamView *self, const char *path, int actual);
/* Drops the image, its classes and any look still under way, and says @text instead.
 * ::image-failed (the sentence) is emitted when the view's own Paste could not get an image. */
void ft_cam_view_clear (FtCamView *self, const char *text);
/* Whether the heat map of the latest image asked for is shown. */
gboolean ft_cam_view_is_ready (FtCamView *self);
/* What Paste does: a file or an image from the clipboard, tried as one opened. */
void ft_cam_view_paste (FtCamView *self);
/* What the view says of that image (classes, probabilities or the error). */
const char *ft_cam_view_get_text (FtCamView *self);

G_END_DECLS
