/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FT_FETCH_HOTDOG,    /* hotdog.zip, SHA-1 checked */
  FT_FETCH_RESNET18,  /* resnet18-f37072fd.pth, SHA-256 prefix checked */
} FtFetchItem;

typedef struct
{
  goffset received;   /* bytes in the file so far, resumed part included */
  goffset total;      /* -1 when unknown */
  double rate;        /* bytes per second over the last seconds */
} FtFetchProgress;

/* Called on the fetching thread. */
typedef void (*FtFetchProgressFunc) (const FtFetchProgress *progress, gpointer user_data);

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
 * Downloads @item into @cache_dir unless a verified copy is there.  The base
 * address is $FINETUNE_BASE_URL when set (the file name is appended), else
 * the item's real address.  Resumes a partial download, retries with
 * back-off, verifies the hash, and renames into place only when verified.
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

G_END_DECLS
