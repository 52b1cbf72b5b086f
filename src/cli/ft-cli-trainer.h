/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ft-trainer.h"

G_BEGIN_DECLS

int ft_cli_train (int argc, char **argv);
int ft_cli_experiment (int argc, char **argv);
int ft_cli_predict (int argc, char **argv);
/* finetune-cli evaluate --model RUN_DIR|model.pth [--data DIR] [--epoch N] [--top-losses K]
 *   [--json] */
int ft_cli_evaluate (int argc, char **argv);
int ft_cli_classify (int argc, char **argv);

/* What one run of the trainer produced, as the CLI reports it. */
typedef struct
{
  char *run_dir;
  FtTrainerSnapshot *snapshot; /* the last one */
  JsonArray *epochs;           /* one object per epoch */
  char **matched;              /* classifier rows reused, "name=index" */
} FtCliRunResult;

void ft_cli_run_result_clear (FtCliRunResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FtCliRunResult, ft_cli_run_result_clear)

/*
 * Runs @config through the asynchronous trainer on a main loop, as the GUI
 * does, in @run_dir (NULL: a new folder under the default runs folder).
 * Prints the book's line after each epoch, preceded by @prefix when not
 * NULL.  On a terminal, unless @quiet, a live line shows the epoch as it
 * runs, and each epoch's time and the total are printed as the notes'
 * script prints them; elsewhere only the book's lines.  Ctrl+C cancels
 * between batches.
 */
gboolean ft_cli_run_trainer (const FtTrainerConfig *config,
                             const char *run_dir,
                             const char *prefix,
                             gboolean quiet,
                             FtCliRunResult *result,
                             GError **error);

/* The numbers a run reports, as one JSON object. (transfer full) */
JsonNode *ft_cli_run_result_to_json (const FtCliRunResult *result);
/* Prints @node on one line on stdout. */
void ft_cli_print_json (JsonNode *node);
/* The process's peak resident memory in MiB. */
double ft_cli_peak_rss_mib (void);

G_END_DECLS
