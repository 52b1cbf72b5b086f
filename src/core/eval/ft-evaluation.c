/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-evaluation.h"

#include <math.h>

void
ft_evaluation_softmax (const float *logits, guint n, double *probs)
{
  double max = logits[0], sum = 0;

  for (guint i = 1; i < n; i++)
    max = MAX (max, logits[i]);
  for (guint i = 0; i < n; i++)
    sum += probs[i] = exp ((double) logits[i] - max);
  for (guint i = 0; i < n; i++)
    probs[i] /= sum;
}

guint
ft_evaluation_predicted (const FtPredictions *predictions, guint i)
{
  const float *row = ft_predictions_get_logits (predictions, i);
  guint best = 0;

  for (guint c = 1; c < predictions->n_classes; c++)
    if (row[c] > row[best])
      best = c;
  return best;
}

static void
count_rates (FtEvaluation *self)
{
  guint correct = 0;

  for (guint c = 0; c < self->n_classes; c++)
    {
      guint predicted = 0;

      for (guint a = 0; a < self->n_classes; a++)
        predicted += ft_evaluation_get_count (self, a, c);
      correct += ft_evaluation_get_count (self, c, c);
      self->precision[c]
        = predicted ? (double) ft_evaluation_get_count (self, c, c) / predicted : 0;
      self->recall[c]
        = self->support[c] ? (double) ft_evaluation_get_count (self, c, c) / self->support[c] : 0;
    }
  self->accuracy = self->n ? (double) correct / self->n : NAN;
}

FtEvaluation *
ft_evaluation_new (const FtPredictions *predictions)
{
  FtEvaluation *self = g_new0 (FtEvaluation, 1);
  guint n_classes = predictions->n_classes;

  self->n_classes = n_classes;
  self->n = ft_predictions_get_n (predictions);
  self->confusion = g_new0 (guint, (gsize) n_classes * n_classes);
  self->support = g_new0 (guint, n_classes);
  self->precision = g_new0 (double, n_classes);
  self->recall = g_new0 (double, n_classes);
  for (guint i = 0; i < self->n; i++)
    {
      guint actual = ft_predictions_get_label (predictions, i);

      self->confusion[(gsize) actual * n_classes + ft_evaluation_predicted (predictions, i)]++;
      self->support[actual]++;
    }
  count_rates (self);
  return self;
}

void
ft_evaluation_free (FtEvaluation *self)
{
  if (self == NULL)
    return;
  g_free (self->confusion);
  g_free (self->support);
  g_free (self->precision);
  g_free (self->recall);
  g_free (self);
}

guint
ft_evaluation_get_count (const FtEvaluation *self, guint actual, guint predicted)
{
  g_return_val_if_fail (actual < self->n_classes && predicted < self->n_classes, 0);
  return self->confusion[(gsize) actual * self->n_classes + predicted];
}

static int
compare_pairs (gconstpointer a, gconstpointer b)
{
  const FtConfusedPair *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->actual != y->actual)
    return x->actual < y->actual ? -1 : 1;
  return x->predicted < y->predicted ? -1 : x->predicted > y->predicted;
}

GArray *
ft_evaluation_most_confused (const FtEvaluation *self)
{
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (FtConfusedPair));

  for (guint a = 0; a < self->n_classes; a++)
    for (guint p = 0; p < self->n_classes; p++)
      if (a != p && ft_evaluation_get_count (self, a, p) > 0)
        {
          FtConfusedPair pair = { a, p, ft_evaluation_get_count (self, a, p) };
          g_array_append_val (pairs, pair);
        }
  g_array_sort (pairs, compare_pairs);
  return pairs;
}

static int
compare_losses (gconstpointer a, gconstpointer b)
{
  const FtTopLoss *x = a, *y = b;

  if (x->loss != y->loss)
    return x->loss > y->loss ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static FtTopLoss
image_loss (const FtPredictions *predictions, guint i, double *probs)
{
  const float *row = ft_predictions_get_logits (predictions, i);
  guint n_classes = predictions->n_classes;
  FtTopLoss t = {
    i, ft_predictions_get_label (predictions, i), ft_evaluation_predicted (predictions, i), 0, 0, 0
  };
  double max = row[0], sum = 0;

  /* log-sum-exp in double, so that a confident mistake keeps its whole loss. */
  for (guint c = 1; c < n_classes; c++)
    max = MAX (max, row[c]);
  for (guint c = 0; c < n_classes; c++)
    sum += exp ((double) row[c] - max);
  t.loss = max + log (sum) - row[t.actual];
  ft_evaluation_softmax (row, n_classes, probs);
  t.prob_actual = probs[t.actual];
  t.prob_predicted = probs[t.predicted];
  return t;
}

GArray *
ft_evaluation_top_losses (const FtPredictions *predictions, guint k)
{
  guint n = ft_predictions_get_n (predictions);
  GArray *losses = g_array_sized_new (FALSE, FALSE, sizeof (FtTopLoss), n);
  g_autofree double *probs = g_new (double, predictions->n_classes);

  for (guint i = 0; i < n; i++)
    {
      FtTopLoss t = image_loss (predictions, i, probs);
      g_array_append_val (losses, t);
    }
  g_array_sort (losses, compare_losses);
  if (k > 0 && k < losses->len)
    g_array_set_size (losses, k);
  return losses;
}
