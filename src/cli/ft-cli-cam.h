/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ft-image.h"
#include "ft-torch.h"

G_BEGIN_DECLS

/* One image's Grad-CAM, ready to be written. */
typedef struct
{
  char *path;       /* OUT_DIR/STEM.png */
  FtImage *overlay; /* the overlay at the network's input size */
  JsonArray *grid;  /* rows of layer4's map */
} FtCliCam;

/* The Grad-CAM overlay of @image for class @target (-1: the predicted one), to be written at
 * @path. (transfer full) */
FtCliCam *ft_cli_cam_new (FtTorchModel *model,
                          const FtImage *image,
                          guint size,
                          int target,
                          const char *path,
                          GError **error);
void ft_cli_cam_free (FtCliCam *cam);

/* OUT_DIR/STEM.png for each of @images, refusing two images of one stem. (transfer full) */
char **ft_cli_cam_paths (const char *dir, char **images, GError **error);
/* Writes every overlay of @cams (FtCliCam) or, failing, none of them. */
gboolean ft_cli_cam_write_all (GPtrArray *cams, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtCliCam, ft_cli_cam_free)

G_END_DECLS
