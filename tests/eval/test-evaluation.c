/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Confusion, per-class figures, most-confused pairs and top losses of a hand-made set of
 * predictions, against figures worked out by hand. */
#include "config.h"

#include <math.h>

#include "ft-evaluation.h"

static const float logits[6][3] = {
  { 2, 0, 0 }, { 0, 3, 0 }, { 0, 1, 0 }, { 1, 1, 0 }, { 0, 0, 5 }, { 0, 4, 0 },
};
static const guint labels[6] = { 0, 0, 1, 1, 2, 2 };

static FtPredictions *
make (void)
{
  FtPredictions *p = ft_predictions_new (3);

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *path = g_strdup_printf ("c%u/%u.png", labels[i], i);
      ft_predictions_add (p, path, labels[i], logits[i]);
    }
  return p;
}

static void
test_confusion (void)
{
  g_autoptr (FtPredictions) p = make ();
  g_autoptr (FtEvaluation) e = ft_evaluation_new (p);
  /* Image 3 ties classes 0 and 1: the first largest logit wins, as torch.argmax. */
  const guint expected[3][3] = { { 1, 1, 0 }, { 1, 1, 0 }, { 0, 1, 1 } };
  const double precision[3] = { 1.0 / 2, 1.0 / 3, 1.0 };

  g_assert_cmpuint (e->n, ==, 6);
  for (guint a = 0; a < 3; a++)
    for (guint c = 0; c < 3; c++)
      g_assert_cmpuint (ft_evaluation_get_count (e, a, c), ==, expected[a][c]);
  g_assert_cmpfloat_with_epsilon (e->accuracy, 0.5, 1e-12);
  for (guint c = 0; c < 3; c++)
    {
      g_assert_cmpuint (e->support[c], ==, 2);
      g_assert_cmpfloat_with_epsilon (e->precision[c], precision[c], 1e-12);
      g_assert_cmpfloat_with_epsilon (e->recall[c], 0.5, 1e-12);
    }
}

static void
test_never_predicted (void)
{
  g_autoptr (FtPredictions) p = ft_predictions_new (3);
  const float a[3] = { 1, 0, 0 };
  g_autoptr (FtEvaluation) e = NULL;

  ft_predictions_add (p, "x.png", 1, a);
  e = ft_evaluation_new (p);
  /* Class 1 is never predicted and class 2 has no image: 0, as zero_division=0. */
  g_assert_cmpfloat (e->precision[1], ==, 0);
  g_assert_cmpfloat (e->recall[2], ==, 0);
  g_assert_cmpfloat (e->precision[0], ==, 0);
  g_assert_cmpfloat (e->recall[1], ==, 0);
  g_assert_cmpfloat (e->accuracy, ==, 0);
}

static void
test_most_confused (void)
{
  g_autoptr (FtPredictions) p = make ();
  const float extra[3] = { 0, 9, 0 };
  g_autoptr (FtEvaluation) e = NULL;
  g_autoptr (GArray) pairs = NULL;
  const guint expected[3][3] = { { 2, 1, 2 }, { 0, 1, 1 }, { 1, 0, 1 } };

  /* A second image of class 2 taken for class 1 puts that pair first. */
  ft_predictions_add (p, "c2/6.png", 2, extra);
  e = ft_evaluation_new (p);
  pairs = ft_evaluation_most_confused (e);
  g_assert_cmpuint (pairs->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      FtConfusedPair *pair = &g_array_index (pairs, FtConfusedPair, i);
      g_assert_cmpuint (pair->actual, ==, expected[i][0]);
      g_assert_cmpuint (pair->predicted, ==, expected[i][1]);
      g_assert_cmpuint (pair->count, ==, expected[i][2]);
    }
}

static double
loss_by_hand (guint i)
{
  double sum = 0;

  for (guint c = 0; c < 3; c++)
    sum += exp (logits[i][c]);
  return log (sum) - logits[i][labels[i]];
}

static void
test_top_losses (void)
{
  g_autoptr (FtPredictions) p = make ();
  g_autoptr (GArray) all = ft_evaluation_top_losses (p, 0);
  g_autoptr (GArray) two = ft_evaluation_top_losses (p, 2);
  const guint order[6] = { 5, 1, 3, 2, 0, 4 };

  g_assert_cmpuint (all->len, ==, 6);
  g_assert_cmpuint (two->len, ==, 2);
  for (guint k = 0; k < 6; k++)
    {
      FtTopLoss *t = &g_array_index (all, FtTopLoss, k);
      double sum = 0;

      for (guint c = 0; c < 3; c++)
        sum += exp (logits[order[k]][c]);
      g_assert_cmpuint (t->index, ==, order[k]);
      g_assert_cmpuint (t->actual, ==, labels[order[k]]);
      g_assert_cmpfloat_with_epsilon (t->loss, loss_by_hand (order[k]), 1e-12);
      g_assert_cmpfloat_with_epsilon (t->prob_actual, exp (logits[order[k]][t->actual]) / sum,
                                      1e-12);
      g_assert_cmpfloat_with_epsilon (t->prob_predicted, exp (logits[order[k]][t->predicted]) / sum,
                                      1e-12);
      if (k < 2)
        g_assert_cmpuint (g_array_index (two, FtTopLoss, k).index, ==, order[k]);
    }
  /* Image 5: class 2 taken for class 1. */
  g_assert_cmpuint (g_array_index (all, FtTopLoss, 0).predicted, ==, 1);
}

static void
test_confident_mistake (void)
{
  g_autoptr (FtPredictions) p = ft_predictions_new (2);
  const float a[2] = { 0, 200 };
  g_autoptr (GArray) losses = NULL;

  /* exp(-200) underflows a float softmax; log-sum-exp keeps the whole loss. */
  ft_predictions_add (p, "x.png", 0, a);
  losses = ft_evaluation_top_losses (p, 0);
  g_assert_cmpfloat_with_epsilon (g_array_index (losses, FtTopLoss, 0).loss, 200, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/evaluation/confusion", test_confusion);
  g_test_add_func ("/evaluation/never-predicted", test_never_predicted);
  g_test_add_func ("/evaluation/most-confused", test_most_confused);
  g_test_add_func ("/evaluation/top-losses", test_top_losses);
  g_test_add_func ("/evaluation/confident-mistake", test_confident_mistake);
  return g_test_run ();
}
