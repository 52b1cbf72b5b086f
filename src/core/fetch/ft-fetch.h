/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FT_FETCH_HOTDOG,   /* hotdog.zip, SHA-1 checked */
  FT_FETCH_RESNET18, /* resnet18-f37072fd.pth, SHA-256 prefix checked */
} FtFetchItem;

typedef struct
{
  goffset received; /* bytes in the file so far, resumed part included */
  goffset total;    /* -1 when unknown */
  double rate;      /* bytes per second over the last seconds */
} FtFetchProgress;

/* Called on the fetching thread. */
typedef void (*FtFetchProgressFunc) (const FtFetchProgress *progress, gpointer user_data);

typedef enum
{
  FT_FETCH_CHECK_SHA1,          /* the whole SHA-1 digest, in hex */
  FT_FETCH_CHECK_SHA256_PREFIX, /* a prefix of the SHA-256 digest, as torch.hub checks */
} FtFetchCheck;

/* A file to download: where from, what to call it and how to verify it. */
typedef struct
{
  const char *file_name; /* the name in the cache, also appended to a base address */
  const char *url;       /* the real address */
  FtFetchCheck check;
  const char *digest; /* lower-case hex */
} FtFetchSpec;

/* The specification of @item.  (transfer none) */
const FtFetchSpec *ft_fetch_item_spec (FtFetchItem item);

/* $XDG_CACHE_HOME/finetune. (transfer full) */
char *ft_fetch_default_cache_dir (void);
/* The file name of @item in the cache, such as "hotdog.zip". */
const char *ft_fetch_item_file_name (FtFetchItem item);
/* The full path of @item in @cache_dir. (transfer full) */
char *ft_fetch_item_path (FtFetchItem item, const char *cache_dir);
/* TRUE when @item is in @cache_dir and verified (the check is cached). */
gboolean ft_fetch_item_is_present (FtFetchItem item, const char *cache_dir);

/*
 * ft_fetch_item:
 * Downloads @item into @cache_dir (NULL: the default) unless a verified copy
 * is there.  The base address is @base_url when non-NULL, else
 * $FINETUNE_BASE_URL when set (the file name is appended to either), else
 * the item's real address.  Resumes a partial download (NAME.part), retries
 * with back-off, verifies the hash, and renames into place only when
 * verified.  $FINETUNE_FETCH_CONNECT_SECONDS, $FINETUNE_FETCH_STALL_SECONDS
 * and $FINETUNE_FETCH_RETRY_DELAY_MS shorten the timeouts and back-off.
 * Blocking: call it from a worker thread.
 * Returns: (transfer full): the path of the verified file, or NULL with
 *   @error set to one clear sentence.
 */
char *ft_fetch_item (FtFetchItem item,
                     const char *cache_dir,
                     const char *base_url,
                     FtFetchProgressFunc progress,
                     gpointer user_data,
                     GCancellable *cancellable,
                     GError **error);

/*
 * ft_fetch_file:
 * As ft_fetch_item() for any @spec.  @base_url (nullable) overrides the
 * address as there: the file name is appended to it.
 * Returns: (transfer full): the path of the verified file, or NULL with
 *   @error set (G_IO_ERROR_HOST_UNREACHABLE, _NOT_FOUND, _TIMED_OUT,
 *   _INVALID_DATA, _CANCELLED or another G_IO_ERROR code).
 */
char *ft_fetch_file (const FtFetchSpec *spec,
                     const char *cache_dir,
                     const char *base_url,
                     FtFetchProgressFunc progress,
                     gpointer user_data,
                     GCancellable *cancellable,
                     GError **error);

/* TRUE when @spec's file is in @cache_dir and verified. */
gboolean ft_fetch_file_is_present (const FtFetchSpec *spec, const char *cache_dir);

G_END_DECLS
