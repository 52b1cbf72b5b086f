/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-metric-point.h"
#include "ft-predictions.h"
#include "ft-trainer-config.h"

G_BEGIN_DECLS

/*
 * The writing side of a run folder (see ft-run.h for the reading side):
 * config.json, classes.txt and state.json written atomically, metrics.csv
 * appended and flushed point by point, train.log appended line by line.
 * Used by the trainer's thread only.
 */
typedef struct FtRunWriter FtRunWriter;

#define FT_RUN_CONFIG_FILE "config.json"
#define FT_RUN_METRICS_FILE "metrics.csv"
#define FT_RUN_MODEL_FILE "model.pth"
#define FT_RUN_STATE_FILE "state.json"
#define FT_RUN_CLASSES_FILE "classes.txt"
#define FT_RUN_LOG_FILE "train.log"
#define FT_RUN_METRICS_HEADER "x,train_loss,train_acc,test_acc\n"

/* Creates @dir when missing and starts the run in it: state "running". */
FtRunWriter *ft_run_writer_new (const char *dir, const FtTrainerConfig *config, GError **error);
void ft_run_writer_free (FtRunWriter *self);

const char *ft_run_writer_get_model_path (FtRunWriter *self);
gboolean ft_run_writer_set_classes (FtRunWriter *self, const char *const *names, GError **error);
gboolean ft_run_writer_add_point (FtRunWriter *self, const FtMetricPoint *point, GError **error);
/* Writes the test set's predictions after epoch @epoch (1-based) as predictions/epoch-N.csv. */
gboolean ft_run_writer_add_predictions (FtRunWriter *self,
                                        guint epoch,
                                        const FtPredictions *predictions,
                                        GError **error);
void ft_run_writer_log (FtRunWriter *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Records the checkpoint of @epochs_done epochs as written. */
gboolean ft_run_writer_set_state (
  FtRunWriter *self, const char *state, guint epochs_done, const char *message, GError **error);

/* A number as metrics.csv holds it: locale-independent, empty for NAN. */
/* What ft_run_writer_set_state() writes, into the run folder @dir, for a caller without the
 * writer (the main thread, recording a run its process ends before the training thread can). */
gboolean ft_run_write_state (
  const char *dir, const char *state, guint epochs_done, const char *message, GError **error);
char *ft_run_format_value (double value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtRunWriter, ft_run_writer_free)

G_END_DECLS
