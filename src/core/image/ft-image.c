/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "config.h"

#include "ft-image.h"
#include "ft-image-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ft-scratch.h"

typedef struct
{
  FtImage image;
  GdkPixbuf *pixbuf; /* owner of the pixels of a decoded image, or NULL */
  guint8 *data;      /* owner of the pixels of a blank image, or NULL */
} FtImageReal;

static void
image_clear (gpointer data)
{
  FtImageReal *real = data;

  g_clear_object (&real->pixbuf);
  g_clear_pointer (&real->data, g_free);
}

FtImage *
ft_image_new (int width, int height)
{
  FtImageReal *real;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  real = g_atomic_rc_box_new0 (FtImageReal);
  real->data = g_malloc ((gsize) width * height * 3);
  real->image.width = width;
  real->image.height = height;
  real->image.stride = width * 3;
  real->image.channels = 3;
  real->image.pixels = real->data;
  return &real->image;
}

FtImage *
ft_image_ref (FtImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);

  return g_atomic_rc_box_acquire (image);
}

void
ft_image_unref (FtImage *image)
{
  if (image != NULL)
    g_atomic_rc_box_release_full (image, image_clear);
}

guint8 *
ft_image_get_data (FtImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (((FtImageReal *) image)->data != NULL, NULL);

  return ((FtImageReal *) image)->data;
}

gsize
ft_image_get_size (const FtImage *image)
{
  g_return_val_if_fail (image != NULL, 0);

  return (gsize) image->stride * image->height + sizeof (FtImageReal);
}

FtImage *
_ft_image_new_for_data (int width, int height, int stride, int channels, guint8 *data, gsize offset)
{
  FtImageReal *real = g_atomic_rc_box_new0 (FtImageReal);

  real->data = data;
  real->image.width = width;
  real->image.height = height;
  real->image.stride = stride;
  real->image.channels = channels;
  real->image.pixels = data + offset;
  return &real->image;
}

gboolean
_ft_image_check_size (
  const char *name, guint64 width, guint64 height, guint64 max_pixels, GError **error)
{
  if (width * height <= max_pixels)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _ ("“%s” has %" PRIu64 " × %" PRIu64 " pixels, more than the "
                  "limit of %" PRIu64 "; it is refused as a possible decompression bomb."),
               name, width, height, max_pixels);
  return FALSE;
}

/* Records the size from the file's header and stops the loader there: a size of 0 × 0 is how
 * GdkPixbuf's loaders are told to give up, as gdk_pixbuf_get_file_info() does. */
static void
size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  int *size = user_data;

  size[0] = width;
  size[1] = height;
  gdk_pixbuf_loader_set_size (loader, 0, 0);
}

/* A loader for the raster format that the first bytes of @data name, and no other: GdkPixbuf's
 * own guess from the content would hand an SVG, XPM or ICO that calls itself .jpg to loaders
 * that a data set never needs. */
static GdkPixbufLoader *
new_loader (const guint8 *data, gsize len)
{
  const char *format = _ft_image_sniff_format (data, len);

  return format ? gdk_pixbuf_loader_new_with_type (format, NULL) : NULL;
}

/* Decodes through GdkPixbuf, after reading the size from the header. */
static FtImage *
load_pixbuf (const guint8 *data, gsize len, const char *name, guint64 max_pixels, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GdkPixbufLoader) header = new_loader (data, len);
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  FtImageReal *real;
  int size[2] = { 0, 0 };

  if (header != NULL)
    {
      /* Stopped on purpose at the header, so its failure says nothing. */
      g_signal_connect (header, "size-prepared", G_CALLBACK (size_prepared), size);
      gdk_pixbuf_loader_write (header, data, len, NULL);
      gdk_pixbuf_loader_close (header, NULL);
    }
  if (size[0] <= 0 || size[1] <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("“%s” is not an image in a known format."), name);
      return NULL;
    }
  if (!_ft_image_check_size (name, size[0], size[1], max_pixels, error))
    return NULL;
  loader = new_loader (data, len);
  if (gdk_pixbuf_loader_write (loader, data, len, &local_error)
      && gdk_pixbuf_loader_close (loader, &local_error)
      && gdk_pixbuf_loader_get_pixbuf (loader) != NULL)
    pixbuf = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("“%s” could not be decoded: %s"),
                   name, local_error ? local_error->message : _ ("unsupported pixel format"));
      return NULL;
    }

  real = g_atomic_rc_box_new0 (FtImageReal);
  real->image.width = gdk_pixbuf_get_width (pixbuf);
  real->image.height = gdk_pixbuf_get_height (pixbuf);
  real->image.stride = gdk_pixbuf_get_rowstride (pixbuf);
  real->image.channels = gdk_pixbuf_get_n_channels (pixbuf);
  real->image.pixels = gdk_pixbuf_read_pixels (pixbuf);
  real->pixbuf = g_steal_pointer (&pixbuf);
  return &real->image;
}

/*
 * Reads the regular file @path into this thread's file buffer (see
 * ft_scratch_get()); NULL when it is not a regular file or cannot be read.
 * O_NONBLOCK keeps a FIFO from hanging the open; a regular file ignores it.
 */
static const guint8 *
read_file (const char *path, gsize *len)
{
  struct stat st;
  guint8 *data = NULL;
  gsize done = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);

  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_size < G_MAXSIZE / 2)
    data = ft_scratch_get (FT_SCRATCH_FILE, (gsize) st.st_size);
  while (data != NULL && done < (gsize) st.st_size)
    {
      gssize n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        data = NULL;
      else if (n == 0)
        break;
      else
        done += (gsize) n;
    }
  close (fd);
  *len = done;
  return data;
}

static FtImage *
load (const char *path, const char *name, guint64 max_pixels, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  const guint8 *data;
  FtImage *image;
  gsize len = 0;

  data = read_file (path, &len);
  if (data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” is not a readable file."),
                   name);
      return NULL;
    }
  image = _ft_png_decode (data, len, name, max_pixels, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (image != NULL)
    return image;
  if (!_ft_image_check_complete (data, len, name, error))
    return NULL;
  return load_pixbuf (data, len, name, max_pixels, error);
}

FtImage *
ft_image_load (const char *path, guint64 max_pixels, GError **error)
{
  g_autofree char *name = NULL;
  FtImage *image;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  image = load (path, name, max_pixels ? max_pixels : FT_IMAGE_MAX_PIXELS, error);
  ft_scratch_release (FT_SCRATCH_FILE);
  return image;
}
