/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ft-predictions.h"

G_BEGIN_DECLS

typedef struct
{
  const char *const *classes;
  const char *images_dir; /* the test folder the paths are relative to, or NULL */
  const FtPredictions *predictions;
  guint epoch;
  guint top_losses; /* 0: all */
} FtCliEvaluationReport;

/*
 * Prints what @report's predictions say: the confusion matrix, the per-class table, the most
 * confused pairs and the top losses as text; or one JSON object with epoch, classes, accuracy,
 * confusion (rows actual, columns predicted), per_class ({class, precision, recall, support}),
 * most_confused ({actual, predicted, count}) and top_losses ({image, actual, predicted, loss,
 * prob_actual, prob_predicted}, largest loss first).
 */
void ft_cli_evaluation_print (const FtCliEvaluationReport *report, gboolean json);

G_END_DECLS
