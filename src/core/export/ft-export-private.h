/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fails at once when @path is a folder or its folder is missing, before any model is read. */
gboolean _ft_export_check_destination (const char *path, GError **error);

G_END_DECLS
