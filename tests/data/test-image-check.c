/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "ft-file-tree.h"
#include "ft-image-check.h"

static char *
write_png (const char *root, const char *set, const char *klass, const char *name)
{
  g_autofree char *dir = g_build_filename (root, set, klass, NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 40, 30);
  g_autoptr (GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  gdk_pixbuf_fill (pixbuf, 0x80402000);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

static void
count_progress (guint done, guint total, gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

/* A truncated PNG and a text file named .jpg are found; the good images are not. */
static void
test_finds_unreadable (void)
{
  g_autofree char *root = g_dir_make_tmp ("ft-check-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) dataset = NULL;
  g_auto (GStrv) unreadable = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  guint calls = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u.png", i);
      g_free (write_png (root, "train", "a", name));
      g_free (write_png (root, "train", "b", name));
      g_free (write_png (root, "test", "a", name));
      g_free (write_png (root, "test", "b", name));
    }
  cut = write_png (root, "train", "b", "cut.png");
  g_assert_true (g_file_get_contents (cut, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 2, NULL));
  text = g_build_filename (root, "test", "a", "notes.jpg", NULL);
  g_assert_true (g_file_set_contents (text, "this is not a picture\n", -1, NULL));

  dataset = ft_dataset_open (root, &error);
  g_assert_no_error (error);
  unreadable = ft_dataset_find_unreadable (dataset, count_progress, &calls, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 14);
  g_assert_cmpuint (g_strv_length (unreadable), ==, 2);
  g_assert_cmpstr (unreadable[0], ==, cut);
  g_assert_cmpstr (unreadable[1], ==, text);
  g_assert_finalize_object (g_steal_pointer (&dataset));
  ft_file_tree_remove (root);
}

static void
test_cancelled (void)
{
  g_autofree char *root = g_dir_make_tmp ("ft-check-XXXXXX", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) dataset = NULL;
  char **unreadable;

  g_free (write_png (root, "train", "a", "0.png"));
  g_free (write_png (root, "train", "b", "0.png"));
  g_free (write_png (root, "test", "a", "0.png"));
  g_free (write_png (root, "test", "b", "0.png"));
  dataset = ft_dataset_open (root, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  unreadable = ft_dataset_find_unreadable (dataset, NULL, NULL, cancellable, &error);
  g_assert_null (unreadable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_finalize_object (g_steal_pointer (&dataset));
  ft_file_tree_remove (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image-check/finds-unreadable", test_finds_unreadable);
  g_test_add_func ("/image-check/cancelled", test_cancelled);
  return g_test_run ();
}
