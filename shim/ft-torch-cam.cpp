/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cstring>

#include <torch/torch.h>

#include "ft-torch-model-private.h"

struct FtTorchCam
{
  int target = 0;
  std::vector<float> logits;
  int grid_rows = 0, grid_cols = 0;
  std::vector<float> grid;
  int rows = 0, cols = 0;
  std::vector<float> map;
};

static std::vector<float>
to_vector (const torch::Tensor &t)
{
  auto host = t.detach ().to (torch::kCPU, torch::kFloat).contiguous ();
  return std::vector<float> (host.data_ptr<float> (), host.data_ptr<float> () + host.numel ());
}

/* pytorch-grad-cam's scale_cam_image: shift to 0, divide by eps + max. */
static torch::Tensor
min_max (const torch::Tensor &t)
{
  auto shifted = t - t.min ();
  return shifted / (1e-7 + shifted.max ());
}

static torch::Tensor
layer4_output (FtTorchModel *model, const torch::Tensor &x)
{
  auto &net = model->net;
  torch::NoGradGuard no_grad;
  FtAutocast autocast (model);
  auto a = net->bn1 (net->conv1 (x)).relu_ ();
  a = torch::max_pool2d (a, 3, 2, 1);
  return net->layer4->forward (
    net->layer3->forward (net->layer2->forward (net->layer1->forward (a))));
}

static void
fill_cam (FtTorchCam *cam, const torch::Tensor &a, const torch::Tensor &g, int height, int width)
{
  namespace F = torch::nn::functional;
  auto activations = a.detach ().to (torch::kCPU, torch::kFloat)[0];
  auto weights = g.detach ().to (torch::kCPU, torch::kFloat)[0].mean ({ 1, 2 });
  auto grid = min_max ((weights.view ({ -1, 1, 1 }) * activations).sum (0).clamp_min (0));
  auto map = F::interpolate (grid.view ({ 1, 1, grid.size (0), grid.size (1) }),
                             F::InterpolateFuncOptions ()
                               .size (std::vector<int64_t>{ height, width })
                               .mode (torch::kBilinear)
                               .align_corners (false))[0][0];
  cam->grid_rows = int (grid.size (0));
  cam->grid_cols = int (grid.size (1));
  cam->grid = to_vector (grid);
  cam->rows = height;
  cam->cols = width;
  cam->map = to_vector (min_max (map.clamp_min (0)));
}

FtTorchStatus *
ft_torch_model_grad_cam (
  FtTorchModel *model, const float *image, int height, int width, int target, FtTorchCam **out)
{
  if (!model || !image || height < 1 || width < 1 || !out || target < -1
      || target >= model->num_classes)
    return ft_torch_status_new ("Cannot compute the heat map: invalid argument");
  return ft_torch_guard ("Cannot compute the heat map", [&] {
    auto cam = std::make_unique<FtTorchCam> ();
    model->net->eval ();
    auto x = ft_torch_model_input (model, image, 1, height, width);
    /* Only the head lies between A and the logits, so A is a leaf of its own graph. */
    auto a = layer4_output (model, x).detach ().requires_grad_ (true);
    torch::Tensor logits;
    {
      FtAutocast autocast (model);
      logits = model->net->fc (torch::adaptive_avg_pool2d (a, { 1, 1 }).flatten (1));
    }
    cam->target = target >= 0 ? target : int (logits.argmax (1).item<int64_t> ());
    auto g = torch::autograd::grad ({ logits[0][cam->target] }, { a })[0];
    cam->logits = to_vector (logits[0]);
    fill_cam (cam.get (), a, g, height, width);
    *out = cam.release ();
  });
}

void
ft_torch_cam_free (FtTorchCam *cam)
{
  delete cam;
}

int
ft_torch_cam_class (const FtTorchCam *cam)
{
  return cam ? cam->target : -1;
}

const float *
ft_torch_cam_logits (const FtTorchCam *cam)
{
  return cam ? cam->logits.data () : nullptr;
}

const float *
ft_torch_cam_grid (const FtTorchCam *cam, int *rows, int *cols)
{
  if (!cam)
    return nullptr;
  if (rows)
    *rows = cam->grid_rows;
  if (cols)
    *cols = cam->grid_cols;
  return cam->grid.data ();
}

const float *
ft_torch_cam_map (const FtTorchCam *cam, int *rows, int *cols)
{
  if (!cam)
    return nullptr;
  if (rows)
    *rows = cam->rows;
  if (cols)
    *cols = cam->cols;
  return cam->map.data ();
}
