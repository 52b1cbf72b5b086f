/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which files reach GdkPixbuf: the raster formats of a data set, each through its own loader,
 * whatever the file is called; anything else is refused with one sentence. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ft-image.h"

static char *
write_temp (const char *name, const void *data, gsize len)
{
  g_autofree char *dir = g_dir_make_tmp ("ft-image-format-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

static void
assert_refused (const char *name, const void *data, gsize len, const char *words)
{
  g_autofree char *path = write_temp (name, data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImage) image = ft_image_load (path, 0, &error);

  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, words));
  remove_temp (path);
}

/* An SVG without a width, named as a photo: GdkPixbuf's guess from the content once sent it to
 * the SVG loader, whose size of 0 failed an assertion inside gdk_pixbuf_get_file_info. */
static void
test_svg (void)
{
  static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" Pwidth=\"8\" height=\"6\">"
                            "<rect width=\"8\" l=\"red\"/></svg>";
  static const char full[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"6\">"
                             "<rect width=\"8\" height=\"6\" fill=\"red\"/></svg>";

  assert_refused ("photo.jpg", svg, strlen (svg), "not an image in a known format");
  assert_refused ("drawing.png", full, strlen (full), "not an image in a known format");
}

/* XPM is text that GdkPixbuf decodes; no data set holds it. */
static void
test_xpm (void)
{
  static const char xpm[]
    = "/* XPM */\nstatic char *x[] = {\n\"2 1 1 1\",\n\". c #ff0000\",\n\"..\"};\n";

  assert_refused ("photo.jpg", xpm, strlen (xpm), "not an image in a known format");
}

/* A header of 0 rows (or of 0 columns) gives no size, so the loader stops before it allocates. */
static void
test_empty (void)
{
  static const char rows[] = "P6\n4 0\n255\n";
  static const char columns[] = "P6\n0 4\n255\n";

  assert_refused ("rows.ppm", rows, strlen (rows), "not an image in a known format");
  assert_refused ("columns.ppm", columns, strlen (columns), "not an image in a known format");
}

/* A pixmap header of 30000 × 30000 is refused from its header, before any row is read. */
static void
test_bomb (void)
{
  static const char bomb[] = "P6\n30000 30000\n255\n\x01\x02\x03";

  assert_refused ("bomb.ppm", bomb, strlen (bomb), "decompression bomb");
}

static void
assert_loads (
  const char *name, const void *data, gsize len, int width, int height, const guint8 *first)
{
  g_autofree char *path = write_temp (name, data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImage) image = ft_image_load (path, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (image);
  g_assert_cmpint (image->width, ==, width);
  g_assert_cmpint (image->height, ==, height);
  g_assert_cmpmem (image->pixels, 3, first, 3);
  remove_temp (path);
}

/* GIF is no data set format (ft-image-folder.h); GdkPixbuf's GIF loader failed an assertion on
 * a frame of 0 rows. */
static void
test_gif (void)
{
  static const guint8 gif[] = {
    'G', 'I',  'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0x10, 0x20, 0x30, 0,    0,
    0,   0x2c, 0,   0,   0,   0,   1, 0, 1, 0, 0,    2, 2, 0x44, 0x01, 0,    0x3b,
  };

  assert_refused ("one.jpg", gif, sizeof gif, "not an image in a known format");
}

static void
put_le32 (char *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (char) (v >> (8 * i));
}

/* A BMP whose header claims a pixel offset, an info header or a palette of gigabytes is refused
 * before GdkPixbuf's loader sizes a buffer by it. */
static void
test_bmp_header (void)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3, 2);
  g_autofree char *bmp = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, 0x102030ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &bmp, &len, "bmp", NULL, NULL));
  put_le32 (bmp + 10, 0xde000036);
  assert_refused ("offset.bmp", bmp, len, "not an image in a known format");
  put_le32 (bmp + 10, 54);
  put_le32 (bmp + 14, 0xc8a58c00);
  assert_refused ("info.bmp", bmp, len, "not an image in a known format");
  /* 8 bits a pixel with 2^32 - 1 colours: a palette far past the pixels */
  put_le32 (bmp + 14, 40);
  bmp[28] = 8;
  put_le32 (bmp + 46, 0xffffffff);
  assert_refused ("colours.bmp", bmp, len, "not an image in a known format");
  /* 8 bits a pixel and no colour count: 256 entries, more than lie before the pixels */
  put_le32 (bmp + 46, 0);
  assert_refused ("palette.bmp", bmp, len, "not an image in a known format");
  /* 24 bits a pixel, a row short, or claiming 393216 rows: pixels the file does not hold */
  put_le32 (bmp + 14, 40);
  bmp[28] = 24;
  assert_refused ("short.bmp", bmp, len - 8, "not an image in a known format");
  put_le32 (bmp + 22, 393216);
  assert_refused ("tall.bmp", bmp, len, "not an image in a known format");
  put_le32 (bmp + 22, (guint32) -393216);
  assert_refused ("tall-top-down.bmp", bmp, len, "not an image in a known format");
}

/* The raster formats load, also under a name that is not theirs. */
static void
test_raster (void)
{
  static const char ppm[] = "P6\n2 1\n255\n\x10\x20\x30\x40\x50\x60";
  static const guint8 first[] = { 0x10, 0x20, 0x30 };
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3, 2);
  const char *formats[] = { "bmp", "tiff", "jpeg" };

  assert_loads ("pixmap.ppm", ppm, sizeof ppm - 1, 2, 1, first);
  assert_loads ("pixmap.jpg", ppm, sizeof ppm - 1, 2, 1, first);
  gdk_pixbuf_fill (pixbuf, 0x102030ff);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *saved = NULL;
      g_autofree char *name = g_strdup_printf ("saved.%s", formats[i]);
      gsize len = 0;

      g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &saved, &len, formats[i], NULL,
                                                g_str_equal (formats[i], "jpeg") ? "quality" : NULL,
                                                "100", NULL));
      if (g_str_equal (formats[i], "jpeg"))
        {
          g_autofree char *path = write_temp (name, saved, len);
          g_autoptr (GError) error = NULL;
          g_autoptr (FtImage) image = ft_image_load (path, 0, &error);

          /* Lossy: the size is what is checked. */
          g_assert_no_error (error);
          g_assert_cmpint (image->width, ==, 3);
          g_assert_cmpint (image->height, ==, 2);
          remove_temp (path);
        }
      else
        assert_loads (name, saved, len, 3, 2, first);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image-format/svg", test_svg);
  g_test_add_func ("/image-format/xpm", test_xpm);
  g_test_add_func ("/image-format/empty", test_empty);
  g_test_add_func ("/image-format/bomb", test_bomb);
  g_test_add_func ("/image-format/gif", test_gif);
  g_test_add_func ("/image-format/bmp-header", test_bmp_header);
  g_test_add_func ("/image-format/raster", test_raster);
  return g_test_run ();
}
