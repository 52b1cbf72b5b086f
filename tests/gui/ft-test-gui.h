/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-application.h"
#include "ft-window.h"

G_BEGIN_DECLS

/* Exits with 77 (skip) when there is no display. */
void ft_test_gui_require_display (void);
/* The user's locale and the app's catalogue, from $FT_TEST_LOCALEDIR when it is set. */
void ft_test_gui_setup_locale (void);
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
/* Renders @widget as it is on screen into a PNG at @path, once it has a size and is drawn. */
void ft_test_gui_screenshot (GtkWidget *widget, const char *path);
/* Lets @widget settle, then renders it into @dir/@name.png. */
void ft_test_gui_shoot (GtkWidget *widget, const char *dir, const char *name);
/*
 * The folder, made, for @test's screenshots: screenshots/@test/LANGUAGE/FT_TEST_WINDOW_SIZE in
 * the build tree, the size left out where it is unset.  Returns: (transfer full) the folder.
 */
char *ft_test_gui_shots_dir (const char *test);
/* $FT_TEST_WINDOW_SIZE ("WxH") into @width and @height, kept where it is unset. */
void ft_test_gui_window_size (int *width, int *height);

/*
 * The first widget under @root (itself included, depth first) for which @match is TRUE, or NULL.
 */
GtkWidget *
ft_test_gui_find (GtkWidget *root, gboolean (*match) (GtkWidget *, gpointer), gpointer data);
/* The first widget for which @match is TRUE in @window's toasts, above its pages. */
GtkWidget *ft_test_gui_find_in_toasts (FtWindow *window,
                                       gboolean (*match) (GtkWidget *, gpointer),
                                       gpointer data);
/* The first button under @root whose label, mnemonic aside, is @label (mnemonic aside too). */
GtkWidget *ft_test_gui_find_button (GtkWidget *root, const char *label);
/* The first preferences row under @root whose title, mnemonic aside, is @title. */
GtkWidget *ft_test_gui_find_row (GtkWidget *root, const char *title);
/* The first actionable widget under @root naming @action. */
GtkWidget *ft_test_gui_find_actionable (GtkWidget *root, const char *action);
/* Whether @action ("prefix.name") resolves from @widget, as GTK looks it up. */
gboolean ft_test_gui_action_resolves (GtkWidget *widget, const char *action);
/* Clicks @widget as a person would: asserts it is shown, sensitive and activates, and waits
 * for the click to land. */
void ft_test_gui_click (GtkWidget *widget);
/* The message dialog on screen, or NULL. */
AdwMessageDialog *ft_test_gui_find_dialog (void);
/* Clicks the response button labelled @label (mnemonic aside) of the message dialog on screen;
 * FALSE when no dialog is up. */
gboolean ft_test_gui_answer_dialog (const char *label);
/* Clicks the widget naming "win.stop" under @root, confirming in the dialog if one asks. */
void ft_test_gui_click_stop (GtkWidget *root);
/* The toplevel window whose title is @title, or NULL. */
GtkWindow *ft_test_gui_find_window (const char *title);

G_END_DECLS
