/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "ft-cli.h"
#include "ft-cli-evaluation.h"
#include "ft-cli-trained.h"
#include "ft-cli-trainer.h"
#include "ft-dataset.h"
#include "ft-predictions.h"
#include "ft-test-pass.h"

#define TEST_BATCH 64
#define LAST_EPOCH G_MININT

typedef struct
{
  const char *model;
  const char *data;
  int epoch; /* LAST_EPOCH: the last */
  int top_losses;
  gboolean json;
} Options;

/* TRUE when @a and @b name the same folder. */
static gboolean
same_folder (const char *a, const char *b)
{
  g_autofree char *ra = realpath (a, NULL);
  g_autofree char *rb = realpath (b, NULL);

  return ra && rb && g_str_equal (ra, rb);
}

static gboolean
check_classes (const FtCliTrained *trained, FtDataset *dataset, GError **error)
{
  const char *const *names = ft_image_folder_get_class_names (ft_dataset_get_test (dataset));
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;

  if (g_strv_equal ((const char *const *) trained->classes, names))
    return TRUE;
  want = g_strjoinv (", ", trained->classes);
  have = g_strjoinv (", ", (char **) names);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _ ("The model knows the classes %s, but the data set in “%s” has %s."), want,
               ft_dataset_get_root (dataset), have);
  return FALSE;
}

/* A test pass of model.pth over @dataset's test folder. */
static FtPredictions *
run_test_pass (const FtCliTrained *trained, FtDataset *dataset, GError **error)
{
  FtTorchModel *model = ft_cli_trained_load (trained, error);
  FtPredictions *predictions;

  if (model == NULL)
    return NULL;
  predictions = ft_test_pass_run (model, ft_dataset_get_test (dataset), trained->size, TEST_BATCH,
                                  NULL, error);
  ft_torch_model_free (model);
  return predictions;
}

static gboolean
check_epoch (const Options *o, const FtCliTrained *t, guint kept, GError **error)
{
  const char *dir = ft_run_get_dir (t->run);

  if (kept == 0 && !t->is_model_file)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The run in “%s” kept no predictions (it was trained before runs kept "
                      "them); pass --model %s/model.pth to test its model once."),
                   dir, dir);
      return FALSE;
    }
  if (o->epoch != LAST_EPOCH && (guint) o->epoch > kept && kept > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   ngettext ("--epoch %d is out of range: the run in “%s” kept %u epoch.",
                             "--epoch %d is out of range: the run in “%s” kept epochs 1 to %u.",
                             kept),
                   o->epoch, dir, kept);
      return FALSE;
    }
  if (o->epoch != LAST_EPOCH && kept == 0 && (guint) o->epoch != ft_run_get_epochs_done (t->run))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("--epoch %d is out of range: “%s” holds the model of epoch %u only."),
                   o->epoch, t->model_path, ft_run_get_epochs_done (t->run));
      return FALSE;
    }
  return TRUE;
}

/* The predictions to evaluate: kept ones when the run has them for the run's own data set,
 * else a test pass of model.pth.  @epoch receives the epoch they are of. */
static FtPredictions *
find_predictions (
  const Options *o, const FtCliTrained *t, FtDataset **dataset, guint *epoch, GError **error)
{
  const char *run_data = ft_run_get_config (t->run)->data_dir;
  const char *dir = ft_run_get_dir (t->run);
  gboolean own_data = o->data == NULL || (run_data && same_folder (o->data, run_data));
  guint kept = own_data ? ft_predictions_count_epochs (dir) : 0;
  const char *data = o->data ? o->data : run_data;
  g_autofree char *file = NULL;

  if (own_data && !check_epoch (o, t, kept, error))
    return NULL;
  if (!own_data && o->epoch != LAST_EPOCH && (guint) o->epoch != ft_run_get_epochs_done (t->run))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("--epoch %d is out of range: on another data set only the model of epoch %u "
                      "can be tested."),
                   o->epoch, ft_run_get_epochs_done (t->run));
      return NULL;
    }
  /* The data set gives the images' folder; kept predictions do without it when it is gone. */
  *dataset = data ? ft_dataset_open (data, kept ? NULL : error) : NULL;
  if (*dataset && !check_classes (t, *dataset, error))
    return NULL;
  if (kept == 0)
    {
      *epoch = ft_run_get_epochs_done (t->run);
      return *dataset ? run_test_pass (t, *dataset, error) : NULL;
    }
  *epoch = o->epoch != LAST_EPOCH ? (guint) o->epoch : kept;
  file = ft_predictions_file (dir, *epoch);
  return ft_predictions_read (file, g_strv_length (t->classes), error);
}

static int
evaluate (const Options *o)
{
  g_auto (FtCliTrained) trained = { 0 };
  g_autoptr (FtDataset) dataset = NULL;
  g_autoptr (FtPredictions) predictions = NULL;
  g_autoptr (GError) error = NULL;
  FtCliEvaluationReport report = { 0 };

  if (!ft_cli_trained_find (o->model, &trained, &error)
      || !(predictions = find_predictions (o, &trained, &dataset, &report.epoch, &error)))
    return ft_cli_fail ("%s", error ? error->message : _ ("The data set cannot be found."));
  if (ft_predictions_get_n (predictions) == 0)
    return ft_cli_fail ("%s", _ ("The test set holds no image that could be read."));
  report.classes = (const char *const *) trained.classes;
  report.images_dir = dataset ? ft_image_folder_get_root (ft_dataset_get_test (dataset)) : NULL;
  report.top_losses = (guint) o->top_losses;
  report.predictions = predictions;
  ft_cli_evaluation_print (&report, o->json);
  return 0;
}

int
ft_cli_evaluate (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_autofree char *data = NULL;
  Options o = { .epoch = LAST_EPOCH, .top_losses = 10 };
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, N_ ("A run folder, or the model.pth in one"),
      N_ ("RUN_DIR") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      N_ ("The data set to test on (the run’s own by default)"), N_ ("DIR") },
    { "epoch", 0, 0, G_OPTION_ARG_INT, &o.epoch, N_ ("The epoch to evaluate (the last by default)"),
      N_ ("N") },
    { "top-losses", 0, 0, G_OPTION_ARG_INT, &o.top_losses,
      N_ ("How many of the largest losses to list (10 by default, 0 for all)"), N_ ("K") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_ ("Print one JSON object"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("— what a trained run gets right and wrong on its test set"));
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (argc > 1)
    return ft_cli_fail (_ ("Unexpected argument “%s”; evaluate takes options only."), argv[1]);
  if (model == NULL)
    return ft_cli_fail ("%s",
                        _ ("Pass --model RUN_DIR, a folder written by “finetune-cli train”."));
  if (o.epoch != LAST_EPOCH && o.epoch < 1)
    return ft_cli_fail (_ ("--epoch %d is out of range: epochs count from 1."), o.epoch);
  if (o.top_losses < 0)
    return ft_cli_fail ("%s", _ ("--top-losses takes a count: 0 or more."));
  o.model = model;
  o.data = data;
  return evaluate (&o);
}
