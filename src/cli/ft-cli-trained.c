/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-trained.h"

#include <glib/gi18n.h>

#include "ft-dataset.h"
#include "ft-trainer-model.h"

void
ft_cli_trained_clear (FtCliTrained *t)
{
  g_clear_object (&t->run);
  g_clear_pointer (&t->classes, g_strfreev);
  g_clear_pointer (&t->model_path, g_free);
}

gboolean
ft_cli_trained_find (const char *path, FtCliTrained *t, GError **error)
{
  gboolean is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  g_autofree char *dir = is_dir ? g_strdup (path) : g_path_get_dirname (path);
  const FtTrainerConfig *config;

  if (!is_dir && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” does not exist."), path);
      return FALSE;
    }
  if (!(t->run = ft_run_open (dir, error)))
    return FALSE;
  t->is_model_file = !is_dir;
  t->model_path = g_strdup (is_dir ? ft_run_get_model_path (t->run) : path);
  if (t->model_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The run in “%s” has no model yet: no epoch finished."), dir);
      return FALSE;
    }
  config = ft_run_get_config (t->run);
  t->size = config->image_size;
  t->precision
    = config->precision == FT_PRECISION_BF16 ? FT_TORCH_PRECISION_BF16 : FT_TORCH_PRECISION_FP32;
  return (t->classes = ft_run_dup_class_names (t->run, error)) != NULL;
}

FtTorchModel *
ft_cli_trained_load (const FtCliTrained *t, GError **error)
{
  FtTorchModel *model = NULL;

  ft_torch_set_threads (0);
  if (!ft_trainer_take_status (ft_torch_model_new (g_strv_length (t->classes), &model), error))
    return NULL;
  if (!ft_trainer_take_status (ft_torch_model_load (model, t->model_path, FT_TORCH_LOAD_STRICT),
                               error)
      || !ft_trainer_take_status (ft_torch_model_set_precision (model, t->precision), error))
    {
      ft_torch_model_free (model);
      return NULL;
    }
  return model;
}
