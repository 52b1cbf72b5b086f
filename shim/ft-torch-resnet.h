/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/nn.h>

/* torchvision.models.resnet.BasicBlock, with its module names. */
struct FtBasicBlockImpl : torch::nn::Module
{
  FtBasicBlockImpl (int64_t in_planes, int64_t planes, int64_t stride);
  torch::Tensor forward (torch::Tensor x);

  torch::nn::Conv2d conv1{ nullptr }, conv2{ nullptr };
  torch::nn::BatchNorm2d bn1{ nullptr }, bn2{ nullptr };
  torch::nn::Sequential downsample{ nullptr };
  /* Computes the 3x3 stride-1 convolutions with Winograd kernels where they apply. */
  bool winograd = false;
};
TORCH_MODULE (FtBasicBlock);

/* torchvision.models.resnet18: same module tree, so the same state-dict names. */
struct FtResNet18Impl : torch::nn::Module
{
  explicit FtResNet18Impl (int64_t num_classes);
  torch::Tensor forward (torch::Tensor x);
  /* Sets FtBasicBlockImpl::winograd in every block. */
  void set_winograd (bool winograd);

  torch::nn::Conv2d conv1{ nullptr };
  torch::nn::BatchNorm2d bn1{ nullptr };
  torch::nn::Sequential layer1{ nullptr }, layer2{ nullptr }, layer3{ nullptr }, layer4{ nullptr };
  torch::nn::Linear fc{ nullptr };
};
TORCH_MODULE (FtResNet18);

using FtNamedTensors = std::vector<std::pair<std::string, torch::Tensor> >;

/* Parameters and buffers in the order of PyTorch's state_dict(): per module,
 * its parameters, then its buffers, modules in registration order. */
FtNamedTensors ft_resnet_state_dict (const FtResNet18 &net);

/* torchvision's initialisation: kaiming_normal_(fan_out, relu) for convolutions,
 * BatchNorm weight 1 and bias 0; Linear keeps PyTorch's default. */
void ft_resnet_init (FtResNet18 &net);

/* A new Linear(512, @num_classes) with an xavier_uniform_ weight and PyTorch's default bias,
 * drawn in the order Python draws them. */
torch::nn::Linear ft_resnet_make_fc (int64_t num_classes);
