/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-dataset.h"

G_BEGIN_DECLS

/* The blocking work of the Data page, each on a worker thread. */

/* Imports a zip or tar archive or a folder (see ft_archive_import); returns the data set folder. */
void ft_data_import_async (const char *source,
                           const char *name,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
/* Draws the offline practice set into the data sets folder; returns its folder. */
void ft_data_practice_async (GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
/* (transfer full): the folder, or NULL with @error set. */
char *ft_data_dir_finish (GAsyncResult *result, GError **error);

/* Opens the data set in @dir. */
void ft_data_open_async (const char *dir,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data);
/* (transfer full) */
FtDataset *ft_data_open_finish (GAsyncResult *result, GError **error);

G_END_DECLS
