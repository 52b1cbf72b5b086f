/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ft_file_tree_remove:
 * @path: a file or folder
 *
 * Deletes @path and everything under it, following no symbolic link: a link is removed, never
 * what it points to. Missing paths are ignored.
 */
void ft_file_tree_remove (const char *path);

G_END_DECLS
