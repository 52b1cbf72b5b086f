/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $XDG_DATA_HOME/finetune/datasets. (transfer full) */
char *ft_archive_default_datasets_dir (void);

/*
 * ft_archive_import:
 * @source: a zip or tar archive (.tar, .tar.gz/.tgz, .tar.xz, .tar.bz2,
 *   .tar.zst) or a folder.  A folder is used in place.  An archive is
 *   extracted into @dest_dir/@name through a temporary folder renamed on
 *   success; entries that would leave it (.., absolute paths, drive
 *   letters, backslashes, symbolic and hard links), device files,
 *   encrypted entries, and archives over the size or compression-ratio
 *   bounds are refused, naming the entry.  __MACOSX/ and dot-files are
 *   skipped.
 * @name: (nullable): defaults to the archive's base name without extension.
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

/*
 * ft_archive_extract:
 * @dest: an empty folder that exists
 *
 * Extracts the zip or tar archive @source into @dest with ft_archive_import()'s refusals and
 * bounds, whatever folders it holds, so that a caller can look at an archive of class folders
 * that lacks train/ and test/.  On failure @dest may hold part of the archive: the caller removes
 * it.
 * Returns: TRUE, or FALSE with @error set to one sentence.
 */
gboolean ft_archive_extract (const char *source,
                             const char *dest,
                             GFileProgressCallback progress,
                             gpointer user_data,
                             GCancellable *cancellable,
                             GError **error);
/* The data set name ft_archive_import() gives @source: its base name without the archive's
 * extension.  (transfer full) */
char *ft_archive_name_for (const char *source);

G_END_DECLS
