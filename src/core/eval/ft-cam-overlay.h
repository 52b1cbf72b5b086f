/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-image.h"

G_BEGIN_DECLS

/* The image the network sees: the test transform's @size × @size centre crop, before
 * normalisation. (transfer full) */
FtImage *ft_cam_crop (const FtImage *image, int size);

/*
 * ft_cam_overlay:
 * pytorch-grad-cam's show_cam_on_image(crop / 255, map, use_rgb=True): OpenCV's JET colours of
 * uint8(255 * map), blended half and half with @crop, divided by the largest value and
 * truncated to uint8.  @map holds crop->width × crop->height values in [0, 1], row-major.
 * Returns: (transfer full): an image of @crop's size.
 */
FtImage *ft_cam_overlay (const FtImage *crop, const float *map);

/* Writes @image as a PNG at @path, whole or not at all. */
gboolean ft_cam_save_png (const FtImage *image, const char *path, GError **error);

G_END_DECLS
