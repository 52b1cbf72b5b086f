/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-plot.h"

G_BEGIN_DECLS

#define FT_TYPE_RUNS_PAGE (ft_runs_page_get_type ())
G_DECLARE_FINAL_TYPE (FtRunsPage, ft_runs_page, FT, RUNS_PAGE, GtkWidget)

/*
 * FtRunsPage: the runs of the runs folder and those opened from elsewhere, to overlay in a plot,
 * reopen, export or delete; each run folder that cannot be read is listed with the sentence that
 * says why.  ::reopen (FtRun) asks the window to show a run's plot and load its settings.
 */
void ft_runs_page_reload (FtRunsPage *self);
/* Asks for a run folder trained elsewhere with the file chooser portal and lists it. */
void ft_runs_page_open_folder (FtRunsPage *self);
/* (transfer none): a sentence for each run folder listed as unreadable; empty when none. */
const char *const *ft_runs_page_get_problems (FtRunsPage *self);
/* The number of runs listed. */
guint ft_runs_page_get_n_runs (FtRunsPage *self);
/* (transfer none) */
FtPlot *ft_runs_page_get_plot (FtRunsPage *self);

G_END_DECLS
