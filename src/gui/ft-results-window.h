/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FT_TYPE_RESULTS_WINDOW (ft_results_window_get_type ())
G_DECLARE_FINAL_TYPE (FtResultsWindow, ft_results_window, FT, RESULTS_WINDOW, AdwWindow)

/*
 * FtResultsWindow: what a run gets right and wrong at each epoch, from the predictions it kept:
 * an epoch scrubber, the confusion matrix (counts and row shares) whose cells show the images
 * behind them, per-class precision and recall, and the mistakes sorted by loss with both
 * classes' probabilities, the heat map of an image chosen (of the predicted class or the actual
 * one) and Try It for a photo of one's own, under the run's final model.  Files are read and
 * heat maps computed off the main thread.
 */
GtkWidget *ft_results_window_new (GtkWindow *parent, const char *run_dir);
/* The epoch shown, 0 while none is loaded. */
guint ft_results_window_get_epoch (FtResultsWindow *self);
/* The FtCamView of the images chosen in the window, and that of Try It. (transfer none) */
GtkWidget *ft_results_window_get_heat_view (FtResultsWindow *self);
GtkWidget *ft_results_window_get_try_view (FtResultsWindow *self);
/* Adds Try It under the run in @run_dir beside this one's (the other run of an experiment, such
 * as fine-tune and scratch): a photo opened or dropped is shown under both.  FALSE when that run
 * cannot be read or has other classes. */
gboolean ft_results_window_compare_with (FtResultsWindow *self, const char *run_dir);
/* The Try It view of the @i-th run compared, or NULL. (transfer none) */
GtkWidget *ft_results_window_get_compared_view (FtResultsWindow *self, guint i);

G_END_DECLS
