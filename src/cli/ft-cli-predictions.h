/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-torch.h"

G_BEGIN_DECLS

typedef const char *(*FtCliLabelFunc) (guint index, gpointer user_data);

/* Grad-CAM overlays asked for with predict --cam. */
typedef struct
{
  const char *dir; /* where STEM.png goes, or NULL for none */
  int target;      /* the class of the heat map, -1 for the predicted one */
} FtCliCamRequest;

/*
 * Classifies each of @images with @model after the recipe's test transform
 * at @size pixels, then prints the most probable classes of each (at most
 * five): as text, or as one JSON array of {image, top: [{index, label,
 * prob}]}.  With @cam (nullable) and its dir set, each image's Grad-CAM overlay is written as
 * DIR/STEM.png and its entry gains cam (that path) and cam_grid (layer4's map, rows top to
 * bottom).  Nothing is printed or written when an image cannot be read.
 */
gboolean ft_cli_print_predictions (FtTorchModel *model,
                                   guint size,
                                   char **images,
                                   FtCliLabelFunc label,
                                   gpointer user_data,
                                   gboolean json,
                                   const FtCliCamRequest *cam,
                                   GError **error);

G_END_DECLS
