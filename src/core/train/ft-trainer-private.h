/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-trainer.h"

G_BEGIN_DECLS

/*
 * Called on the training thread: copies the scalars of @update into the
 * snapshot, appends @point when given, queues ::epoch-finished when
 * @epoch_done, and schedules the single pending ::progress emission.
 */
void _ft_trainer_publish (FtTrainer *self,
                          const FtTrainerSnapshot *update,
                          const FtMetricPoint *point,
                          gboolean epoch_done);
/* Takes @matched. */
void _ft_trainer_set_matched (FtTrainer *self, char **matched);
/* Takes @skipped, the paths of the images the loaders skipped. */
void _ft_trainer_set_skipped (FtTrainer *self, char **skipped);

/* The run itself, on the training thread (ft-trainer-work.c). */
gboolean _ft_trainer_work (FtTrainer *self, GCancellable *cancellable, GError **error);

G_END_DECLS
