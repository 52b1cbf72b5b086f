/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <isa-l/crc.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ft-image.h"
#include "ft-loader.h"
#include "ft-rng.h"
#include "ft-transform.h"

#define N_PER_CLASS 9
#define N_CORRUPT 3
#define BATCH 4
#define SIZE 24

typedef struct
{
  char *root;
  FtImageFolder *folder;
} Fixture;

static void
save_png (const char *path, int width, int height, guint seed)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, seed % 2, 8, width, height);
  g_autoptr (GError) error = NULL;
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  FtRng rng;

  ft_rng_init (&rng, seed, 0, 0, 0);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < n; c++)
        pixels[y * stride + x * n + c]
          = (guint8) ((x * (c + 1) + y * 3 + seed * 40) % 256 + ft_rng_below (&rng, 16));
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static char *
class_file (const char *root, const char *klass, const char *name)
{
  g_autofree char *dir = g_build_filename (root, klass, NULL);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  return g_build_filename (dir, name, NULL);
}

static void
write_corrupt (const char *root)
{
  g_autofree char *full = class_file (root, "b", "full.png");
  g_autofree char *cut = class_file (root, "b", "cut.png");
  g_autofree char *empty = class_file (root, "a", "empty.png");
  g_autofree char *text = class_file (root, "b", "text.jpg");
  g_autofree char *data = NULL;
  gsize len = 0;

  save_png (full, 80, 60, 99);
  g_assert_true (g_file_get_contents (full, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 2, NULL));
  g_assert_no_errno (g_remove (full));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "this is not a picture\n", -1, NULL));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->root = g_dir_make_tmp ("ft-loader-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2 * N_PER_CLASS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.png", i);
      g_autofree char *path = class_file (f->root, i % 2 ? "b" : "a", name);

      save_png (path, 31 + 13 * i, 97 - 3 * i, i);
    }
  write_corrupt (f->root);
  f->folder = ft_image_folder_new (f->root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_image_folder_get_n_samples (f->folder), ==, 2 * N_PER_CLASS + N_CORRUPT);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->folder);
  remove_tree (f->root);
  g_free (f->root);
}

static FtLoaderOptions
options (guint n_threads, gboolean augment)
{
  return (FtLoaderOptions){
    .batch_size = BATCH,
    .image_size = SIZE,
    .augment = augment,
    .shuffle = TRUE,
    .seed = 1234,
    .n_threads = n_threads,
    .cache_bytes = 0,
  };
}

/* Every batch of @epochs epochs, concatenated: images, then labels and indices. */
static GByteArray *
run_epochs (FtImageFolder *folder, const FtLoaderOptions *opts, guint epochs)
{
  g_autoptr (FtLoader) loader = ft_loader_new (folder, opts);
  GByteArray *out = g_byte_array_new ();

  for (guint e = 0; e < epochs; e++)
    {
      FtBatch *batch;
      g_autoptr (GError) error = NULL;

      ft_loader_start_epoch (loader, e);
      while ((batch = ft_loader_next (loader, NULL, &error)) != NULL)
        {
          g_byte_array_append (out, (guint8 *) batch->images,
                               batch->n * 3 * SIZE * SIZE * sizeof (float));
          g_byte_array_append (out, (guint8 *) batch->labels, batch->n * sizeof (gint64));
          g_byte_array_append (out, (guint8 *) batch->indices, batch->n * sizeof (guint));
          ft_batch_free (batch);
        }
      g_assert_no_error (error);
    }
  g_assert_cmpuint (ft_loader_get_n_skipped (loader), ==, N_CORRUPT);
  {
    g_auto (GStrv) skipped = ft_loader_dup_skipped (loader);

    g_assert_cmpuint (g_strv_length (skipped), ==, N_CORRUPT);
    g_assert_true (g_str_has_suffix (skipped[0], "/a/empty.png"));
    g_assert_true (g_str_has_suffix (skipped[1], "/b/cut.png"));
    g_assert_true (g_str_has_suffix (skipped[2], "/b/text.jpg"));
  }
  g_assert_finalize_object (g_steal_pointer (&loader));
  return out;
}

static void
test_threads (Fixture *f, gconstpointer data)
{
  for (int augment = 0; augment < 2; augment++)
    {
      FtLoaderOptions o1 = options (1, augment), o2 = options (2, augment);
      FtLoaderOptions o4 = options (4, augment), cached = options (3, augment);
      g_autoptr (GByteArray) one = run_epochs (f->folder, &o1, 2);
      g_autoptr (GByteArray) two = run_epochs (f->folder, &o2, 2);
      g_autoptr (GByteArray) four = NULL;
      g_autoptr (GByteArray) with_cache = NULL;

      four = run_epochs (f->folder, &o4, 2);
      cached.cache_bytes = 200 * 1000;
      with_cache = run_epochs (f->folder, &cached, 2);
      g_assert_cmpmem (one->data, one->len, two->data, two->len);
      g_assert_cmpmem (one->data, one->len, four->data, four->len);
      g_assert_cmpmem (one->data, one->len, with_cache->data, with_cache->len);
    }
}

/* Each readable image once per epoch, skipped ones never; order and crops change per epoch. */
static void
test_epochs (Fixture *f, gconstpointer data)
{
  FtLoaderOptions o = options (2, TRUE);
  g_autoptr (FtLoader) loader = ft_loader_new (f->folder, &o);
  guint n = ft_image_folder_get_n_samples (f->folder);
  g_autofree guint *first = g_new0 (guint, n);
  guint n_first = 0, same_place = 0;

  g_assert_cmpuint (ft_loader_get_n_batches (loader), ==, (n + BATCH - 1) / BATCH);
  for (guint e = 0; e < 2; e++)
    {
      g_autofree guint *seen = g_new0 (guint, n);
      guint pos = 0;
      FtBatch *batch;

      ft_loader_start_epoch (loader, e);
      while ((batch = ft_loader_next (loader, NULL, NULL)) != NULL)
        {
          g_assert_cmpuint (batch->n, >, 0);
          g_assert_cmpuint (batch->n, <=, BATCH);
          for (guint i = 0; i < batch->n; i++, pos++)
            {
              guint idx = batch->indices[i];

              seen[idx]++;
              g_assert_cmpint (batch->labels[i], ==, ft_image_folder_get_label (f->folder, idx));
              if (e == 0)
                first[n_first++] = idx;
              else if (first[pos] == idx)
                same_place++;
            }
          ft_batch_free (batch);
        }
      g_assert_cmpuint (pos, ==, n - N_CORRUPT);
      for (guint i = 0; i < n; i++)
        {
          const char *path = ft_image_folder_get_path (f->folder, i);
          gboolean bad = strstr (path, "cut") || strstr (path, "empty") || strstr (path, "text");

          g_assert_cmpuint (seen[i], ==, bad ? 0 : 1);
        }
    }
  g_assert_cmpuint (same_place, <, n / 2);
  g_assert_cmpuint (ft_loader_get_n_skipped (loader), ==, N_CORRUPT);
}

/* The test transform in a batch equals the transform applied to the decoded file. */
static void
test_values (Fixture *f, gconstpointer data)
{
  FtLoaderOptions o = options (2, FALSE);
  g_autoptr (FtLoader) loader = NULL;
  g_autoptr (FtBatch) batch = NULL;
  g_autofree float *expected = g_new (float, 3 * SIZE * SIZE);

  o.shuffle = FALSE;
  loader = ft_loader_new (f->folder, &o);
  batch = ft_loader_next (loader, NULL, NULL);
  g_assert_nonnull (batch);
  for (guint i = 0; i < batch->n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (FtImage) image
        = ft_image_load (ft_image_folder_get_path (f->folder, batch->indices[i]), 0, &error);

      g_assert_no_error (error);
      ft_transform_apply (image, SIZE, FALSE, NULL, expected);
      g_assert_cmpmem (batch->images + i * 3 * SIZE * SIZE, 3 * SIZE * SIZE * sizeof (float),
                       expected, 3 * SIZE * SIZE * sizeof (float));
    }
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (2000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  FtLoaderOptions o = options (2, TRUE);
  g_autoptr (FtLoader) loader = ft_loader_new (f->folder, &o);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (FtBatch) batch = NULL;
  g_autoptr (GByteArray) reference = NULL;
  FtLoaderOptions fresh = options (1, TRUE);
  GThread *thread;

  /* Cancelled before the first batch: nothing is returned, the epoch is over. */
  ft_loader_start_epoch (loader, 0);
  g_cancellable_cancel (cancellable);
  g_assert_null (ft_loader_next (loader, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (ft_loader_next (loader, NULL, &error));
  g_assert_no_error (error);

  /* Cancelled from another thread mid-epoch: the consumer wakes and stops. */
  g_cancellable_reset (cancellable);
  ft_loader_start_epoch (loader, 0);
  batch = ft_loader_next (loader, cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  do
    g_clear_pointer (&batch, ft_batch_free);
  while ((batch = ft_loader_next (loader, cancellable, &error)) != NULL);
  g_thread_join (thread);
  if (error != NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A new epoch after a cancellation gives what a fresh loader gives. */
  ft_loader_start_epoch (loader, 0);
  {
    g_autoptr (GByteArray) again = g_byte_array_new ();

    reference = run_epochs (f->folder, &fresh, 1);
    while ((batch = ft_loader_next (loader, NULL, &error)) != NULL)
      {
        g_byte_array_append (again, (guint8 *) batch->images,
                             batch->n * 3 * SIZE * SIZE * sizeof (float));
        g_byte_array_append (again, (guint8 *) batch->labels, batch->n * sizeof (gint64));
        g_byte_array_append (again, (guint8 *) batch->indices, batch->n * sizeof (guint));
        g_clear_pointer (&batch, ft_batch_free);
      }
    g_assert_no_error (error);
    g_assert_cmpmem (again->data, again->len, reference->data, reference->len);
  }

  /* Dropping a loader in the middle of an epoch shuts its threads down. */
  ft_loader_start_epoch (loader, 1);
  batch = ft_loader_next (loader, NULL, NULL);
  g_assert_nonnull (batch);
  g_assert_finalize_object (g_steal_pointer (&loader));
}

static void
test_bomb (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImage) image = NULL;
  const char *path = ft_image_folder_get_path (f->folder, 0);

  image = ft_image_load (path, 31 * 97 - 1, &error);
  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "decompression bomb"));
  g_clear_error (&error);
  image = ft_image_load (path, 31 * 97, &error);
  g_assert_no_error (error);
  g_assert_cmpint (image->width, ==, 31);
  g_assert_cmpint (image->height, ==, 97);
}

static void
put_chunk (GByteArray *png, const char *type, const guint8 *body, guint32 len)
{
  guint8 be[4] = { len >> 24, len >> 16, len >> 8, len };
  guint32 crc;

  g_byte_array_append (png, be, 4);
  g_byte_array_append (png, (const guint8 *) type, 4);
  g_byte_array_append (png, body, len);
  crc = crc32_gzip_refl (crc32_gzip_refl (0, (const guint8 *) type, 4), body, len);
  be[0] = crc >> 24, be[1] = crc >> 16, be[2] = crc >> 8, be[3] = crc;
  g_byte_array_append (png, be, 4);
}

/* A well-formed PNG header claiming 20000 × 20000 pixels, with a few bytes of data. */
static void
test_bomb_header (void)
{
  static const guint8 ihdr[13] = { 0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20, 8, 2, 0, 0, 0 };
  static const guint8 idat[] = { 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImage) image = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("ft-bomb-XXXXXX.png", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_chunk (png, "IDAT", idat, sizeof idat);
  put_chunk (png, "IEND", NULL, 0);
  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, NULL));
  image = ft_image_load (path, 0, &error);
  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "decompression bomb"));
  g_remove (path);
}

/* Damaged copies of a PNG and a JPEG: each loads or fails with an error, never crashes. */
static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autofree char *jpeg = g_build_filename (f->root, "photo.jpg", NULL);
  g_autofree char *bad = g_build_filename (f->root, "bad.bin", NULL);
  const char *sources[] = { ft_image_folder_get_path (f->folder, 3), jpeg };
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (sources[0], NULL);
  FtRng rng;

  g_assert_true (gdk_pixbuf_save (pixbuf, jpeg, "jpeg", NULL, NULL));
  ft_rng_init (&rng, 5, 0, 0, 0);
  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      g_autofree char *orig = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (sources[s], &orig, &len, NULL));
      for (guint trial = 0; trial < 150; trial++)
        {
          g_autofree char *copy = g_memdup2 (orig, len);
          gsize cut = trial % 3 == 0 ? ft_rng_below (&rng, len) : len;
          g_autoptr (GError) error = NULL;
          g_autoptr (FtImage) image = NULL;

          for (guint i = 0; trial % 3 != 0 && i < 1 + trial % 4; i++)
            copy[ft_rng_below (&rng, len)] ^= (char) (1 + ft_rng_below (&rng, 255));
          g_assert_true (g_file_set_contents (bad, copy, cut, NULL));
          image = ft_image_load (bad, 0, &error);
          g_assert_true ((image == NULL) != (error == NULL));
          if (cut < len * 9 / 10)
            g_assert_nonnull (error); /* a file cut short is refused, not padded */
          if (image != NULL)
            g_assert_true (image->width > 0 && image->height > 0);
        }
    }
}

static void
test_bomb_pixbuf (Fixture *f, gconstpointer data)
{
  g_autofree char *jpeg = g_build_filename (f->root, "photo.jpg", NULL);
  g_autoptr (GdkPixbuf) pixbuf
    = gdk_pixbuf_new_from_file (ft_image_folder_get_path (f->folder, 0), NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtImage) image = NULL;

  g_assert_true (gdk_pixbuf_save (pixbuf, jpeg, "jpeg", NULL, NULL));
  image = ft_image_load (jpeg, 31 * 97 - 1, &error);
  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  image = ft_image_load (jpeg, 31 * 97, &error);
  g_assert_no_error (error);
  g_assert_cmpint (image->width, ==, 31);
}

/* A batch whose images are all unreadable is passed over, or handed over empty with
 * keep_empty (data-parallel ranks must take every step together). */
static void
test_empty_batch (Fixture *f, gconstpointer data)
{
  guint n = ft_image_folder_get_n_samples (f->folder), bad[N_CORRUPT], n_bad = 0, good = 0;
  guint order[BATCH + 1];

  for (guint i = 0; i < n; i++)
    {
      const char *path = ft_image_folder_get_path (f->folder, i);

      if (g_str_has_suffix (path, "empty.png") || g_str_has_suffix (path, "cut.png")
          || g_str_has_suffix (path, "text.jpg"))
        bad[n_bad++] = i;
      else
        good = i;
    }
  g_assert_cmpuint (n_bad, ==, N_CORRUPT);
  for (guint i = 0; i < BATCH; i++)
    order[i] = bad[i % N_CORRUPT];
  order[BATCH] = good;
  for (int keep = 0; keep <= 1; keep++)
    {
      FtLoaderOptions o = options (2, FALSE);
      g_autoptr (FtLoader) loader = NULL;
      g_autoptr (GError) error = NULL;
      FtBatch *batch;

      o.keep_empty = keep;
      loader = ft_loader_new (f->folder, &o);
      ft_loader_set_epoch_order (loader, order, BATCH + 1);
      ft_loader_start_epoch (loader, 0);
      if (keep)
        {
          batch = ft_loader_next (loader, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (batch);
          g_assert_cmpuint (batch->n, ==, 0);
          ft_batch_free (batch);
        }
      batch = ft_loader_next (loader, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (batch);
      g_assert_cmpuint (batch->n, ==, 1);
      g_assert_cmpuint (batch->indices[0], ==, good);
      ft_batch_free (batch);
      g_assert_null (ft_loader_next (loader, NULL, &error));
      g_assert_no_error (error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/loader/threads", Fixture, NULL, fixture_set_up, test_threads, fixture_tear_down);
  g_test_add ("/loader/epochs", Fixture, NULL, fixture_set_up, test_epochs, fixture_tear_down);
  g_test_add ("/loader/values", Fixture, NULL, fixture_set_up, test_values, fixture_tear_down);
  g_test_add ("/loader/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/loader/empty-batch", Fixture, NULL, fixture_set_up, test_empty_batch,
              fixture_tear_down);
  g_test_add ("/image/bomb", Fixture, NULL, fixture_set_up, test_bomb, fixture_tear_down);
  g_test_add ("/image/bomb-pixbuf", Fixture, NULL, fixture_set_up, test_bomb_pixbuf,
              fixture_tear_down);
  g_test_add_func ("/image/bomb-header", test_bomb_header);
  g_test_add ("/image/damaged", Fixture, NULL, fixture_set_up, test_damaged, fixture_tear_down);
  return g_test_run ();
}
