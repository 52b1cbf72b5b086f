/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <curl/curl.h>

#include "ft-fetch.h"

G_BEGIN_DECLS

/* How one transfer attempt ended. */
typedef enum
{
  FT_TRANSFER_DONE,    /* the whole file is in the .part file */
  FT_TRANSFER_RETRY,   /* a transient failure: try again after a pause */
  FT_TRANSFER_RESTART, /* the .part file was unusable and is gone: try again now */
  FT_TRANSFER_FAILED,  /* a lasting failure, error set */
} FtTransferResult;

typedef struct
{
  const char *url;
  const char *file_name;
  const char *part_path;
  long connect_seconds;
  long stall_seconds;
  FtFetchProgressFunc progress;
  gpointer user_data;
  GCancellable *cancellable;
} FtTransfer;

/* One HTTP request that appends to transfer->part_path, resuming from its
 * size.  Sets @error for RETRY (the last reason) and FAILED. */
FtTransferResult _ft_fetch_transfer (const FtTransfer *transfer, GError **error);

/* Turns the end of a request into a result and, but for DONE, a sentence. */
FtTransferResult _ft_fetch_classify (const FtTransfer *transfer,
                                     CURL *curl,
                                     CURLcode code,
                                     const char *errbuf,
                                     int write_errno,
                                     GError **error);

/* Hashes @path and compares with @spec; sets @error when it differs. */
gboolean _ft_fetch_verify (const FtFetchSpec *spec,
                           const char *path,
                           GCancellable *cancellable,
                           GError **error);

/* Records that @path was verified, beside it, keyed by its size and mtime. */
void _ft_fetch_stamp_write (const char *path);
/* TRUE when @path is unchanged since _ft_fetch_stamp_write(). */
gboolean _ft_fetch_stamp_matches (const char *path);
/* The stamp file's path. (transfer full) */
char *_ft_fetch_stamp_path (const char *path);

G_END_DECLS
