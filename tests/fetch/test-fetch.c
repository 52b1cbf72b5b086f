/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "ft-fetch.h"
#include "ft-test-server.h"

#define FILE_SIZE (300 * 1024)

typedef struct
{
  FtTestServer *server;
  char *cache;
  GBytes *content;
  char *sha1;
  FtFetchSpec spec;
} Fixture;

typedef struct
{
  guint calls;
  guint backwards;
  double max_rate; /* reports below the one before: only a restart may cause them */
  FtFetchProgress last;
  GCancellable *cancel_when_started;
} Progress;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint8 *bytes = g_malloc (FILE_SIZE);

  for (gsize i = 0; i < FILE_SIZE; i++)
    bytes[i] = g_rand_int (rand);
  f->content = g_bytes_new_take (bytes, FILE_SIZE);
  f->sha1 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, f->content);
  f->server = ft_test_server_new ();
  ft_test_server_add (f->server, "data.bin", f->content);
  f->cache = g_dir_make_tmp ("ft-fetch-XXXXXX", NULL);
  f->spec = (FtFetchSpec){ "data.bin", "http://127.0.0.1:1/unused", FT_FETCH_CHECK_SHA1, f->sha1 };
}

static void
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ft_test_server_free (f->server);
  remove_dir (f->cache);
  g_free (f->cache);
  g_free (f->sha1);
  g_bytes_unref (f->content);
}

static void
on_progress (const FtFetchProgress *progress, gpointer data)
{
  Progress *p = data;

  if (progress->received < p->last.received)
    p->backwards++;
  p->calls++;
  p->max_rate = MAX (p->max_rate, progress->rate);
  p->last = *progress;
  if (p->cancel_when_started && progress->received > 0)
    g_cancellable_cancel (p->cancel_when_started);
}

static char *
fetch (Fixture *f, Progress *progress, GCancellable *cancellable, GError **error)
{
  Progress unused = { 0 };

  return ft_fetch_file (&f->spec, f->cache, ft_test_server_url (f->server), on_progress,
                        progress ? progress : &unused, cancellable, error);
}

static void
assert_content (Fixture *f, const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpmem (data, length, g_bytes_get_data (f->content, NULL), FILE_SIZE);
}

static guint
count_files (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir))
    n++;
  return n;
}

static gboolean
part_exists (Fixture *f)
{
  g_autofree char *part = g_build_filename (f->cache, "data.bin.part", NULL);

  return g_file_test (part, G_FILE_TEST_EXISTS);
}

static void
test_full (Fixture *f, gconstpointer data)
{
  Progress progress = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fetch (f, &progress, NULL, &error);

  g_assert_no_error (error);
  assert_content (f, path);
  g_assert_false (part_exists (f));
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 1);
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpint (progress.last.received, ==, FILE_SIZE);
  g_assert_cmpint (progress.last.total, ==, FILE_SIZE);
  g_assert_cmpuint (progress.backwards, ==, 0);
}

static void
test_resume (Fixture *f, gconstpointer data)
{
  Progress progress = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *range = NULL;

  ft_test_server_drop_after (f->server, 100000);
  path = fetch (f, &progress, NULL, &error);
  g_assert_no_error (error);
  assert_content (f, path);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 2);
  range = ft_test_server_range (f->server, 1);
  g_assert_cmpstr (range, ==, "bytes=100000-");
  g_assert_cmpint (progress.last.received, ==, FILE_SIZE);
  g_assert_cmpuint (progress.backwards, ==, 0);
}

static void
test_resume_part (Fixture *f, gconstpointer data)
{
  g_autofree char *part = g_build_filename (f->cache, "data.bin.part", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *range = NULL;

  g_assert_true (g_file_set_contents (part, g_bytes_get_data (f->content, NULL), 5000, NULL));
  path = fetch (f, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_content (f, path);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 1);
  range = ft_test_server_range (f->server, 0);
  g_assert_cmpstr (range, ==, "bytes=5000-");
}

static void
test_misplaced_range (Fixture *f, gconstpointer data)
{
  g_autofree char *part = g_build_filename (f->cache, "data.bin.part", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *second = NULL;

  g_assert_true (g_file_set_contents (part, g_bytes_get_data (f->content, NULL), 5000, NULL));
  ft_test_server_shift_range (f->server, -1000);
  path = fetch (f, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_content (f, path);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 2);
  second = ft_test_server_range (f->server, 1);
  g_assert_null (second);
}

static void
test_ignored_range (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *range = NULL;

  ft_test_server_drop_after (f->server, 70000);
  ft_test_server_ignore_range (f->server);
  path = fetch (f, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_content (f, path);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 2);
  range = ft_test_server_range (f->server, 1);
  g_assert_cmpstr (range, ==, "bytes=70000-");
}

static void
test_sha256_prefix (Fixture *f, gconstpointer data)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->content);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  sha256[8] = '\0';
  f->spec.check = FT_FETCH_CHECK_SHA256_PREFIX;
  f->spec.digest = sha256;
  path = fetch (f, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_content (f, path);
}

static void
test_wrong_hash (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->spec.digest = "0000000000000000000000000000000000000000";
  path = fetch (f, NULL, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "data.bin is damaged: its checksum does not match.");
  g_assert_cmpuint (count_files (f->cache), ==, 0);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 1);
}

static void
test_not_found (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  f->spec.file_name = "missing.bin";
  path = fetch (f, NULL, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("The server answered 404 for %smissing.bin.",
                              ft_test_server_url (f->server));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 1);
  g_assert_false (g_file_test (f->spec.file_name, G_FILE_TEST_EXISTS));
}

static void
test_stall (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 start = g_get_monotonic_time ();

  Progress progress = { 0 };

  ft_test_server_stall_after (f->server, 1000);
  path = fetch (f, &progress, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (g_str_has_prefix (error->message, "The download of data.bin stalled"));
  /* Retried, each time resuming what had come. */
  g_assert_cmpuint (ft_test_server_requests (f->server), >, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  /* 1000 bytes came in the first second: the rate is positive and at most that. */
  g_assert_cmpfloat (progress.max_rate, >, 0);
  g_assert_cmpfloat (progress.max_rate, <=, 1000 * 10);
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr (GSocket) socket
    = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;

  /* A port bound but not listening refuses connections. */
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  path = ft_fetch_file (&f->spec, f->cache, url, NULL, NULL, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach 127.0.0.1: "));
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { .cancel_when_started = cancellable };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *final = g_build_filename (f->cache, "data.bin", NULL);
  gint64 start = g_get_monotonic_time ();

  /* Cancelled as the first bytes come: the check runs before the stall check. */
  ft_test_server_stall_after (f->server, 20000);
  path = fetch (f, &progress, cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "The download of data.bin was cancelled.");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 1);
}

static void
test_busy (Fixture *f, gconstpointer data)
{
  g_autofree char *part = g_build_filename (f->cache, "data.bin.part", NULL);
  int fd = g_open (part, O_WRONLY | O_CREAT, 0644);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  path = fetch (f, NULL, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 0);
  close (fd);
}

static void
test_cached (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first = fetch (f, NULL, NULL, &error);
  g_autofree char *second = NULL;
  FILE *stream;

  g_assert_no_error (error);
  second = fetch (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (ft_test_server_requests (f->server), ==, 1);
  g_assert_true (ft_fetch_file_is_present (&f->spec, f->cache));

  /* A changed file is no longer taken as verified. */
  stream = fopen (first, "ab");
  fputc ('x', stream);
  fclose (stream);
  g_assert_false (ft_fetch_file_is_present (&f->spec, f->cache));
}

static void
test_items (void)
{
  g_autofree char *path = ft_fetch_item_path (FT_FETCH_RESNET18, "/cache");
  g_autofree char *dir = ft_fetch_default_cache_dir ();
  const FtFetchSpec *hotdog = ft_fetch_item_spec (FT_FETCH_HOTDOG);

  g_assert_cmpstr (ft_fetch_item_file_name (FT_FETCH_HOTDOG), ==, "hotdog.zip");
  g_assert_cmpstr (path, ==, "/cache/resnet18-f37072fd.pth");
  g_assert_true (g_str_has_suffix (dir, "/finetune"));
  g_assert_cmpstr (hotdog->digest, ==, "fba480ffa8aa7e0febbb511d181409f899b9baa5");
  g_assert_cmpint (ft_fetch_item_spec (FT_FETCH_RESNET18)->check, ==, FT_FETCH_CHECK_SHA256_PREFIX);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("FINETUNE_FETCH_RETRY_DELAY_MS", "10", TRUE);
  g_setenv ("FINETUNE_FETCH_STALL_SECONDS", "1", TRUE);
  g_setenv ("FINETUNE_FETCH_CONNECT_SECONDS", "2", TRUE);
  g_unsetenv ("FINETUNE_BASE_URL");
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

#define ADD(name, func) g_test_add (name, Fixture, NULL, setup, func, teardown)
  ADD ("/fetch/full", test_full);
  ADD ("/fetch/resume", test_resume);
  ADD ("/fetch/resume-part", test_resume_part);
  ADD ("/fetch/ignored-range", test_ignored_range);
  ADD ("/fetch/misplaced-range", test_misplaced_range);
  ADD ("/fetch/sha256-prefix", test_sha256_prefix);
  ADD ("/fetch/wrong-hash", test_wrong_hash);
  ADD ("/fetch/not-found", test_not_found);
  ADD ("/fetch/stall", test_stall);
  ADD ("/fetch/unreachable", test_unreachable);
  ADD ("/fetch/cancel", test_cancel);
  ADD ("/fetch/cached", test_cached);
  ADD ("/fetch/busy", test_busy);
#undef ADD
  g_test_add_func ("/fetch/items", test_items);
  return g_test_run ();
}
