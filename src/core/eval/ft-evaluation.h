/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ft-predictions.h"

G_BEGIN_DECLS

/* One test image among the largest losses. */
typedef struct
{
  guint index; /* into the predictions */
  guint actual;
  guint predicted;
  double loss; /* -log softmax(logits)[actual] */
  double prob_actual;
  double prob_predicted;
} FtTopLoss;

/* A cell off the diagonal of the confusion matrix. */
typedef struct
{
  guint actual;
  guint predicted;
  guint count;
} FtConfusedPair;

/*
 * What a set of predictions says about the model: the confusion matrix (rows actual, columns
 * predicted; the predicted class is the first largest logit, as torch.argmax), accuracy, and per
 * class precision, recall and support.  Precision of a class never predicted and recall of a
 * class without images are 0, as scikit-learn's zero_division=0 gives.
 */
typedef struct
{
  guint n_classes;
  guint n;           /* images */
  guint *confusion;  /* n_classes × n_classes, row-major */
  guint *support;    /* images of each class */
  double *precision; /* n_classes */
  double *recall;    /* n_classes */
  double accuracy;   /* NAN without images */
} FtEvaluation;

/* (transfer full) */
FtEvaluation *ft_evaluation_new (const FtPredictions *predictions);
void ft_evaluation_free (FtEvaluation *self);
guint ft_evaluation_get_count (const FtEvaluation *self, guint actual, guint predicted);
/* The predicted class of image @i of @predictions. */
guint ft_evaluation_predicted (const FtPredictions *predictions, guint i);

/* The cells off the diagonal that hold images, most first (ties: by actual, then predicted).
 * (transfer full): FtConfusedPair */
GArray *ft_evaluation_most_confused (const FtEvaluation *self);

/* The @k images of largest loss, largest first (ties: in file order), all when @k is 0.
 * (transfer full): FtTopLoss */
GArray *ft_evaluation_top_losses (const FtPredictions *predictions, guint k);

/* Softmax of @n logits into @probs, in double. */
void ft_evaluation_softmax (const float *logits, guint n, double *probs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtEvaluation, ft_evaluation_free)

G_END_DECLS
