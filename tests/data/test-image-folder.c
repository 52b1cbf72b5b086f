/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "ft-dataset.h"
#include "ft-image-folder.h"

/* Writes an empty file at @root/@rel, creating its folders: ImageFolder never decodes. */
static void
touch (const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static char *
make_tmp (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ft-folder-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileEnumerator) e = NULL;
  GFileInfo *info;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                     G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

          remove_tree (child);
          g_object_unref (info);
        }
    }
  g_remove (path);
}

static void
test_order (void)
{
  g_autofree char *root = make_tmp ();
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImageFolder) folder = NULL;
  /* torchvision's order: folders sorted by path, files sorted by name within each. */
  const char *expected[] = {
    "cat/Z.PNG",     "cat/b.jpeg", "cat/a/x.webp", "cat/a/y.Tif",
    "cat/b/c/w.bmp", "dog/1.ppm",  "dog/2.pgm",
  };

  touch (root, "dog/2.pgm");
  touch (root, "dog/1.ppm");
  touch (root, "dog/notes.txt");
  touch (root, "cat/b/c/w.bmp");
  touch (root, "cat/a/y.Tif");
  touch (root, "cat/a/x.webp");
  touch (root, "cat/b.jpeg");
  touch (root, "cat/Z.PNG");
  touch (root, "cat/thumbs.db");
  touch (root, "stray.png");

  folder = ft_image_folder_new (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_image_folder_get_n_classes (folder), ==, 2);
  g_assert_cmpstr (ft_image_folder_get_class_name (folder, 0), ==, "cat");
  g_assert_cmpstr (ft_image_folder_get_class_names (folder)[1], ==, "dog");
  g_assert_null (ft_image_folder_get_class_names (folder)[2]);
  g_assert_cmpuint (ft_image_folder_get_n_samples (folder), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (ft_image_folder_count_class (folder, 0), ==, 5);
  g_assert_cmpuint (ft_image_folder_count_class (folder, 1), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_build_filename (root, expected[i], NULL);

      g_assert_cmpstr (ft_image_folder_get_path (folder, i), ==, path);
      g_assert_cmpuint (ft_image_folder_get_label (folder, i), ==, i < 5 ? 0 : 1);
    }
  g_assert_finalize_object (g_steal_pointer (&folder));
  remove_tree (root);
}

static void
expect_folder_error (const char *root, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImageFolder) folder = ft_image_folder_new (root, &error);

  g_assert_null (folder);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_errors (void)
{
  g_autofree char *root = make_tmp ();
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_autofree char *one = g_build_filename (root, "one", NULL);
  g_autofree char *empty = g_build_filename (root, "empty", NULL);

  expect_folder_error (missing, "is not a folder");
  touch (root, "one/only/a.png");
  expect_folder_error (one, "at least 2");
  touch (root, "empty/full/a.png");
  touch (root, "empty/hollow/readme.txt");
  expect_folder_error (empty, "holds no images");
  remove_tree (root);
}

static void
test_dataset_layouts (void)
{
  g_autofree char *root = make_tmp ();
  g_autofree char *flat = g_build_filename (root, "flat", NULL);
  g_autofree char *zipped = g_build_filename (root, "zipped", NULL);
  g_autofree char *top = g_build_filename (zipped, "hotdog", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) ds = NULL;

  for (guint i = 0; i < 2; i++)
    {
      const char *base = i == 0 ? "flat" : "zipped/hotdog";
      const char *rels[] = { "train/hotdog/1.png", "train/not-hotdog/2.png", "test/hotdog/3.png",
                             "test/not-hotdog/4.png", "test/not-hotdog/5.png" };

      for (guint j = 0; j < G_N_ELEMENTS (rels); j++)
        {
          g_autofree char *rel = g_build_filename (base, rels[j], NULL);
          touch (root, rel);
        }
    }
  touch (root, "zipped/__MACOSX/._x");
  touch (root, "zipped/.hidden/x");

  ds = ft_dataset_open (flat, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_dataset_get_root (ds), ==, flat);
  g_assert_cmpstr (ft_dataset_get_name (ds), ==, "flat");
  g_assert_cmpuint (ft_image_folder_get_n_samples (ft_dataset_get_train (ds)), ==, 2);
  g_assert_cmpuint (ft_image_folder_get_n_samples (ft_dataset_get_test (ds)), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&ds));

  ds = ft_dataset_open (zipped, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_dataset_get_root (ds), ==, top);
  g_assert_cmpstr (ft_dataset_get_name (ds), ==, "hotdog");
  g_assert_cmpstr (ft_image_folder_get_class_name (ft_dataset_get_test (ds), 1), ==, "not-hotdog");
  g_assert_finalize_object (g_steal_pointer (&ds));
  remove_tree (root);
}

static void
expect_dataset_error (const char *root, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtDataset) ds = ft_dataset_open (root, &error);

  g_assert_null (ds);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_dataset_errors (void)
{
  g_autofree char *root = make_tmp ();
  g_autofree char *nosplit = g_build_filename (root, "nosplit", NULL);
  g_autofree char *differ = g_build_filename (root, "differ", NULL);
  g_autofree char *two = g_build_filename (root, "two", NULL);

  touch (root, "nosplit/train/a/1.png");
  touch (root, "nosplit/train/b/1.png");
  expect_dataset_error (nosplit, "no train/ and test/");

  touch (root, "differ/train/a/1.png");
  touch (root, "differ/train/b/1.png");
  touch (root, "differ/test/a/1.png");
  touch (root, "differ/test/c/1.png");
  expect_dataset_error (differ, "differ from the training classes");

  touch (root, "two/x/train/a/1.png");
  touch (root, "two/y/train/a/1.png");
  expect_dataset_error (two, "no train/ and test/");
  remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image-folder/order", test_order);
  g_test_add_func ("/image-folder/errors", test_errors);
  g_test_add_func ("/dataset/layouts", test_dataset_layouts);
  g_test_add_func ("/dataset/errors", test_dataset_errors);
  return g_test_run ();
}
