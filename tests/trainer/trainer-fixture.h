/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-trainer.h"

G_BEGIN_DECLS

/*
 * Draws a small two-class set in hotdog.zip's layout under @dir:
 * train/{hotdog,not-hotdog} with @per_class images each and test/ with
 * @per_class / 2: horizontal sausages against upright green blocks on
 * random backgrounds, 40 to 90 px.
 */
void fixture_draw_set (const char *dir, guint per_class, guint32 seed);

/* Writes a random 1000-class ResNet-18 as torch.save would, in place of ImageNet's. */
void fixture_write_imagenet_like (const char *path, guint64 seed);

/* A configuration for quick runs on one core: 16-image batches at @size px. */
FtTrainerConfig *fixture_config (const char *data_dir, guint size);

/*
 * Runs @trainer to the end on a main loop.  When @cancel_at_epoch is not
 * G_MAXUINT, cancels once a batch of that (0-based) epoch is done.
 * Returns: whether the run succeeded; @error gets the failure.
 */
gboolean
fixture_run (FtTrainer *trainer, guint cancel_at_epoch, guint *n_epoch_signals, GError **error);

/* The contents of @dir/@name. (transfer full) */
GBytes *fixture_read (const char *dir, const char *name);

/* Removes @dir and everything below it. */
void fixture_remove_tree (const char *dir);

G_END_DECLS
