/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-dataset.h"

G_BEGIN_DECLS

/* The blocking work of the Data page, each on a worker thread. */

/* The domain of the error an import of a folder or an archive of class folders without train/
 * and test/ fails with, so that the page can offer to split it; its code is 0. */
#define FT_DATA_NEEDS_SPLIT (ft_data_needs_split_quark ())
GQuark ft_data_needs_split_quark (void);

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

/* Finds the images of @dataset that a run would skip (see ft_dataset_find_unreadable). */
void ft_data_check_async (FtDataset *dataset,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
/* (transfer full): the unreadable paths, NULL-terminated, or NULL with @error set. */
char **ft_data_check_finish (GAsyncResult *result, GError **error);

/* Splits the folder of class folders @source, or the archive of one (unpacked aside and removed
 * after), into a new data set in the data sets folder, named after it (see ft_split_write);
 * returns its folder with ft_data_dir_finish(). */
void ft_data_split_async (const char *source,
                          double test_fraction,
                          guint64 seed,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);

G_END_DECLS
