/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-image.h"

G_BEGIN_DECLS

/* Wraps @data (taken, freed with g_free) whose first pixel is at @data + @offset. */
FtImage *_ft_image_new_for_data (
  int width, int height, int stride, int channels, guint8 *data, gsize offset);

/*
 * _ft_png_decode:
 * Decodes the common kinds of PNG (not interlaced; grey, grey+alpha, RGB
 * or RGBA at 8 or 16 bits, palette at 8 bits) exactly as the general path
 * does, only faster.  Returns NULL with @error unset when it declines a
 * file (another kind of PNG, or damaged data), so that the general path
 * decodes it or reports the fault; NULL with @error set when the image is
 * larger than @max_pixels.
 */
FtImage *_ft_png_decode (
  const guint8 *data, gsize len, const char *name, guint64 max_pixels, GError **error);

/* FALSE with @error set, naming @name, when @width × @height is over @max_pixels. */
gboolean _ft_image_check_size (
  const char *name, guint64 width, guint64 height, guint64 max_pixels, GError **error);

/* FALSE with @error set when @data is a JPEG, WebP or PNG file cut short. */
gboolean _ft_image_check_complete (const guint8 *data, gsize len, const char *name, GError **error);

/*
 * The GdkPixbuf loader for @data, named by its first bytes: "png", "jpeg", "bmp", "tiff", "webp"
 * or "pnm", the formats of a data set's file names (ft-image-folder.h); NULL for anything else
 * (GIF, SVG, XPM, ICO, TGA and the other loaders GdkPixbuf may have are never asked) and for a
 * BMP whose header is not plausible.
 */
const char *_ft_image_sniff_format (const guint8 *data, gsize len);

G_END_DECLS
