/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-trainer-model.h"

#include <glib/gi18n.h>

#include "ft-imagenet.h"

gboolean
ft_trainer_take_status (FtTorchStatus *status, GError **error)
{
  const char *message;

  if (status == NULL)
    return TRUE;
  /* Shown as a sentence of its own. */
  message = ft_torch_status_message (status);
  if (g_str_has_suffix (message, ".") || g_str_has_suffix (message, "?"))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s.", message);
  ft_torch_status_free (status);
  return FALSE;
}

int *
ft_trainer_find_source_rows (const char *const *class_names, char ***matched)
{
  guint n = g_strv_length ((char **) class_names);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  int *rows = g_new (int, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      rows[i] = ft_imagenet_find_class (class_names[i]);
      if (rows[i] >= 0)
        {
          g_autofree char *entry = g_strdup_printf ("%s=%d", class_names[i], rows[i]);
          g_strv_builder_add (names, entry);
        }
    }
  if (matched)
    *matched = g_strv_builder_end (names);
  return rows;
}

static FtTorchModel *
load_pretrained (const FtTrainerConfig *config,
                 const char *const *class_names,
                 char ***matched,
                 GError **error)
{
  FtTorchModel *model = NULL;
  g_autofree int *rows = NULL;
  g_auto (GStrv) names = NULL;
  int n = g_strv_length ((char **) class_names);

  if (!ft_trainer_take_status (ft_torch_model_new (FT_IMAGENET_N_CLASSES, &model), error))
    return NULL;
  rows = ft_trainer_find_source_rows (class_names, &names);
  if (!ft_trainer_take_status (
        ft_torch_model_load (model, config->weights_path, FT_TORCH_LOAD_STRICT), error)
      || !ft_trainer_take_status (
        ft_torch_model_replace_head (model, n, config->reuse_classifier ? rows : NULL), error))
    {
      ft_torch_model_free (model);
      return NULL;
    }
  if (matched)
    *matched = config->reuse_classifier ? g_steal_pointer (&names) : g_new0 (char *, 1);
  return model;
}

static FtTorchModel *
load_whole (const FtTrainerConfig *config,
            const char *const *class_names,
            char ***matched,
            GError **error)
{
  FtTorchModel *model = NULL;

  if (!ft_trainer_take_status (ft_torch_model_new (g_strv_length ((char **) class_names), &model),
                               error))
    return NULL;
  if (!ft_trainer_take_status (
        ft_torch_model_load (model, config->init_model_path, FT_TORCH_LOAD_STRICT), error))
    {
      ft_torch_model_free (model);
      return NULL;
    }
  if (matched)
    *matched = g_new0 (char *, 1);
  return model;
}

static gboolean
configure (const FtTrainerConfig *config, FtTorchModel *model, GError **error)
{
  FtTorchPrecision precision
    = config->precision == FT_PRECISION_BF16 ? FT_TORCH_PRECISION_BF16 : FT_TORCH_PRECISION_FP32;

  return ft_trainer_take_status (ft_torch_model_freeze (model, (FtTorchFreeze) config->freeze),
                                 error)
         && ft_trainer_take_status (ft_torch_model_set_precision (model, precision), error)
         && ft_trainer_take_status (ft_torch_model_set_channels_last (model, config->channels_last),
                                    error)
         && ft_trainer_take_status (ft_torch_model_set_winograd (model, config->winograd), error)
         && ft_trainer_take_status (ft_torch_model_to_device (model, ft_torch_best_device ()),
                                    error);
}

FtTorchModel *
ft_trainer_build_model (const FtTrainerConfig *config,
                        const char *const *class_names,
                        char ***matched,
                        GError **error)
{
  FtTorchModel *model = NULL;

  g_return_val_if_fail (config != NULL && class_names != NULL, NULL);

  /* The new head (or the whole random network) is drawn from this seed, so runs repeat. */
  ft_torch_manual_seed (config->seed);
  if (config->init_model_path)
    model = load_whole (config, class_names, matched, error);
  else if (config->weights_path)
    model = load_pretrained (config, class_names, matched, error);
  else
    {
      if (!ft_trainer_take_status (
            ft_torch_model_new (g_strv_length ((char **) class_names), &model), error))
        return NULL;
      if (matched)
        *matched = g_new0 (char *, 1);
    }
  if (model && !configure (config, model, error))
    {
      g_clear_pointer (&model, ft_torch_model_free);
      if (matched)
        g_clear_pointer (matched, g_strfreev);
    }
  return model;
}

FtTorchSgd *
ft_trainer_build_sgd (const FtTrainerConfig *config, FtTorchModel *model, GError **error)
{
  FtTorchSgdOptions options = {
    .lr = config->lr,
    .head_lr_mult = config->head_lr_mult,
    .param_groups = config->param_groups,
    .weight_decay = config->weight_decay,
    .momentum = config->momentum,
  };
  FtTorchSgd *sgd = NULL;

  if (!ft_trainer_take_status (ft_torch_sgd_new (model, &options, &sgd), error))
    return NULL;
  return sgd;
}
