/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FT_TYPE_RUN_ESTIMATE (ft_run_estimate_get_type ())
G_DECLARE_FINAL_TYPE (FtRunEstimate, ft_run_estimate, FT, RUN_ESTIMATE, GtkWidget)

/*
 * FtRunEstimate: a note under the training settings saying how long the run will take on this
 * computer, from the speed its last run measured in its first steps, and, when the batch is
 * larger than the training set or an epoch will take more than a minute, saying so with settings
 * to try.  Hidden when it has nothing to say.
 */
GtkWidget *ft_run_estimate_new (void);
/* How many training images the data set has; 0 when unknown. */
void ft_run_estimate_set_n_train (FtRunEstimate *self, guint n_train);
/* (transfer none): the note's text, "" when hidden. */
const char *ft_run_estimate_get_text (FtRunEstimate *self);

/* Records the speed a run measured, at @image_size px, for later estimates. */
void ft_run_estimate_record_speed (GSettings *settings, double examples_per_sec, guint image_size);

G_END_DECLS
