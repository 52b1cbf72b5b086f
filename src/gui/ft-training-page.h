/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-plot.h"
#include "ft-trainer.h"

G_BEGIN_DECLS

#define FT_TYPE_TRAINING_PAGE (ft_training_page_get_type ())
G_DECLARE_FINAL_TYPE (FtTrainingPage, ft_training_page, FT, TRAINING_PAGE, GtkWidget)

/*
 * FtTrainingPage: Start and Stop, progress, speed and the live plot.  Start
 * trains the runs the settings describe one after the other (the fine-tune
 * and the from-scratch run of "Both, side by side" with the same seed);
 * ::finished is emitted when the last one ends, however it ends.
 */
void ft_training_page_start (FtTrainingPage *self);
void ft_training_page_stop (FtTrainingPage *self);
/* Divides the learning rate by ten and starts again, after a run that diverged. */
void ft_training_page_lower_rate (FtTrainingPage *self);
gboolean ft_training_page_get_running (FtTrainingPage *self);
/* Seconds since Start was pressed, while the runs go; 0 when none does. */
double ft_training_page_get_seconds_trained (FtTrainingPage *self);
/* (transfer none) (nullable): the trainer of the run going now. */
FtTrainer *ft_training_page_get_trainer (FtTrainingPage *self);
/* (transfer none) */
FtPlot *ft_training_page_get_plot (FtTrainingPage *self);
/* The folder of the latest run Start began, or NULL. (transfer none) */
const char *ft_training_page_get_last_run_dir (FtTrainingPage *self);
/* The folders of the runs of the latest press of Start, NULL-terminated, or NULL.
 * (transfer none) */
const char *const *ft_training_page_get_run_dirs (FtTrainingPage *self);

G_END_DECLS
