/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-plot.h"

G_BEGIN_DECLS

/*
 * ft_export_chooser_run:
 * Asks where to save @plot as @format ("png", "svg" or "csv") with the file
 * chooser portal, writes it there, and says how it went in a toast.
 */
void ft_export_chooser_run (FtPlot *plot, const char *format);

G_END_DECLS
