/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cstring>

#include <torch/torch.h>

#include "ft-torch-model-private.h"

void
ft_torch_model_refresh_names (FtTorchModel *model)
{
  std::vector<std::string> names;
  for (const auto &entry : ft_resnet_state_dict (model->net))
    names.push_back (entry.first);
  model->names = std::move (names);
}

FtTorchFreeze
ft_torch_stage_of (const std::string &name)
{
  static const std::pair<const char *, FtTorchFreeze> stages[] = {
    { "conv1", FT_TORCH_FREEZE_STEM },    { "bn1", FT_TORCH_FREEZE_STEM },
    { "layer1", FT_TORCH_FREEZE_LAYER1 }, { "layer2", FT_TORCH_FREEZE_LAYER2 },
    { "layer3", FT_TORCH_FREEZE_LAYER3 }, { "layer4", FT_TORCH_FREEZE_LAYER4 },
  };
  std::string head = name.substr (0, name.find ('.'));
  for (const auto &[prefix, stage] : stages)
    if (head == prefix)
      return stage;
  return FT_TORCH_FREEZE_NONE;
}

/* (transfer full) */
FtTorchStatus *
ft_torch_model_new (int num_classes, FtTorchModel **out)
{
  if (num_classes < 1 || !out)
    return ft_torch_status_new ("Cannot create the model: it needs at least one class");
  return ft_torch_guard ("Cannot create the model", [&] {
    ft_torch_ensure_threads ();
    ft_torch_allocator_install ();
    auto model = std::make_unique<FtTorchModel> ();
    model->net = FtResNet18 (num_classes);
    ft_resnet_init (model->net);
    model->num_classes = num_classes;
    ft_torch_model_refresh_names (model.get ());
    *out = model.release ();
  });
}

void
ft_torch_model_free (FtTorchModel *model)
{
  delete model;
}

int
ft_torch_model_num_classes (const FtTorchModel *model)
{
  return model ? model->num_classes : 0;
}

FtTorchStatus *
ft_torch_model_set_precision (FtTorchModel *model, FtTorchPrecision precision)
{
  if (!model || (precision != FT_TORCH_PRECISION_FP32 && precision != FT_TORCH_PRECISION_BF16))
    return ft_torch_status_new ("Cannot set the precision: invalid argument");
  model->precision = precision;
  return nullptr;
}

FtTorchStatus *
ft_torch_model_set_channels_last (FtTorchModel *model, int channels_last)
{
  if (!model)
    return ft_torch_status_new ("Cannot set the memory format: invalid argument");
  return ft_torch_guard ("Cannot set the memory format", [&] {
    auto format = channels_last ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    torch::NoGradGuard no_grad;
    /* Only 4-D weights change layout; the tensors stay the same objects the optimiser holds. */
    for (auto &p : model->net->parameters ())
      if (p.dim () == 4)
        p.set_data (p.data ().contiguous (format));
    model->channels_last = channels_last != 0;
  });
}

FtTorchStatus *
ft_torch_model_set_winograd (FtTorchModel *model, int winograd)
{
  if (!model)
    return ft_torch_status_new ("Cannot choose the convolutions: invalid argument");
  return ft_torch_guard ("Cannot choose the convolutions", [&] {
    model->net->set_winograd (winograd && ft_torch_winograd_available ());
  });
}

FtTorchStatus *
ft_torch_model_to_device (FtTorchModel *model, FtTorchDevice device)
{
  if (!model)
    return ft_torch_status_new ("Cannot move the model: invalid argument");
  return ft_torch_guard ("Cannot move the model", [&] {
#ifndef FT_TORCH_HAVE_CUDA
    if (device == FT_TORCH_DEVICE_CUDA)
      throw std::runtime_error ("this build of libtorch has no CUDA");
#endif
    torch::Device target = device == FT_TORCH_DEVICE_CUDA
                             ? torch::Device (torch::kCUDA, ft_torch_cuda_index ())
                             : torch::Device (torch::kCPU);
    model->net->to (target);
    model->device = target;
    if (model->channels_last)
      {
        model->channels_last = false;
        if (FtTorchStatus *s = ft_torch_model_set_channels_last (model, 1))
          {
            std::string message = s->message;
            ft_torch_status_free (s);
            throw std::runtime_error (message);
          }
      }
  });
}

void
ft_torch_model_train_mode (FtTorchModel *model)
{
  model->net->train (true);
  if (model->freeze == FT_TORCH_FREEZE_NONE)
    return;
  for (const auto &item : model->net->named_modules ("", false))
    if (item.value ()->as<torch::nn::BatchNorm2d> ()
        && ft_torch_stage_of (item.key ()) != FT_TORCH_FREEZE_NONE
        && ft_torch_stage_of (item.key ()) <= model->freeze)
      item.value ()->eval ();
}

torch::Tensor
ft_torch_model_input (FtTorchModel *model, const float *images, int n, int h, int w)
{
  auto x = torch::from_blob (const_cast<float *> (images), { n, 3, h, w }, torch::kFloat);
  auto format
    = model->channels_last ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
  /* On the CPU the images stay where they are: with channels-last weights the first
   * convolution still gives channels-last activations, and autograd keeps this view rather
   * than a second copy of the batch through the step. */
  if (model->device.is_cpu ())
    return x;
  return x.to (model->device, /* non_blocking */ false, /* copy */ false, format);
}

size_t
ft_torch_model_n_tensors (const FtTorchModel *model)
{
  return model ? model->names.size () : 0;
}

const char *
ft_torch_model_tensor_name (const FtTorchModel *model, size_t i)
{
  if (!model || i >= model->names.size ())
    return nullptr;
  return model->names[i].c_str ();
}

FtTorchStatus *
ft_torch_model_tensor_copy (
  const FtTorchModel *model, const char *name, float *out, size_t capacity, size_t *numel)
{
  if (!model || !name)
    return ft_torch_status_new ("Cannot copy the tensor: invalid argument");
  return ft_torch_guard ("Cannot copy the tensor", [&] {
    for (const auto &[key, tensor] : ft_resnet_state_dict (model->net))
      {
        if (key != name)
          continue;
        size_t count = size_t (tensor.numel ());
        if (numel)
          *numel = count;
        if (!out)
          return;
        if (capacity < count)
          throw std::runtime_error (std::string (name) + " has " + std::to_string (count)
                                    + " elements, more than the buffer holds");
        auto host = tensor.detach ().to (torch::kCPU, torch::kFloat).contiguous ();
        memcpy (out, host.data_ptr<float> (), count * sizeof (float));
        return;
      }
    throw std::runtime_error (std::string ("the model has no tensor named ") + name);
  });
}
