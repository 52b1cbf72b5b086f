/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FT_TYPE_AUGMENT_WINDOW (ft_augment_window_get_type ())
G_DECLARE_FINAL_TYPE (FtAugmentWindow, ft_augment_window, FT, AUGMENT_WINDOW, AdwWindow)

/*
 * FtAugmentWindow: one image with eight draws of the training transform
 * (RandomResizedCrop to @size, then a random flip): the boxes on the
 * original and the 2×4 results, with switches per transform.
 */
GtkWidget *ft_augment_window_new (GtkWindow *parent, const char *path, guint size);
/* Whether the results of the latest draw are shown. */
gboolean ft_augment_window_is_ready (FtAugmentWindow *self);

G_END_DECLS
