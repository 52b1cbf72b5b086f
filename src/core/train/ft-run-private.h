/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-run.h"

G_BEGIN_DECLS

/*
 * The readers of a run folder's files, each refusing an empty, truncated, wrongly typed or
 * oversized field with one sentence naming the file and the field.  A run folder may come from
 * another machine, so nothing in it is trusted.
 */

/* config.json, validated as the trainer validated it before writing it. (transfer full) */
FtTrainerConfig *_ft_run_read_config (const char *dir, GError **error);
/* metrics.csv into @points; a missing or empty file holds none, and a last line cut short
 * (the trainer may be writing it) is dropped. */
gboolean _ft_run_read_points (const char *dir,
                              const FtTrainerConfig *config,
                              GArray *points,
                              GError **error);
/* state.json; a missing one means the run ended before it could say how: "failed". */
gboolean _ft_run_read_state (const char *dir,
                             const FtTrainerConfig *config,
                             char **state,
                             char **message,
                             guint *epochs_done,
                             GError **error);
/* classes.txt, one name a line; NULL in @names when the run did not record them. */
gboolean _ft_run_read_classes (const char *dir, char ***names, GError **error);

G_END_DECLS
