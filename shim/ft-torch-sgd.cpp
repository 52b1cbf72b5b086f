/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <torch/torch.h>

#include "ft-torch-model-private.h"
#include "ft-torch-sgd-private.h"

/* @options: (transfer none).  @out: (transfer full). */
FtTorchStatus *
ft_torch_sgd_new (FtTorchModel *model, const FtTorchSgdOptions *options, FtTorchSgd **out)
{
  if (!model || !options || !out || !(options->lr > 0) || options->weight_decay < 0
      || options->momentum < 0 || (options->param_groups && !(options->head_lr_mult > 0)))
    return ft_torch_status_new ("Cannot create the optimiser: invalid options");
  return ft_torch_guard ("Cannot create the optimiser", [&] {
    std::vector<torch::Tensor> body, head;
    for (auto &item : model->net->named_parameters (true))
      if (item.value ().requires_grad ())
        {
          bool is_head = options->param_groups && item.key ().compare (0, 3, "fc.") == 0;
          (is_head ? head : body).push_back (item.value ());
        }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    double lrs[2] = { options->lr, options->lr * options->head_lr_mult };
    std::vector<torch::Tensor> *lists[2] = { &body, &head };
    for (int g = 0; g < 2; g++)
      if (!lists[g]->empty ())
        {
          auto opts = std::make_unique<torch::optim::SGDOptions> (lrs[g]);
          opts->weight_decay (options->weight_decay).momentum (options->momentum);
          groups.emplace_back (*lists[g], std::move (opts));
        }
    if (groups.empty ())
      throw std::runtime_error ("every parameter is frozen");
    auto sgd = std::make_unique<FtTorchSgd> ();
    sgd->model = model;
    sgd->optimizer
      = std::make_unique<torch::optim::SGD> (groups, torch::optim::SGDOptions (options->lr));
    *out = sgd.release ();
  });
}

void
ft_torch_sgd_free (FtTorchSgd *sgd)
{
  delete sgd;
}

void
ft_torch_sgd_scale_lr (FtTorchSgd *sgd, double factor)
{
  if (!sgd)
    return;
  for (auto &group : sgd->optimizer->param_groups ())
    {
      auto &opts = static_cast<torch::optim::SGDOptions &> (group.options ());
      opts.lr (opts.lr () * factor);
    }
}
