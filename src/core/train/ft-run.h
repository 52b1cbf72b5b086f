/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-metric-point.h"
#include "ft-trainer-config.h"

G_BEGIN_DECLS

#define FT_TYPE_RUN (ft_run_get_type ())
G_DECLARE_FINAL_TYPE (FtRun, ft_run, FT, RUN, GObject)

/* $XDG_DATA_HOME/finetune/runs, or $FINETUNE_RUNS_DIR when set. (transfer full) */
char *ft_run_default_runs_dir (void);
/* A new, unique run folder under @runs_dir named by date and time. (transfer full) */
char *ft_run_make_dir (const char *runs_dir, GError **error);

/* Reads config.json, metrics.csv, state.json and classes.txt of the run in @dir, refusing any
 * malformed one in a sentence naming the file and the field; G_IO_ERROR_NOT_FOUND when @dir
 * holds no config.json, so is no run at all. */
FtRun *ft_run_open (const char *dir, GError **error);
/* The runs under @runs_dir, newest first. (transfer full): a GListModel of FtRun. */
GListModel *ft_run_list (const char *runs_dir, GError **error);
/* As ft_run_list(); @problems: (out) (optional) (transfer full): a sentence for each folder that
 * holds a config.json but cannot be opened, or NULL when every run could be read. */
GListModel *ft_run_list_with_problems (const char *runs_dir, char ***problems, GError **error);
/* Removes the run's folder and everything in it. */
gboolean ft_run_delete (FtRun *self, GError **error);

const char *ft_run_get_dir (FtRun *self);
const char *ft_run_get_id (FtRun *self);
const FtTrainerConfig *ft_run_get_config (FtRun *self);
/* (transfer none): FtMetricPoint */
GArray *ft_run_get_points (FtRun *self);
/* "finished", "cancelled", "failed" or "running". */
const char *ft_run_get_state (FtRun *self);
/* model.pth, or NULL when the run has no checkpoint yet. (transfer none) */
const char *ft_run_get_model_path (FtRun *self);
/* Why the run failed or stopped, or NULL. (transfer none) */
const char *ft_run_get_message (FtRun *self);
/* Epochs whose checkpoint is in model.pth. */
guint ft_run_get_epochs_done (FtRun *self);
/* The class names of the data set, in label order, from classes.txt;
 * NULL when the run did not record them. (transfer none) */
const char *const *ft_run_get_class_names (FtRun *self);
/* The class names from the run's classes.txt, or else from the data set it trained on.
 * Returns: (transfer full): a NULL-terminated list, or NULL with @error set. */
char **ft_run_dup_class_names (FtRun *self, GError **error);

G_END_DECLS
