/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FT_TYPE_EXPERIMENT_PAGE (ft_experiment_page_get_type ())
G_DECLARE_FINAL_TYPE (FtExperimentPage, ft_experiment_page, FT, EXPERIMENT_PAGE, GtkWidget)

/*
 * FtExperimentPage: every setting of a run, kept in GSettings, with the
 * chapter's reasons beside them and the book's presets.
 */

/* Opens the chooser for a weights file. */
void ft_experiment_page_choose_weights (FtExperimentPage *self);

G_END_DECLS
