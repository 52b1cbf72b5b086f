/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: a run folder packed into one input, opened; every getter called, and the
 * configuration written by the run writer and read back unchanged.
 *
 * Input: config.json, metrics.csv, state.json, classes.txt and predictions/epoch-1.csv in that
 * order, separated by a line "--8<--"; a file after the last separator is absent (pack-run.py
 * writes one).  The predictions are read for the run's classes and evaluated. */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ft-evaluation.h"
#include "ft-file-tree.h"
#include "ft-predictions.h"
#include "ft-run-writer.h"
#include "ft-run.h"
#include "fuzz-scratch.h"

#define SEPARATOR "\n--8<--\n"

static const char *const files[] = { "config.json", "metrics.csv", "state.json", "classes.txt",
                                     FT_PREDICTIONS_DIR "/epoch-1.csv" };
static char *runs;
static char *run_dir;
static char *copy_dir;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
remove_scratch (void)
{
  g_autofree char *base = g_path_get_dirname (runs);

  ft_file_tree_remove (base);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *base = ft_fuzz_scratch_new ("ft-fuzz-run");

  runs = g_build_filename (base, "runs", NULL);
  run_dir = g_build_filename (runs, "run", NULL);
  copy_dir = g_build_filename (base, "copy", NULL);
  atexit (remove_scratch);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
unpack (const uint8_t *data, size_t size)
{
  const char *p = (const char *) data;
  const char *end = p + size;

  g_autofree char *predictions_dir = g_build_filename (run_dir, FT_PREDICTIONS_DIR, NULL);

  ft_file_tree_remove (runs);
  if (g_mkdir_with_parents (predictions_dir, 0755) != 0)
    abort ();
  for (guint i = 0; i < G_N_ELEMENTS (files) && p != NULL; i++)
    {
      g_autofree char *path = g_build_filename (run_dir, files[i], NULL);
      const char *next = memmem (p, (size_t) (end - p), SEPARATOR, strlen (SEPARATOR));
      size_t length = next ? (size_t) (next - p) : (size_t) (end - p);

      if (!g_file_set_contents (path, p, (gssize) length, NULL))
        abort ();
      p = next ? next + strlen (SEPARATOR) : NULL;
    }
  /* A checkpoint, so that the model getter has something to find. */
  {
    g_autofree char *model = g_build_filename (run_dir, FT_RUN_MODEL_FILE, NULL);
    if (!g_file_set_contents (model, "x", 1, NULL))
      abort ();
  }
}

static void
check_sentence (const GError *error)
{
  if (error == NULL || !g_utf8_validate (error->message, -1, NULL)
      || strchr (error->message, '\n') != NULL || !g_str_has_suffix (error->message, "."))
    abort ();
}

static gboolean
same_double (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static void
check_same_config (const FtTrainerConfig *a, const FtTrainerConfig *b)
{
  if (g_strcmp0 (a->data_dir, b->data_dir) || g_strcmp0 (a->weights_path, b->weights_path)
      || g_strcmp0 (a->label, b->label) || g_strcmp0 (a->init_model_path, b->init_model_path)
      || !same_double (a->lr, b->lr) || !same_double (a->head_lr_mult, b->head_lr_mult)
      || !same_double (a->weight_decay, b->weight_decay) || !same_double (a->momentum, b->momentum)
      || a->param_groups != b->param_groups || a->epochs != b->epochs
      || a->batch_size != b->batch_size || a->freeze != b->freeze
      || a->reuse_classifier != b->reuse_classifier || a->seed != b->seed
      || a->threads != b->threads || a->loader_threads != b->loader_threads
      || a->precision != b->precision || a->image_size != b->image_size || a->augment != b->augment
      || a->channels_last != b->channels_last || a->winograd != b->winograd
      || a->shuffle != b->shuffle)
    abort ();
}

static void
check_getters (FtRun *run)
{
  const FtTrainerConfig *config = ft_run_get_config (run);
  GArray *points = ft_run_get_points (run);
  const char *state = ft_run_get_state (run);
  const char *message = ft_run_get_message (run);
  const char *const *classes = ft_run_get_class_names (run);
  g_autoptr (GError) error = NULL;

  if (config == NULL || !ft_trainer_config_validate (config, &error) || points == NULL
      || state == NULL || ft_run_get_dir (run) == NULL || ft_run_get_id (run) == NULL
      || ft_run_get_model_path (run) == NULL || ft_run_get_epochs_done (run) > config->epochs)
    abort ();
  if (!g_str_equal (state, "finished") && !g_str_equal (state, "cancelled")
      && !g_str_equal (state, "failed") && !g_str_equal (state, "running"))
    abort ();
  if (message != NULL && !g_utf8_validate (message, -1, NULL))
    abort ();
  for (guint i = 0; i < points->len; i++)
    {
      const FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);
      if (!isfinite (p->x) || p->x < 0 || p->x > config->epochs
          || (isfinite (p->test_acc) && (p->test_acc < 0 || p->test_acc > 1)))
        abort ();
    }
  for (guint i = 0; classes && classes[i]; i++)
    if (classes[i][0] == '\0' || !g_utf8_validate (classes[i], -1, NULL))
      abort ();
}

/* What a predictions file says, evaluated: every count in its place, every figure a probability,
 * the top losses in order. */
static void
check_evaluation (const FtPredictions *predictions)
{
  g_autoptr (FtEvaluation) evaluation = ft_evaluation_new (predictions);
  g_autoptr (GArray) top = ft_evaluation_top_losses (predictions, 0);
  g_autoptr (GArray) confused = ft_evaluation_most_confused (evaluation);
  guint n = ft_predictions_get_n (predictions);
  guint total = 0;

  if (evaluation->n != n || top->len != n)
    abort ();
  for (guint a = 0; a < evaluation->n_classes; a++)
    {
      guint row = 0;
      for (guint p = 0; p < evaluation->n_classes; p++)
        row += ft_evaluation_get_count (evaluation, a, p);
      if (row != evaluation->support[a] || !(evaluation->precision[a] >= 0)
          || evaluation->precision[a] > 1 || !(evaluation->recall[a] >= 0)
          || evaluation->recall[a] > 1)
        abort ();
      total += row;
    }
  if (total != n || (n > 0 && !(evaluation->accuracy >= 0 && evaluation->accuracy <= 1)))
    abort ();
  for (guint i = 0; i < top->len; i++)
    {
      const FtTopLoss *t = &g_array_index (top, FtTopLoss, i);
      if (t->index >= n || t->actual != ft_predictions_get_label (predictions, t->index)
          || t->predicted >= evaluation->n_classes || isnan (t->loss) || t->loss < 0
          || !(t->prob_actual >= 0 && t->prob_actual <= 1)
          || (i > 0 && t->loss > g_array_index (top, FtTopLoss, i - 1).loss))
        abort ();
    }
  for (guint i = 0; i < confused->len; i++)
    {
      const FtConfusedPair *c = &g_array_index (confused, FtConfusedPair, i);
      if (c->actual == c->predicted || c->count == 0
          || c->count != ft_evaluation_get_count (evaluation, c->actual, c->predicted))
        abort ();
    }
}

/* Every epoch's predictions the run folder holds are read, each either refused in one sentence
 * or evaluated. */
static void
check_predictions (FtRun *run)
{
  const char *const *classes = ft_run_get_class_names (run);
  guint n_classes = classes ? g_strv_length ((char **) classes) : 2;
  guint epochs = ft_predictions_count_epochs (ft_run_get_dir (run));

  for (guint epoch = 1; epoch <= MAX (epochs, 1); epoch++)
    {
      g_autofree char *file = ft_predictions_file (ft_run_get_dir (run), epoch);
      g_autoptr (GError) error = NULL;
      g_autoptr (FtPredictions) predictions = ft_predictions_read (file, n_classes, &error);

      if (predictions == NULL)
        {
          if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            check_sentence (error);
          continue;
        }
      if (predictions->n_classes != n_classes)
        abort ();
      for (guint i = 0; i < ft_predictions_get_n (predictions); i++)
        {
          g_auto (GStrv) parts = g_strsplit (ft_predictions_get_path (predictions, i), "/", -1);

          if (parts[0] == NULL || parts[0][0] == '\0'
              || g_strv_contains ((const char *const *) parts, "..")
              || ft_predictions_get_label (predictions, i) >= n_classes)
            abort ();
          for (guint k = 0; k < n_classes; k++)
            if (!isfinite (ft_predictions_get_logits (predictions, i)[k]))
              abort ();
        }
      check_evaluation (predictions);
    }
}

/* The configuration, written as the trainer writes it, reads back the same. */
static void
check_written_back (FtRun *run)
{
  const FtTrainerConfig *config = ft_run_get_config (run);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRunWriter) writer = NULL;
  g_autoptr (FtRun) again = NULL;

  ft_file_tree_remove (copy_dir);
  writer = ft_run_writer_new (copy_dir, config, &error);
  if (writer == NULL)
    abort ();
  again = ft_run_open (copy_dir, &error);
  if (again == NULL)
    abort ();
  check_same_config (config, ft_run_get_config (again));
  ft_file_tree_remove (copy_dir);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;
  g_autoptr (GListModel) listed = NULL;
  g_auto (GStrv) problems = NULL;

  unpack (data, size);
  run = ft_run_open (run_dir, &error);
  listed = ft_run_list_with_problems (runs, &problems, NULL);
  if (listed == NULL)
    abort ();
  if (run == NULL)
    {
      check_sentence (error);
      /* The list says why it left the run out, in the same words. */
      if (g_list_model_get_n_items (listed) != 0
          || (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
              && (problems == NULL || g_strcmp0 (problems[0], error->message) != 0)))
        abort ();
      return 0;
    }
  if (g_list_model_get_n_items (listed) != 1 || problems != NULL)
    abort ();
  check_getters (run);
  check_predictions (run);
  check_written_back (run);
  return 0;
}
