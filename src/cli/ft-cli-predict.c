/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-cli.h"
#include "ft-cli-predictions.h"
#include "ft-cli-trainer.h"
#include "ft-dataset.h"
#include "ft-run.h"
#include "ft-trainer-model.h"

typedef struct
{
  char **classes;
  char *model_path;
  guint size;
} Trained;

static void
trained_clear (Trained *t)
{
  g_strfreev (t->classes);
  g_free (t->model_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Trained, trained_clear)

static const char *
class_label (guint index, gpointer user_data)
{
  return ((Trained *) user_data)->classes[index];
}

/* Class names from the run's classes.txt, or else from the data set it trained on. */
static char **
run_classes (FtRun *run, GError **error)
{
  const FtTrainerConfig *config = ft_run_get_config (run);
  g_autoptr (FtDataset) dataset = NULL;

  if (ft_run_get_class_names (run))
    return g_strdupv ((char **) ft_run_get_class_names (run));
  if (config->data_dir && (dataset = ft_dataset_open (config->data_dir, NULL)))
    return g_strdupv ((char **) ft_image_folder_get_class_names (ft_dataset_get_train (dataset)));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _ ("The run in “%s” does not say its class names, and its data set is gone."),
               ft_run_get_dir (run));
  return NULL;
}

/* @path: a run folder, or a model.pth inside one. */
static gboolean
find_trained (const char *path, Trained *t, GError **error)
{
  gboolean is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  g_autofree char *dir = is_dir ? g_strdup (path) : g_path_get_dirname (path);
  g_autoptr (FtRun) run = NULL;

  if (!is_dir && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” does not exist."), path);
      return FALSE;
    }
  if (!(run = ft_run_open (dir, error)))
    return FALSE;
  t->model_path = g_strdup (is_dir ? ft_run_get_model_path (run) : path);
  if (t->model_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The run in “%s” has no model yet: no epoch finished."), dir);
      return FALSE;
    }
  t->size = ft_run_get_config (run)->image_size;
  return (t->classes = run_classes (run, error)) != NULL;
}

static int
predict (const char *model_path, char **images, gboolean json)
{
  g_auto (Trained) trained = { 0 };
  g_autoptr (GError) error = NULL;
  FtTorchModel *model = NULL;
  gboolean ok;

  if (!find_trained (model_path, &trained, &error))
    return ft_cli_fail ("%s", error->message);
  ft_torch_set_threads (0);
  ok = ft_trainer_take_status (ft_torch_model_new (g_strv_length (trained.classes), &model), &error)
       && ft_trainer_take_status (
         ft_torch_model_load (model, trained.model_path, FT_TORCH_LOAD_STRICT), &error)
       && ft_cli_print_predictions (model, trained.size, images, class_label, &trained, json,
                                    &error);
  ft_torch_model_free (model);
  return ok ? 0 : ft_cli_fail ("%s", error->message);
}

int
ft_cli_predict (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_auto (GStrv) images = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, N_ ("A run folder, or the model.pth in one"),
      N_ ("RUN_DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print one JSON array"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &images, NULL, N_ ("IMAGE…") },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("IMAGE… — classify images with a trained run"));
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (model == NULL)
    return ft_cli_fail ("%s",
                        _ ("Pass --model RUN_DIR, a folder written by “finetune-cli train”."));
  if (images == NULL || images[0] == NULL)
    return ft_cli_fail ("%s", _ ("Name at least one image to classify."));
  return predict (model, images, json);
}
