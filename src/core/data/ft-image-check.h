/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-dataset.h"

G_BEGIN_DECLS

/* Called after each image is tried: @done of @total. */
typedef void (*FtImageCheckProgress) (guint done, guint total, gpointer user_data);

/*
 * ft_dataset_find_unreadable:
 * Decodes every image of @dataset's train/ and test/ as the loader does, so that what it
 * finds is exactly what a run will skip.
 * Returns: (transfer full): the unreadable files' paths, training images first, each set
 *   sorted, NULL-terminated (empty when all are readable); NULL with @error set when
 *   cancelled.
 */
char **ft_dataset_find_unreadable (FtDataset *dataset,
                                   FtImageCheckProgress progress,
                                   gpointer user_data,
                                   GCancellable *cancellable,
                                   GError **error);

G_END_DECLS
