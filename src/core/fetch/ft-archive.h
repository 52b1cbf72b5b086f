/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $XDG_DATA_HOME/finetune/datasets. (transfer full) */
char *ft_archive_default_datasets_dir (void);

/*
 * ft_archive_import:
 * @source: a zip file or a folder.  A folder is used in place.  A zip is
 *   extracted into @dest_dir/@name through a temporary folder renamed on
 *   success; entries that would leave it (.., absolute paths, drive
 *   letters, backslashes, symlinks), encrypted entries, and archives over
 *   the size or compression-ratio bounds are refused, naming the entry.
 *   __MACOSX/ and dot-files are skipped.
 * @name: (nullable): defaults to the zip's base name without extension.
 * Returns: (transfer full): the folder that holds train/ and test/, or NULL
 *   with @error set.
 */
char *ft_archive_import (const char *source,
                         const char *dest_dir,
                         const char *name,
                         GFileProgressCallback progress,
                         gpointer user_data,
                         GCancellable *cancellable,
                         GError **error);

G_END_DECLS
