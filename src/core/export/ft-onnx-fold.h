/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

/* torch.nn.BatchNorm2d's default, which torchvision's ResNet-18 uses. */
#define FT_ONNX_BATCH_NORM_EPS 1e-5

/*
 * ft_onnx_fold_batch_norm:
 * Folds an eval-mode BatchNorm into the bias-free convolution before it:
 * for each of @out_channels, with s = gamma / sqrt(var + @eps),
 * W' = W * s (the channel's @per_channel weights of @weight, in place)
 * and b' = beta - mean * s (written to @bias).  Computed in double.
 */
void ft_onnx_fold_batch_norm (float *weight,
                              size_t out_channels,
                              size_t per_channel,
                              const float *gamma,
                              const float *beta,
                              const float *mean,
                              const float *var,
                              double eps,
                              float *bias);
