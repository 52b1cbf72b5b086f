/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-onnx-fold.h"

#include <math.h>

void
ft_onnx_fold_batch_norm (float *weight,
                         size_t out_channels,
                         size_t per_channel,
                         const float *gamma,
                         const float *beta,
                         const float *mean,
                         const float *var,
                         double eps,
                         float *bias)
{
  for (size_t o = 0; o < out_channels; o++)
    {
      double scale = (double) gamma[o] / sqrt ((double) var[o] + eps);
      float *w = weight + o * per_channel;

      for (size_t i = 0; i < per_channel; i++)
        w[i] = (float) ((double) w[i] * scale);
      bias[o] = (float) ((double) beta[o] - (double) mean[o] * scale);
    }
}
