/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Thumbnails decoded on worker threads and kept in a bounded cache shared by
 * the whole application.
 */
void ft_thumbnailer_load_async (const char *path,
                                int size,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
/* Returns: (transfer full): the thumbnail, at most @size px on its longer side. */
GdkTexture *ft_thumbnailer_load_finish (GAsyncResult *result, GError **error);
/* (transfer none) (nullable): the thumbnail when it is cached already. */
GdkTexture *ft_thumbnailer_lookup (const char *path, int size);

G_END_DECLS
