/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-resnet.h"

#include <torch/nn/init.h>

#ifdef FT_TORCH_HAVE_WINOGRAD
#include "ft-torch-winograd.h"
#endif

namespace nn = torch::nn;

static nn::Conv2d
conv (int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
  return nn::Conv2d (
    nn::Conv2dOptions (in, out, kernel).stride (stride).padding (padding).bias (false));
}

FtBasicBlockImpl::FtBasicBlockImpl (int64_t in_planes, int64_t planes, int64_t stride)
{
  conv1 = register_module ("conv1", conv (in_planes, planes, 3, stride, 1));
  bn1 = register_module ("bn1", nn::BatchNorm2d (planes));
  conv2 = register_module ("conv2", conv (planes, planes, 3, 1, 1));
  bn2 = register_module ("bn2", nn::BatchNorm2d (planes));
  if (stride != 1 || in_planes != planes)
    downsample
      = register_module ("downsample", nn::Sequential (conv (in_planes, planes, 1, stride, 0),
                                                       nn::BatchNorm2d (planes)));
}

/* @conv (@x) for a 3x3 convolution with padding 1. */
static torch::Tensor
conv3x3 (nn::Conv2d &conv, bool winograd, const torch::Tensor &x)
{
#ifdef FT_TORCH_HAVE_WINOGRAD
  if (winograd && (*conv->options.stride ())[0] == 1 && ft_winograd_applies (x, conv->weight))
    return ft_winograd_conv3x3 (x, conv->weight);
#endif
  return conv (x);
}

torch::Tensor
FtBasicBlockImpl::forward (torch::Tensor x)
{
  auto out = bn1 (conv3x3 (conv1, winograd, x)).relu_ ();
  out = bn2 (conv3x3 (conv2, winograd, out));
  auto identity = downsample ? downsample->forward (x) : x;
  return out.add_ (identity).relu_ ();
}

static nn::Sequential
make_layer (int64_t in_planes, int64_t planes, int64_t stride)
{
  return nn::Sequential (FtBasicBlock (in_planes, planes, stride),
                         FtBasicBlock (planes, planes, 1));
}

FtResNet18Impl::FtResNet18Impl (int64_t num_classes)
{
  /* Registration order is torchvision's (relu, maxpool and avgpool hold no state). */
  conv1 = register_module ("conv1", conv (3, 64, 7, 2, 3));
  bn1 = register_module ("bn1", nn::BatchNorm2d (64));
  layer1 = register_module ("layer1", make_layer (64, 64, 1));
  layer2 = register_module ("layer2", make_layer (64, 128, 2));
  layer3 = register_module ("layer3", make_layer (128, 256, 2));
  layer4 = register_module ("layer4", make_layer (256, 512, 2));
  fc = register_module ("fc", nn::Linear (512, num_classes));
}

torch::Tensor
FtResNet18Impl::forward (torch::Tensor x)
{
  x = bn1 (conv1 (x)).relu_ ();
  x = torch::max_pool2d (x, 3, 2, 1);
  x = layer4->forward (layer3->forward (layer2->forward (layer1->forward (x))));
  x = torch::adaptive_avg_pool2d (x, { 1, 1 }).flatten (1);
  return fc (x);
}

void
FtResNet18Impl::set_winograd (bool on)
{
  for (const auto &module : modules (false))
    if (auto *block = module->as<FtBasicBlockImpl> ())
      block->winograd = on;
}

FtNamedTensors
ft_resnet_state_dict (const FtResNet18 &net)
{
  FtNamedTensors out;
  for (const auto &item : net->named_modules ("", true))
    {
      std::string prefix = item.key ().empty () ? "" : item.key () + ".";
      for (const auto &p : item.value ()->named_parameters (false))
        out.emplace_back (prefix + p.key (), p.value ());
      for (const auto &b : item.value ()->named_buffers (false))
        out.emplace_back (prefix + b.key (), b.value ());
    }
  return out;
}

void
ft_resnet_init (FtResNet18 &net)
{
  torch::NoGradGuard no_grad;
  for (const auto &module : net->modules (false))
    {
      if (auto *c = module->as<nn::Conv2d> ())
        nn::init::kaiming_normal_ (c->weight, 0.0, torch::kFanOut, torch::kReLU);
      else if (auto *b = module->as<nn::BatchNorm2d> ())
        {
          nn::init::ones_ (b->weight);
          nn::init::zeros_ (b->bias);
        }
    }
}

torch::nn::Linear
ft_resnet_make_fc (int64_t num_classes)
{
  nn::Linear fc (512, num_classes);
  torch::NoGradGuard no_grad;
  nn::init::xavier_uniform_ (fc->weight);
  return fc;
}
