/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <memory>

#include <torch/optim/sgd.h>

#include "ft-torch.h"

struct FtTorchSgd
{
  FtTorchModel *model = nullptr; /* borrowed: the optimiser must not outlive it */
  std::unique_ptr<torch::optim::SGD> optimizer;
};
