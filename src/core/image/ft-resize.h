/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-image.h"

G_BEGIN_DECLS

/*
 * ft_resize_crop:
 * Crops the box (@left, @top, @width, @height), which must lie inside
 * @src, and resizes it to @out_width × @out_height with Pillow's bilinear
 * filter: the same result, byte for byte, as Pillow's
 * img.crop((left, top, left + width, top + height)).resize((out_width,
 * out_height), Image.BILINEAR) on an RGB image.  The filter's support widens
 * with the downscale factor, so downscaling antialiases.
 * Returns: (transfer full): a new packed RGB image.
 */
FtImage *ft_resize_crop (
  const FtImage *src, int left, int top, int width, int height, int out_width, int out_height);

G_END_DECLS
