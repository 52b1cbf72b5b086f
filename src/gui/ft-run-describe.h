/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-run.h"

G_BEGIN_DECLS

/*
 * What the Runs page says of a run, rendered from its config.json in the language of the moment
 * (never from the label stored when it was made, which is in the language of that day).
 */

/* "Fine-tune, lr 5e-05" or "From scratch, lr 0.0005". (transfer full) */
char *ft_run_describe_title (const FtTrainerConfig *config);
/* The data set, starting point, rate, epochs and precision, on one line. (transfer full) */
char *ft_run_describe_settings (FtRun *run);
/* When the run started, how it ended and its last test accuracy, on one line. (transfer full) */
char *ft_run_describe_outcome (FtRun *run);
/* When the run started, "2026-12-02 18:27:24", from its folder's name or config.json's date.
 * (transfer full) */
char *ft_run_describe_date (FtRun *run);

G_END_DECLS
