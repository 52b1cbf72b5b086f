/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-onnx-graph.h"
#include "ft-torch.h"

G_BEGIN_DECLS

/*
 * ft_onnx_resnet_build:
 * Fills @graph with the inference form of ResNet-18 @model, as
 * torch.onnx.export writes torchvision's resnet18 in eval mode: every
 * BatchNorm folded into its convolution, then Conv, Relu, MaxPool, Add,
 * GlobalAveragePool, Flatten and Gemm.  The input "input" is
 * [batch, 3, @image_size, @image_size] with a symbolic batch; the output
 * "logits" is [batch, classes].
 */
gboolean ft_onnx_resnet_build (const FtTorchModel *model,
                               guint image_size,
                               FtOnnxGraph *graph,
                               GCancellable *cancellable,
                               GError **error);

G_END_DECLS
