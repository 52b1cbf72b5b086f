/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cstring>

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include "ft-torch-dist-private.h"
#include "ft-torch-model-private.h"
#include "ft-torch-sgd-private.h"

FtAutocast::FtAutocast (const FtTorchModel *model)
{
  if (model->precision != FT_TORCH_PRECISION_BF16)
    return;
  active_ = true;
  cuda_ = model->device.is_cuda ();
  if (cuda_)
    {
      prev_enabled_ = at::autocast::is_enabled ();
      prev_dtype_ = at::autocast::get_autocast_gpu_dtype ();
      at::autocast::set_autocast_gpu_dtype (at::kBFloat16);
      at::autocast::set_enabled (true);
    }
  else
    {
      prev_enabled_ = at::autocast::is_cpu_enabled ();
      prev_dtype_ = at::autocast::get_autocast_cpu_dtype ();
      at::autocast::set_autocast_cpu_dtype (at::kBFloat16);
      at::autocast::set_cpu_enabled (true);
    }
  at::autocast::increment_nesting ();
}

FtAutocast::~FtAutocast ()
{
  if (!active_)
    return;
  /* As torch.autocast's __exit__: the cast weights live until the outermost region ends. */
  if (at::autocast::decrement_nesting () == 0)
    at::autocast::clear_cache ();
  if (cuda_)
    {
      at::autocast::set_enabled (prev_enabled_);
      at::autocast::set_autocast_gpu_dtype (prev_dtype_);
    }
  else
    {
      at::autocast::set_cpu_enabled (prev_enabled_);
      at::autocast::set_autocast_cpu_dtype (prev_dtype_);
    }
}

static void
check_batch (const FtTorchModel *model, const float *images, int n, int height, int width)
{
  if (!model || !images || n < 1 || height < 1 || width < 1)
    throw std::invalid_argument ("invalid argument");
}

static torch::Tensor
forward (FtTorchModel *model, const float *images, int n, int height, int width)
{
  torch::Tensor x = ft_torch_model_input (model, images, n, height, width);
  FtAutocast autocast (model);
  return model->net->forward (x);
}

/* A rank with no image in its batch: the others' gradients, with zero of its own. */
static void
empty_step (FtTorchModel *model, FtTorchSgd *sgd)
{
  ft_torch_model_train_mode (model);
  ft_torch_dist_sync (model->dist, model, false, true);
  torch::NoGradGuard no_grad;
  for (auto &p : model->net->parameters ())
    if (p.requires_grad ())
      p.mutable_grad () = torch::zeros_like (p);
  ft_torch_dist_average_gradients (model->dist, model);
  sgd->optimizer->step ();
}

/* @images, @labels: (transfer none). */
FtTorchStatus *
ft_torch_train_step (FtTorchModel *model,
                     FtTorchSgd *sgd,
                     const float *images,
                     const int64_t *labels,
                     int n,
                     int height,
                     int width,
                     double *loss_sum,
                     int64_t *correct)
{
  bool in_collective = false;
  FtTorchStatus *status = ft_torch_guard ("Cannot run the training step", [&] {
    if (n == 0 && model && model->dist && sgd && sgd->model == model)
      {
        in_collective = true;
        empty_step (model, sgd);
        if (loss_sum)
          *loss_sum = 0;
        if (correct)
          *correct = 0;
        return;
      }
    check_batch (model, images, n, height, width);
    if (!sgd || sgd->model != model || !labels)
      throw std::invalid_argument ("invalid argument");
    for (int i = 0; i < n; i++)
      if (labels[i] < 0 || labels[i] >= model->num_classes)
        throw std::invalid_argument ("label " + std::to_string (labels[i])
                                     + " is not a class of the model");
    auto y
      = torch::from_blob (const_cast<int64_t *> (labels), { n }, torch::kLong).to (model->device);
    ft_torch_model_train_mode (model);
    for (auto &p : model->net->parameters ())
      p.mutable_grad ().reset ();
    /* DistributedDataParallel's broadcast_buffers: rank 0's running statistics, every step. */
    if (model->dist)
      {
        in_collective = true;
        ft_torch_dist_sync (model->dist, model, false, true);
        in_collective = false;
      }
    torch::Tensor logits = forward (model, images, n, height, width).to (torch::kFloat);
    namespace F = torch::nn::functional;
    torch::Tensor loss
      = F::cross_entropy (logits, y, F::CrossEntropyFuncOptions ().reduction (torch::kNone)).sum ();
    loss.backward ();
    if (model->dist)
      {
        in_collective = true;
        ft_torch_dist_average_gradients (model->dist, model);
        in_collective = false;
      }
    sgd->optimizer->step ();
    if (loss_sum)
      *loss_sum = loss.item<double> ();
    if (correct)
      *correct = logits.argmax (1).eq (y).sum ().item<int64_t> ();
  });
  return in_collective ? ft_torch_dist_step_status (model->dist, status) : status;
}

/* @images: (transfer none).  @logits: (out caller-allocates): @n * num_classes floats. */
FtTorchStatus *
ft_torch_model_eval (
  FtTorchModel *model, const float *images, int n, int height, int width, float *logits)
{
  return ft_torch_guard ("Cannot evaluate the model", [&] {
    check_batch (model, images, n, height, width);
    if (!logits)
      throw std::invalid_argument ("invalid argument");
    torch::InferenceMode inference;
    model->net->eval ();
    torch::Tensor out = forward (model, images, n, height, width);
    out = out.to (torch::kCPU, torch::kFloat).contiguous ();
    memcpy (logits, out.data_ptr<float> (), size_t (out.numel ()) * sizeof (float));
  });
}
