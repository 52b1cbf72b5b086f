/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-plot.h"

G_BEGIN_DECLS

#define FT_TYPE_RUNS_PAGE (ft_runs_page_get_type ())
G_DECLARE_FINAL_TYPE (FtRunsPage, ft_runs_page, FT, RUNS_PAGE, GtkWidget)

/* FtRunsPage: the runs of the runs folder, to overlay in a plot or delete. */
void ft_runs_page_reload (FtRunsPage *self);
/* The number of runs listed. */
guint ft_runs_page_get_n_runs (FtRunsPage *self);
/* (transfer none) */
FtPlot *ft_runs_page_get_plot (FtRunsPage *self);

G_END_DECLS
