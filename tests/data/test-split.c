/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "ft-dataset.h"
#include "ft-file-tree.h"
#include "ft-split.h"

static void
write_file (const char *root, const char *relative, const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* Every file under @dir as "relative path=contents", sorted, one per line. */
static void
list_tree (const char *dir, const char *prefix, GPtrArray *out)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *relative = prefix ? g_build_filename (prefix, name, NULL) : g_strdup (name);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_tree (path, relative, out);
      else
        {
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          g_ptr_array_add (out, g_strdup_printf ("%s=%s", relative, contents));
        }
    }
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
tree (const char *dir)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  list_tree (dir, NULL, lines);
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static guint
count_lines (const char *text, const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static char *
make_photos (void)
{
  char *root = g_dir_make_tmp ("ft-split-XXXXXX", NULL);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("photos/cat/%02u.jpg", i);
      g_autofree char *body = g_strdup_printf ("cat %u", i);
      write_file (root, name, body);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("photos/dog/%02u.png", i);
      g_autofree char *body = g_strdup_printf ("dog %u", i);
      write_file (root, name, body);
    }
  write_file (root, "photos/dog/park/a.png", "dog in the park");
  write_file (root, "photos/dog/readme.txt", "not an image");
  return root;
}

/* Same seed, same split; the photos stay as they were; each class is split on its own. */
static void
test_reproducible (void)
{
  g_autofree char *root = make_photos ();
  g_autofree char *photos = g_build_filename (root, "photos", NULL);
  g_autofree char *before = tree (photos);
  g_autofree char *a = g_build_filename (root, "a", NULL);
  g_autofree char *b = g_build_filename (root, "b", NULL);
  g_autofree char *c = g_build_filename (root, "c", NULL);
  g_autofree char *after = NULL;
  g_autofree char *tree_a = NULL;
  g_autofree char *tree_b = NULL;
  g_autofree char *tree_c = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) dataset = NULL;
  guint copied = 99;

  g_assert_true (ft_split_can_split (photos));
  g_assert_true (
    ft_split_write (photos, a, FT_SPLIT_DEFAULT_TEST_FRACTION, 7, &copied, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (copied, ==, 0); /* one file system: hard links */
  g_assert_true (ft_split_write (photos, b, 0.2, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ft_split_write (photos, c, 0.2, 8, NULL, NULL, &error));
  g_assert_no_error (error);
  tree_a = tree (a);
  tree_b = tree (b);
  tree_c = tree (c);
  g_assert_cmpstr (tree_a, ==, tree_b);
  g_assert_cmpstr (tree_a, !=, tree_c);
  /* 10 cats: 2 to test; 5 dogs (one in a sub-folder, kept there): 1 to test */
  g_assert_cmpuint (count_lines (tree_a, "test/cat/"), ==, 2);
  g_assert_cmpuint (count_lines (tree_a, "train/cat/"), ==, 8);
  g_assert_cmpuint (count_lines (tree_a, "test/dog/"), ==, 1);
  g_assert_cmpuint (count_lines (tree_a, "train/dog/"), ==, 4);
  g_assert_true (strstr (tree_a, "dog/park/a.png=dog in the park") != NULL);
  g_assert_null (strstr (tree_a, "readme.txt"));
  after = tree (photos);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (ft_split_can_split (a));
  dataset = ft_dataset_open (a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_image_folder_get_n_samples (ft_dataset_get_test (dataset)), ==, 3);
  ft_file_tree_remove (root);
}

/* Refusals leave nothing behind and change nothing. */
static void
test_refusals (void)
{
  g_autofree char *root = make_photos ();
  g_autofree char *photos = g_build_filename (root, "photos", NULL);
  g_autofree char *out = g_build_filename (root, "out", NULL);
  g_autofree char *before = tree (root);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (ft_split_write (photos, out, 0, 1, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ft_split_write (photos, out, 1.5, 1, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ft_split_write (photos, photos, 0.2, 1, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  write_file (root, "photos/bird/only.jpg", "one bird");
  g_free (before);
  before = tree (root);
  g_assert_false (ft_split_write (photos, out, 0.2, 1, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "“bird”"));
  after = tree (root);
  g_assert_cmpstr (before, ==, after); /* no out/, no out.part-* */
  ft_file_tree_remove (root);
}

static void
test_cancelled (void)
{
  g_autofree char *root = make_photos ();
  g_autofree char *photos = g_build_filename (root, "photos", NULL);
  g_autofree char *out = g_build_filename (root, "out", NULL);
  g_autofree char *before = tree (root);
  g_autofree char *after = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ft_split_write (photos, out, 0.2, 1, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = tree (root);
  g_assert_cmpstr (before, ==, after);
  ft_file_tree_remove (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/split/reproducible", test_reproducible);
  g_test_add_func ("/split/refusals", test_refusals);
  g_test_add_func ("/split/cancelled", test_cancelled);
  return g_test_run ();
}
