/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-export-source.h"

#include <glib/gi18n.h>

#include "ft-dataset.h"
#include "ft-run.h"
#include "ft-trainer-model.h"

gboolean
ft_export_source_find (const char *path, FtExportSource *source, GError **error)
{
  gboolean is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  g_autofree char *dir = is_dir ? g_strdup (path) : g_path_get_dirname (path);
  g_autoptr (FtRun) run = NULL;

  g_return_val_if_fail (source->model_path == NULL, FALSE);
  if (!is_dir && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” does not exist."), path);
      return FALSE;
    }
  if (!(run = ft_run_open (dir, error)))
    return FALSE;
  if (!is_dir)
    source->model_path = g_strdup (path);
  else if (ft_run_get_model_path (run)
           && g_file_test (ft_run_get_model_path (run), G_FILE_TEST_IS_REGULAR))
    source->model_path = g_strdup (ft_run_get_model_path (run));
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The run in “%s” has no model.pth: no epoch finished."), dir);
      return FALSE;
    }
  source->image_size = ft_run_get_config (run)->image_size;
  return (source->classes = ft_run_dup_class_names (run, error)) != NULL;
}

void
ft_export_source_clear (FtExportSource *source)
{
  g_clear_pointer (&source->model_path, g_free);
  g_clear_pointer (&source->classes, g_strfreev);
}

FtTorchModel *
ft_export_source_load (const FtExportSource *source, GError **error)
{
  FtTorchModel *model = NULL;
  guint n = g_strv_length (source->classes);

  if (!ft_trainer_take_status (ft_torch_model_new ((int) n, &model), error))
    return NULL;
  /* The shim's sentence names the file and the first key at fault. */
  if (!ft_trainer_take_status (
        ft_torch_model_load (model, source->model_path, FT_TORCH_LOAD_STRICT), error))
    {
      ft_torch_model_free (model);
      return NULL;
    }
  return model;
}
