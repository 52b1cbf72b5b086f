/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bytes that must follow the last row of a buffer given to _ft_png_unfilter(). */
#define FT_PNG_UNFILTER_PAD 16

/*
 * _ft_png_unfilter:
 * Undoes PNG's row filters in place.  @buf holds @height rows of
 * 1 + @row_bytes bytes, the filter type first, and is followed by
 * FT_PNG_UNFILTER_PAD bytes it may read but leaves alone; @bpp is the bytes
 * of a pixel (rounded up to 1).  FALSE for an unknown filter type.
 */
gboolean _ft_png_unfilter (guint8 *buf, guint32 height, gsize row_bytes, int bpp);

G_END_DECLS
