/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <zip.h>

#include "ft-archive.h"

typedef struct
{
  const char *name;
  const char *data; /* NULL: a folder entry */
  gsize zeros;      /* instead of data: this many zero bytes */
  gboolean symlink;
  gboolean encrypt;
} Entry;

typedef struct
{
  char *scratch;
  char *zip;
  char *dest;
} Fixture;

static const Entry good_entries[] = {
  { "hotdog/", NULL },
  { "hotdog/train/hotdog/0.png", "train hotdog" },
  { "hotdog/train/not-hotdog/0.png", "train not" },
  { "hotdog/test/hotdog/0.png", "test hotdog" },
  { "hotdog/test/not-hotdog/0.png", "test not" },
  { "hotdog/.DS_Store", "finder" },
  { "__MACOSX/hotdog/._x", "resource fork" },
  { NULL },
};

static void
remove_tree (const char *path)
{
  GStatBuf st;
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode) && (dir = g_dir_open (path, 0, NULL)))
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  if (S_ISDIR (st.st_mode))
    g_rmdir (path);
  else
    g_unlink (path);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->scratch = g_dir_make_tmp ("ft-archive-XXXXXX", NULL);
  f->zip = g_build_filename (f->scratch, "hotdog.zip", NULL);
  f->dest = g_build_filename (f->scratch, "datasets", NULL);
  g_assert_cmpint (g_mkdir (f->dest, 0755), ==, 0);
  g_unsetenv ("FINETUNE_IMPORT_MAX_BYTES");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->scratch);
  g_free (f->scratch);
  g_free (f->zip);
  g_free (f->dest);
}

static void
add_entry (zip_t *za, const Entry *e)
{
  zip_source_t *source;
  zip_int64_t index;

  if (e->data == NULL && e->zeros == 0)
    {
      g_assert_cmpint (zip_dir_add (za, e->name, 0), >=, 0);
      return;
    }
  if (e->zeros)
    source = zip_source_buffer (za, g_malloc0 (e->zeros), e->zeros, 1);
  else
    source = zip_source_buffer (za, e->data, strlen (e->data), 0);
  index = zip_file_add (za, e->name, source, 0);
  g_assert_cmpint (index, >=, 0);
  if (e->symlink)
    zip_file_set_external_attributes (za, index, 0, ZIP_OPSYS_UNIX,
                                      (zip_uint32_t) (S_IFLNK | 0777) << 16);
  if (e->encrypt)
    g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, "secret"), ==, 0);
}

static void
write_zip (const char *path, const Entry *entries)
{
  int code = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &code);

  g_assert_nonnull (za);
  for (const Entry *e = entries; e->name; e++)
    add_entry (za, e);
  g_assert_cmpint (zip_close (za), ==, 0);
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

/* The import fails naming @expected, and leaves the scratch folder as it was. */
static void
assert_refused (Fixture *f, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = ft_archive_import (f->zip, f->dest, NULL, NULL, NULL, NULL, &error);

  g_assert_null (path);
  g_assert_nonnull (error);
  if (g_test_verbose ())
    g_printerr ("%s\n", error->message);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_cmpuint (count_entries (f->dest), ==, 0);
  g_assert_cmpuint (count_entries (f->scratch), ==, 2);
}

static void
on_progress (goffset current, goffset total, gpointer data)
{
  goffset *last = data;

  g_assert_cmpint (current, <=, total);
  last[0] = current;
  last[1] = total;
}

static void
test_good (Fixture *f, gconstpointer data)
{
  goffset last[2] = { 0, 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (f->dest, "hotdog", NULL);
  g_autofree char *image = NULL;
  g_autofree char *text = NULL;

  write_zip (f->zip, good_entries);
  path = ft_archive_import (f->zip, f->dest, NULL, on_progress, last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  /* The four images, without the skipped .DS_Store and __MACOSX entries. */
  g_assert_cmpint (last[0], ==, strlen ("train hotdogtrain nottest hotdogtest not"));
  g_assert_cmpint (last[1], ==, last[0]);
  image = g_build_filename (path, "train", "not-hotdog", "0.png", NULL);
  g_assert_true (g_file_get_contents (image, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "train not");
  g_assert_cmpuint (count_entries (path), ==, 2);    /* train and test: no .DS_Store */
  g_assert_cmpuint (count_entries (f->dest), ==, 1); /* no temporary folder, no __MACOSX */
}

/* A zip whose directory is in ZIP64 form, as writers make it past 4 GiB: the same data set. */
static void
test_zip64 (Fixture *f, gconstpointer data)
{
  g_autofree char *seed = g_build_filename (FT_ARCHIVE_CORPUS, "zip64.zip", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (f->dest, "hotdog", NULL);

  g_assert_true (g_file_get_contents (seed, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (f->zip, bytes, (gssize) length, NULL));
  path = ft_archive_import (f->zip, f->dest, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *split = g_build_filename (path, i ? "test" : "train", NULL);
      g_autofree char *image = g_build_filename (split, "hotdog", "1.png", NULL);
      GStatBuf st;

      g_assert_cmpuint (count_entries (split), ==, 2);
      g_assert_cmpint (g_stat (image, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 69);
    }
}

/* The ZIP64 form changes nothing the importer checks in a name. */
static void
test_zip64_slip (Fixture *f, gconstpointer data)
{
  g_autofree char *seed = g_build_filename (FT_ARCHIVE_CORPUS, "zip64-slip.zip", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (seed, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (f->zip, bytes, (gssize) length, NULL));
  assert_refused (f, "../evil.txt");
}

static void
test_no_top_folder (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "train/a/0.png", "x" }, { "test/a/0.png", "y" }, { NULL } };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (f->dest, "hotdog", NULL);

  write_zip (f->zip, entries);
  path = ft_archive_import (f->zip, f->dest, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpuint (count_entries (path), ==, 2);
  g_assert_cmpuint (count_entries (f->dest), ==, 1);
}

static void
test_exists (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *renamed = NULL;

  write_zip (f->zip, good_entries);
  first = ft_archive_import (f->zip, f->dest, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  again = ft_archive_import (f->zip, f->dest, NULL, NULL, NULL, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  renamed = ft_archive_import (f->zip, f->dest, "copy", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (renamed, "/datasets/copy"));
  g_assert_cmpuint (count_entries (f->dest), ==, 2);
}

static void
test_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *top = g_build_filename (f->scratch, "mine", "photos", NULL);
  g_autofree char *train = g_build_filename (top, "train", "a", NULL);
  g_autofree char *test = g_build_filename (top, "test", "a", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *outer = g_build_filename (f->scratch, "mine", NULL);

  g_mkdir_with_parents (train, 0755);
  g_mkdir_with_parents (test, 0755);
  path = ft_archive_import (outer, f->dest, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, top);
  g_assert_cmpuint (count_entries (f->dest), ==, 0);
}

static void
test_no_roots (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "photos/a.png", "x" }, { "photos/b.png", "y" }, { NULL } };

  write_zip (f->zip, entries);
  assert_refused (f, "holds no train/ and test/ folders");
}

static void
test_slip (Fixture *f, gconstpointer data)
{
  const Entry entries[]
    = { { "hotdog/train/a.png", "x" }, { "hotdog/../../evil.txt", "x" }, { NULL } };
  g_autofree char *evil = g_build_filename (f->scratch, "evil.txt", NULL);

  write_zip (f->zip, entries);
  assert_refused (f, "“hotdog/../../evil.txt”");
  g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
}

static void
test_absolute (Fixture *f, gconstpointer data)
{
  g_autofree char *evil = g_build_filename (f->scratch, "evil.txt", NULL);
  const Entry entries[] = { { evil, "x" }, { NULL } };

  write_zip (f->zip, entries);
  assert_refused (f, "it is an absolute path");
  g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
}

static void
test_backslash (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "..\\evil.txt", "x" }, { NULL } };

  write_zip (f->zip, entries);
  assert_refused (f, "backslash");
}

static void
test_drive (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "C:/evil.txt", "x" }, { NULL } };

  write_zip (f->zip, entries);
  assert_refused (f, "drive letter");
}

static void
test_symlink (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "hotdog/train/link", "/etc/passwd", 0, TRUE }, { NULL } };

  write_zip (f->zip, entries);
  assert_refused (f, "“hotdog/train/link” is refused: it is a symbolic link");
}

static void
test_encrypted (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "hotdog/train/a.png", "secret data", 0, FALSE, TRUE }, { NULL } };

  if (!zip_encryption_method_supported (ZIP_EM_AES_256, 1))
    {
      g_test_skip ("this libzip cannot write encrypted entries");
      return;
    }
  write_zip (f->zip, entries);
  assert_refused (f, "“hotdog/train/a.png” is refused: it is encrypted");
}

static void
test_bomb (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "hotdog/train/a.png", NULL, 32 << 20 }, { NULL } };

  write_zip (f->zip, entries);
  assert_refused (f, "would expand more than");
}

static void
test_total (Fixture *f, gconstpointer data)
{
  g_setenv ("FINETUNE_IMPORT_MAX_BYTES", "20", TRUE);
  write_zip (f->zip, good_entries);
  assert_refused (f, "would unpack to more than");
}

/* Sets the uncompressed size of the only entry, in both of its headers. */
static void
patch_size (const char *path, guint32 size)
{
  g_autofree char *data = NULL;
  gsize length;
  guint32 le = GUINT32_TO_LE (size);

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (memcmp (data, "PK\3\4", 4) == 0);
  memcpy (data + 22, &le, 4);
  for (gsize i = 0; i + 4 < length; i++)
    if (memcmp (data + i, "PK\1\2", 4) == 0)
      memcpy (data + i + 24, &le, 4);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
}

static void
test_lying_size (Fixture *f, gconstpointer data)
{
  const Entry entries[] = { { "hotdog/train/a.png", NULL, 8 << 20 }, { NULL } };

  write_zip (f->zip, entries);
  patch_size (f->zip, 1000);
  assert_refused (f, "“hotdog/train/a.png” is refused");
}

static void
test_corrupt (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length;
  char *central;

  write_zip (f->zip, good_entries);
  g_assert_true (g_file_get_contents (f->zip, &contents, &length, NULL));
  central = memmem (contents, length, "PK\1\2", 4);
  g_assert_nonnull (central);
  memset (central, 0x5a, 40);
  g_assert_true (g_file_set_contents (f->zip, contents, length, NULL));
  assert_refused (f, "is not a readable zip archive");
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  write_zip (f->zip, good_entries);
  g_cancellable_cancel (cancellable);
  path = ft_archive_import (f->zip, f->dest, NULL, NULL, NULL, cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (f->dest), ==, 0);
}

static void
test_bad_name (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  write_zip (f->zip, good_entries);
  path = ft_archive_import (f->zip, f->dest, "../up", NULL, NULL, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_cmpuint (count_entries (f->scratch), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, setup, func, teardown)
  ADD ("/archive/good", test_good);
  ADD ("/archive/zip64", test_zip64);
  ADD ("/archive/zip64-slip", test_zip64_slip);
  ADD ("/archive/no-top-folder", test_no_top_folder);
  ADD ("/archive/exists", test_exists);
  ADD ("/archive/folder", test_folder);
  ADD ("/archive/no-roots", test_no_roots);
  ADD ("/archive/zip-slip", test_slip);
  ADD ("/archive/absolute", test_absolute);
  ADD ("/archive/backslash", test_backslash);
  ADD ("/archive/drive-letter", test_drive);
  ADD ("/archive/symlink", test_symlink);
  ADD ("/archive/encrypted", test_encrypted);
  ADD ("/archive/bomb", test_bomb);
  ADD ("/archive/total-size", test_total);
  ADD ("/archive/lying-size", test_lying_size);
  ADD ("/archive/corrupt", test_corrupt);
  ADD ("/archive/cancel", test_cancel);
  ADD ("/archive/bad-name", test_bad_name);
#undef ADD
  return g_test_run ();
}
