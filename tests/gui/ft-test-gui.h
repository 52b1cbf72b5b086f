/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-application.h"
#include "ft-window.h"

G_BEGIN_DECLS

/* Exits with 77 (skip) when there is no display. */
void ft_test_gui_require_display (void);
/*
 * Points XDG_DATA_HOME, XDG_CACHE_HOME and FINETUNE_RUNS_DIR into a fresh
 * temporary folder, before GTK starts.  Returns: (transfer full) the folder.
 */
char *ft_test_gui_isolate (void);
/* Removes @dir and everything under it. */
void ft_test_gui_remove_tree (const char *dir);
/* A registered application, unique to this process, and its window, shown. */
FtApplication *ft_test_gui_app_new (void);
FtWindow *ft_test_gui_window_new (FtApplication *app, int width, int height);
/* Runs the main loop until @done (@data) or @timeout_ms; returns @done's verdict. */
gboolean ft_test_gui_wait (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void ft_test_gui_spin (guint ms);
/* Renders @widget as it is on screen into a PNG at @path. */
void ft_test_gui_screenshot (GtkWidget *widget, const char *path);

G_END_DECLS
