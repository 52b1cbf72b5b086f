/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "ft-synth.h"

static const char *const folders[]
  = { "train/hotdog", "train/not-hotdog", "test/hotdog", "test/not-hotdog" };

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static guint
count_entries (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

/* Checks the layout and that every picture is a PNG with sides in [lo, hi]. */
static void
assert_set (const char *root, guint per_class, int lo, int hi)
{
  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      guint expected = f < 2 ? per_class : MAX (per_class * 2 / 5, 1);
      g_autofree char *dir = g_build_filename (root, folders[f], NULL);

      g_assert_cmpuint (count_entries (dir), ==, expected);
      for (guint i = 0; i < expected; i++)
        {
          g_autofree char *name = g_strdup_printf ("%u.png", i);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr (GError) error = NULL;
          GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, NULL, NULL);
          g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
          g_autofree char *format_name = NULL;

          g_assert_no_error (error);
          g_assert_nonnull (format);
          format_name = gdk_pixbuf_format_get_name (format);
          g_assert_cmpstr (format_name, ==, "png");
          g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, lo);
          g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), <=, hi);
          g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), >=, lo);
          g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), <=, hi);
        }
    }
}

static gboolean
same_files (const char *a, const char *b, guint per_class)
{
  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    for (guint i = 0; i < MAX (per_class * 2 / 5, 1); i++)
      {
        g_autofree char *name = g_strdup_printf ("%s/%u.png", folders[f], i);
        g_autofree char *pa = g_build_filename (a, name, NULL);
        g_autofree char *pb = g_build_filename (b, name, NULL);
        g_autofree char *da = NULL;
        g_autofree char *db = NULL;
        gsize la, lb;

        g_assert_true (g_file_get_contents (pa, &da, &la, NULL));
        g_assert_true (g_file_get_contents (pb, &db, &lb, NULL));
        if (la != lb || memcmp (da, db, la) != 0)
          return FALSE;
      }
  return TRUE;
}

static void
test_layout_and_seed (void)
{
  g_autofree char *scratch = g_dir_make_tmp ("ft-synth-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (scratch, "a", NULL);
  g_autofree char *b = g_build_filename (scratch, "b", NULL);
  g_autofree char *c = g_build_filename (scratch, "c", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (ft_synth_write (a, 5, 64, 42, NULL, &error));
  g_assert_no_error (error);
  assert_set (a, 5, 32, 64);
  g_assert_true (ft_synth_write (b, 5, 64, 42, NULL, &error));
  g_assert_true (ft_synth_write (c, 5, 64, 43, NULL, &error));
  g_assert_true (same_files (a, b, 5));
  g_assert_false (same_files (a, c, 5));
  g_assert_cmpuint (count_entries (scratch), ==, 3); /* no temporary folder left */
  remove_tree (scratch);
}

static void
test_real_sizes (void)
{
  g_autofree char *scratch = g_dir_make_tmp ("ft-synth-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (scratch, "set", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (ft_synth_write (out, 2, 0, 1, NULL, &error));
  g_assert_no_error (error);
  assert_set (out, 2, 100, 640);
  remove_tree (scratch);
}

static void
test_existing (void)
{
  g_autofree char *scratch = g_dir_make_tmp ("ft-synth-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (scratch, "set", NULL);
  g_autofree char *keep = g_build_filename (out, "keep.txt", NULL);
  g_autoptr (GError) error = NULL;

  /* An empty folder is taken; one with something in it is left alone. */
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (ft_synth_write (out, 1, 32, 1, NULL, &error));
  g_assert_no_error (error);
  remove_tree (out);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (g_file_set_contents (keep, "mine", -1, NULL));
  g_assert_false (ft_synth_write (out, 1, 32, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpuint (count_entries (out), ==, 1);
  g_assert_cmpuint (count_entries (scratch), ==, 1);
  remove_tree (scratch);
}

static void
test_cancel (void)
{
  g_autofree char *scratch = g_dir_make_tmp ("ft-synth-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (scratch, "set", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ft_synth_write (out, 3, 32, 1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (scratch), ==, 0);
  remove_tree (scratch);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synth/layout-and-seed", test_layout_and_seed);
  g_test_add_func ("/synth/real-sizes", test_real_sizes);
  g_test_add_func ("/synth/existing", test_existing);
  g_test_add_func ("/synth/cancel", test_cancel);
  return g_test_run ();
}
