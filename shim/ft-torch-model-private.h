/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "ft-torch-private.h"
#include "ft-torch-resnet.h"

struct FtTorchModel
{
  FtResNet18 net{ nullptr };
  int num_classes = 0;
  FtTorchFreeze freeze = FT_TORCH_FREEZE_NONE;
  FtTorchPrecision precision = FT_TORCH_PRECISION_FP32;
  bool channels_last = false;
  torch::Device device{ torch::kCPU };
  std::vector<std::string> names; /* state-dict order, refreshed with the head */
  FtTorchDist *dist = nullptr;    /* borrowed: the ranks training steps are shared with */
};

/* Recomputes @model->names after the module tree changed. */
void ft_torch_model_refresh_names (FtTorchModel *model);

/* The stage (FtTorchFreeze value) a state-dict name or module path belongs to;
 * FT_TORCH_FREEZE_NONE for fc, which is never frozen. */
FtTorchFreeze ft_torch_stage_of (const std::string &name);

/* Train mode, except the BatchNorm layers of frozen stages, which stay in eval. */
void ft_torch_model_train_mode (FtTorchModel *model);

/* @images (n x 3 x h x w floats, host) as a tensor for the model: on the CPU a view of them
 * (NCHW; channels-last weights still give channels-last activations), on CUDA a copy in the
 * model's memory format. */
torch::Tensor ft_torch_model_input (FtTorchModel *model, const float *images, int n, int h, int w);

/* Turns CPU or CUDA autocast to bf16 on for the current thread while alive, when the model
 * runs in bf16.  Autocast state is thread-local, so each step sets it where it runs. */
class FtAutocast
{
public:
  explicit FtAutocast (const FtTorchModel *model);
  ~FtAutocast ();
  FtAutocast (const FtAutocast &) = delete;
  FtAutocast &operator= (const FtAutocast &) = delete;

private:
  bool active_ = false;
  bool cuda_ = false;
  bool prev_enabled_ = false;
  at::ScalarType prev_dtype_ = at::kBFloat16;
};
