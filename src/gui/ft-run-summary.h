/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-trainer-config.h"

G_BEGIN_DECLS

/*
 * ft_run_summary_describe:
 * One sentence with what a run starts from and how it trains: its starting point, its rate or
 * rates, what is frozen, and the length of the run.  Returns: (transfer full).
 */
char *ft_run_summary_describe (const FtTrainerConfig *config);

/*
 * ft_run_summary_changes:
 * What in @config differs from the book's run of the same kind (fine-tuning when it starts
 * from weights, else from scratch), as "learning rate 5e-05 → 0.0001, 2 epochs instead of
 * 5"; NULL when nothing does.  Returns: (transfer full) (nullable).
 */
char *ft_run_summary_changes (const FtTrainerConfig *config);

G_END_DECLS
