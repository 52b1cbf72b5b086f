/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <torch/types.h>

/*
 * The 3x3, stride 1, padding 1 convolutions of ResNet-18 in fp32 on the CPU, computed by
 * oneDNN's Winograd F(4x4, 3x3) kernels: forward, gradient of the input and of the weight.
 * They take 2.25 times fewer multiplications than the direct kernels libtorch chooses, and
 * give the same result up to rounding: up to 6e-6 of the largest output of a layer.
 */

/* Non-zero when this build has the Winograd kernels and this CPU runs them. */
bool ft_winograd_available ();

/* Whether ft_winograd_conv3x3() takes @x and @weight: float32 CPU tensors, 16k channels in
 * and out, a 3x3 kernel, and the kernels exist for the shape.  False under autocast. */
bool ft_winograd_applies (const torch::Tensor &x, const torch::Tensor &weight);

/* conv2d (@x, @weight, no bias, stride 1, padding 1), differentiable in both, with the
 * result in @x's memory format.  Call only where ft_winograd_applies() holds. */
torch::Tensor ft_winograd_conv3x3 (const torch::Tensor &x, const torch::Tensor &weight);
