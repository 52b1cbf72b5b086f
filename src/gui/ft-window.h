/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-application.h"

G_BEGIN_DECLS

#define FT_TYPE_WINDOW (ft_window_get_type ())
G_DECLARE_FINAL_TYPE (FtWindow, ft_window, FT, WINDOW, AdwApplicationWindow)

FtWindow *ft_window_new (FtApplication *application);
/* Shows the page named "data", "experiment", "training" or "runs". */
void ft_window_show_page (FtWindow *self, const char *name);
/* (transfer none): the page named @name. */
GtkWidget *ft_window_get_page (FtWindow *self, const char *name);

G_END_DECLS
