/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Pillow's default limit on decoded pixels, past which it refuses a file as a
 * decompression bomb. */
#define FT_IMAGE_MAX_PIXELS G_GUINT64_CONSTANT (89478485)

/*
 * FtImage: an 8-bit RGB image, immutable once made and reference counted so
 * that threads and the loader's cache can share it.  Rows are @stride bytes
 * apart; each pixel is @channels bytes (3, or 4 where a fourth byte is
 * present and ignored), red first.
 */
typedef struct
{
  int width;
  int height;
  int stride;
  int channels;
  const guint8 *pixels;
} FtImage;

/* A blank RGB image (3 channels, rows packed); its pixels may be written until it is shared. */
FtImage *ft_image_new (int width, int height);
FtImage *ft_image_ref (FtImage *image);
void ft_image_unref (FtImage *image);
/* Writable pixels of an image made by ft_image_new(). */
guint8 *ft_image_get_data (FtImage *image);
/* Bytes the image holds. */
gsize ft_image_get_size (const FtImage *image);

/*
 * ft_image_load:
 * Decodes @path as Pillow's Image.open(path).convert("RGB") does: alpha is
 * dropped, not composited; grey and palette images are expanded; 16-bit
 * samples keep their high byte, as Pillow does for colour (for 16-bit grey,
 * Pillow's "I" mode saturates at 255 instead).  Common PNGs take a fast
 * path, everything else GdkPixbuf.  Files over @max_pixels (0: the default,
 * FT_IMAGE_MAX_PIXELS) are refused before decoding.
 * Returns: (transfer full): the image, or NULL with @error set.
 */
FtImage *ft_image_load (const char *path, guint64 max_pixels, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtImage, ft_image_unref)

G_END_DECLS
