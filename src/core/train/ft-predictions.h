/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The test set's predictions after one epoch: per test image, its path (relative to the test
 * folder), its label and the network's logits.  A run folder keeps one file per epoch,
 * predictions/epoch-N.csv (N from 1), so that every epoch can be evaluated without a second
 * pass over the test set:
 *
 *   label,logit_0,…,logit_{C-1},path
 *   0,2.31045794,-1.98772168,hotdog/1000.png
 *
 * Logits are written with nine significant digits (float32 reads back exactly), the path last
 * so that commas in it need no quoting; control characters and backslashes in a path are
 * escaped as C does (g_strescape), other bytes kept as they are.
 */
typedef struct
{
  guint n_classes;
  GPtrArray *paths; /* char *, relative to the test folder */
  GArray *labels;   /* guint */
  GArray *logits;   /* float, n_classes per image */
} FtPredictions;

#define FT_PREDICTIONS_DIR "predictions"

FtPredictions *ft_predictions_new (guint n_classes);
void ft_predictions_free (FtPredictions *self);
guint ft_predictions_get_n (const FtPredictions *self);
const char *ft_predictions_get_path (const FtPredictions *self, guint i);
guint ft_predictions_get_label (const FtPredictions *self, guint i);
/* (transfer none): n_classes logits of image @i */
const float *ft_predictions_get_logits (const FtPredictions *self, guint i);
/* @logits: n_classes floats, copied. */
void ft_predictions_add (FtPredictions *self, const char *path, guint label, const float *logits);

/* The file of epoch @epoch (1-based) in the run folder @run_dir. (transfer full) */
char *ft_predictions_file (const char *run_dir, guint epoch);
/* Writes @path whole or not at all (a temporary file renamed into place). */
gboolean ft_predictions_write (const FtPredictions *self, const char *path, GError **error);
/*
 * ft_predictions_read:
 * Reads a file that may come from anywhere: a bounded size, the header of @n_classes logits,
 * labels below @n_classes, finite logits and relative paths that stay inside the test folder.
 * Anything else is refused in one sentence naming the file and the line.  A missing file is
 * G_FILE_ERROR_NOENT.
 */
FtPredictions *ft_predictions_read (const char *path, guint n_classes, GError **error);
/* How many epochs of @run_dir, from the first on, have a predictions file. */
guint ft_predictions_count_epochs (const char *run_dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtPredictions, ft_predictions_free)

G_END_DECLS
