/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-torch.h"

G_BEGIN_DECLS

typedef const char *(*FtCliLabelFunc) (guint index, gpointer user_data);

/*
 * Classifies each of @images with @model after the recipe's test transform
 * at @size pixels, then prints the most probable classes of each (at most
 * five): as text, or as one JSON array of {image, top: [{index, label,
 * prob}]}.  Nothing is printed when an image cannot be read.
 */
gboolean ft_cli_print_predictions (FtTorchModel *model,
                                   guint size,
                                   char **images,
                                   FtCliLabelFunc label,
                                   gpointer user_data,
                                   gboolean json,
                                   GError **error);

G_END_DECLS
