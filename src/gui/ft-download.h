/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-fetch.h"

G_BEGIN_DECLS

#define FT_TYPE_DOWNLOAD (ft_download_get_type ())
G_DECLARE_FINAL_TYPE (FtDownload, ft_download, FT, DOWNLOAD, GObject)

/*
 * FtDownload: fetches one item on a worker thread.  ::progress (fraction,
 * text) and ::finished (path or NULL, message or NULL) are emitted on the
 * main context of the caller of ft_download_start(); the message is NULL on
 * success and on cancellation.
 */
FtDownload *ft_download_new (FtFetchItem item, const char *cache_dir);
void ft_download_start (FtDownload *self);
void ft_download_cancel (FtDownload *self);
gboolean ft_download_get_busy (FtDownload *self);

G_END_DECLS
