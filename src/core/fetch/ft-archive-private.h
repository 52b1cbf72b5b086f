/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-archive.h"

G_BEGIN_DECLS

/* Limits of what an archive may unpack to. */
typedef struct
{
  guint64 max_total_bytes; /* all entries together */
  guint64 max_ratio;       /* uncompressed / compressed, per large entry and overall */
  guint64 ratio_floor;     /* entries and archives smaller than this skip the ratio check */
} FtArchiveLimits;

/* The defaults; $FINETUNE_IMPORT_MAX_BYTES lowers the total. */
void _ft_archive_limits_init (FtArchiveLimits *limits);

typedef enum
{
  FT_ENTRY_EXTRACT,
  FT_ENTRY_SKIP, /* __MACOSX/ and dot-files */
} FtEntryAction;

/* (transfer full): @text, an entry's name or a reader's reason, shown in a sentence: valid
 * UTF-8 on one line, control characters escaped, cut short when long. */
char *_ft_archive_shown (const char *text);
/* Sets @error to "The archive entry “@name” is refused: why." and returns
 * FALSE, for the extractors' checks of an entry's kind and sizes. */
gboolean _ft_archive_refuse (const char *name, GError **error, const char *why_format, ...)
  G_GNUC_PRINTF (3, 4);

/* Checks an entry name: FALSE with @error naming it when it would leave the
 * destination (.., absolute, drive letter, backslash, empty parts). */
gboolean _ft_archive_check_name (const char *name, FtEntryAction *action, GError **error);

/* Unpacks @zip_path into the empty folder @dir, refusing hostile entries
 * before anything is written. */
gboolean _ft_archive_extract_zip (const char *zip_path,
                                  const char *dir,
                                  const FtArchiveLimits *limits,
                                  GFileProgressCallback progress,
                                  gpointer user_data,
                                  GCancellable *cancellable,
                                  GError **error);

/* Unpacks the tar archive @tar_path (plain, gzip, bzip2, xz or zstd) into
 * the empty folder @dir with the rules of zip import, each entry checked
 * before its bytes are written; hard links are refused as symbolic links
 * are.  @progress counts bytes of the archive file read. */
gboolean _ft_archive_extract_tar (const char *tar_path,
                                  const char *dir,
                                  const FtArchiveLimits *limits,
                                  GFileProgressCallback progress,
                                  gpointer user_data,
                                  GCancellable *cancellable,
                                  GError **error);

/* The folder at or under @dir (through single sub-folders) that holds train/
 * and test/. @label names the source in the error. (transfer full) */
char *_ft_archive_find_root (const char *dir, const char *label, GError **error);

G_END_DECLS
