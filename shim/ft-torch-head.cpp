/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <torch/torch.h>

#include "ft-torch-model-private.h"

/* @source_rows: (transfer none) (nullable): @num_classes entries. */
FtTorchStatus *
ft_torch_model_replace_head (FtTorchModel *model, int num_classes, const int *source_rows)
{
  if (!model || num_classes < 1)
    return ft_torch_status_new ("Cannot replace the classifier: invalid argument");
  return ft_torch_guard ("Cannot replace the classifier", [&] {
    for (int i = 0; source_rows && i < num_classes; i++)
      if (source_rows[i] < -1 || source_rows[i] >= model->num_classes)
        throw std::runtime_error ("class " + std::to_string (i) + " maps to row "
                                  + std::to_string (source_rows[i]) + " of a classifier with "
                                  + std::to_string (model->num_classes) + " rows");
    torch::nn::Linear fc = ft_resnet_make_fc (num_classes);
    fc->to (model->device);
    {
      torch::NoGradGuard no_grad;
      const auto &old = model->net->fc;
      for (int i = 0; source_rows && i < num_classes; i++)
        if (source_rows[i] >= 0)
          {
            fc->weight[i].copy_ (old->weight[source_rows[i]]);
            fc->bias[i].copy_ (old->bias[source_rows[i]]);
          }
    }
    model->net->fc = model->net->replace_module ("fc", fc);
    model->num_classes = num_classes;
    ft_torch_model_refresh_names (model);
  });
}

FtTorchStatus *
ft_torch_model_freeze (FtTorchModel *model, FtTorchFreeze freeze)
{
  if (!model || freeze < FT_TORCH_FREEZE_NONE || freeze > FT_TORCH_FREEZE_LAYER4)
    return ft_torch_status_new ("Cannot freeze layers: invalid argument");
  return ft_torch_guard ("Cannot freeze layers", [&] {
    for (auto &item : model->net->named_parameters (true))
      {
        FtTorchFreeze stage = ft_torch_stage_of (item.key ());
        item.value ().requires_grad_ (stage == FT_TORCH_FREEZE_NONE || stage > freeze);
      }
    model->freeze = freeze;
  });
}
