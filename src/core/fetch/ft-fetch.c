/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ft-fetch-private.h"

#define MAX_ATTEMPTS 5

static const FtFetchSpec specs[] = {
  [FT_FETCH_HOTDOG] = {
    "hotdog.zip",
    "https://d2l-data.s3-accelerate.amazonaws.com/hotdog.zip",
    FT_FETCH_CHECK_SHA1,
    "fba480ffa8aa7e0febbb511d181409f899b9baa5",
  },
  [FT_FETCH_RESNET18] = {
    "resnet18-f37072fd.pth",
    "https://download.pytorch.org/models/resnet18-f37072fd.pth",
    FT_FETCH_CHECK_SHA256_PREFIX,
    "f37072fd",
  },
};

const FtFetchSpec *
ft_fetch_item_spec (FtFetchItem item)
{
  g_return_val_if_fail (item <= FT_FETCH_RESNET18, NULL);
  return &specs[item];
}

char *
ft_fetch_default_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "finetune", NULL);
}

const char *
ft_fetch_item_file_name (FtFetchItem item)
{
  g_return_val_if_fail (item <= FT_FETCH_RESNET18, NULL);
  return specs[item].file_name;
}

static char *
path_in (const FtFetchSpec *spec, const char *cache_dir)
{
  g_autofree char *fallback = cache_dir ? NULL : ft_fetch_default_cache_dir ();

  return g_build_filename (cache_dir ? cache_dir : fallback, spec->file_name, NULL);
}

char *
ft_fetch_item_path (FtFetchItem item, const char *cache_dir)
{
  g_return_val_if_fail (item <= FT_FETCH_RESNET18, NULL);
  return path_in (&specs[item], cache_dir);
}

gboolean
ft_fetch_file_is_present (const FtFetchSpec *spec, const char *cache_dir)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  path = path_in (spec, cache_dir);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  if (_ft_fetch_stamp_matches (path))
    return TRUE;
  if (!_ft_fetch_verify (spec, path, NULL, NULL))
    return FALSE;
  _ft_fetch_stamp_write (path);
  return TRUE;
}

gboolean
ft_fetch_item_is_present (FtFetchItem item, const char *cache_dir)
{
  g_return_val_if_fail (item <= FT_FETCH_RESNET18, FALSE);
  return ft_fetch_file_is_present (&specs[item], cache_dir);
}

static long
env_long (const char *name, long fallback)
{
  const char *text = g_getenv (name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT, &value, NULL))
    return fallback;
  return (long) value;
}

static char *
address_of (const FtFetchSpec *spec, const char *base_url)
{
  const char *base = base_url ? base_url : g_getenv ("FINETUNE_BASE_URL");

  if (base == NULL || base[0] == '\0')
    return g_strdup (spec->url);
  if (g_str_has_suffix (base, "/"))
    return g_strconcat (base, spec->file_name, NULL);
  return g_strconcat (base, "/", spec->file_name, NULL);
}

/* Sleeps @ms milliseconds, waking early when cancelled. */
static void
pause_ms (long ms, GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end && !g_cancellable_is_cancelled (cancellable))
    g_usleep (MIN (50 * 1000, MAX (0, end - g_get_monotonic_time ())));
}

static gboolean
download (const FtTransfer *transfer, GError **error)
{
  long delay = env_long ("FINETUNE_FETCH_RETRY_DELAY_MS", 1000);

  for (int attempt = 1;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      FtTransferResult result = _ft_fetch_transfer (transfer, &local);

      if (result == FT_TRANSFER_DONE)
        return TRUE;
      if (result == FT_TRANSFER_FAILED || attempt == MAX_ATTEMPTS)
        {
          if (local == NULL)
            g_set_error (&local, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _ ("Could not download %s: the server kept refusing the partial file."),
                         transfer->file_name);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (result == FT_TRANSFER_RETRY)
        {
          pause_ms (delay, transfer->cancellable);
          delay *= 2;
        }
    }
}

static gboolean
finish (const FtFetchSpec *spec,
        const char *part,
        const char *path,
        GCancellable *cancellable,
        GError **error)
{
  if (!_ft_fetch_verify (spec, part, cancellable, error))
    {
      g_unlink (part);
      return FALSE;
    }
  if (g_rename (part, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Could not move %s into place: %s."), path, g_strerror (saved));
      return FALSE;
    }
  _ft_fetch_stamp_write (path);
  return TRUE;
}

char *
ft_fetch_file (const FtFetchSpec *spec,
               const char *cache_dir,
               const char *base_url,
               FtFetchProgressFunc progress,
               gpointer user_data,
               GCancellable *cancellable,
               GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *part = NULL;
  g_autofree char *url = NULL;
  FtTransfer transfer;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = path_in (spec, cache_dir);
  if (ft_fetch_file_is_present (spec, cache_dir))
    return g_steal_pointer (&path);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Could not create the folder %s: %s."), dir, g_strerror (saved));
      return NULL;
    }
  part = g_strconcat (path, ".part", NULL);
  url = address_of (spec, base_url);
  transfer = (FtTransfer){
    .url = url,
    .file_name = spec->file_name,
    .part_path = part,
    .connect_seconds = env_long ("FINETUNE_FETCH_CONNECT_SECONDS", 30),
    .stall_seconds = env_long ("FINETUNE_FETCH_STALL_SECONDS", 60),
    .progress = progress,
    .user_data = user_data,
    .cancellable = cancellable,
  };
  if (!download (&transfer, error) || !finish (spec, part, path, cancellable, error))
    return NULL;
  return g_steal_pointer (&path);
}

char *
ft_fetch_item (FtFetchItem item,
               const char *cache_dir,
               const char *base_url,
               FtFetchProgressFunc progress,
               gpointer user_data,
               GCancellable *cancellable,
               GError **error)
{
  g_return_val_if_fail (item <= FT_FETCH_RESNET18, NULL);
  return ft_fetch_file (&specs[item], cache_dir, base_url, progress, user_data, cancellable, error);
}
