/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Opset 13 is the default: it is the oldest opset in which every operator of
 * the graph has its final float semantics (Flatten-13 and Gemm-13; Relu-14
 * and Add-14 only add bfloat16), so the file reaches the widest range of
 * readers: onnxruntime 1.6 on, OpenCV 4.6's dnn, onnxruntime-web.  Up to 17,
 * the newest that ONNX 1.12's checker knows, on request.
 */
#define FT_ONNX_OPSET_DEFAULT 13
#define FT_ONNX_OPSET_MIN 13
#define FT_ONNX_OPSET_MAX 17

/*
 * ft_onnx_export:
 * @model: a run folder, or a model.pth inside one.
 * Writes the run's ResNet-18 to @onnx_path in fp32 (a bf16 run included)
 * as the inference graph that torch.onnx.export writes for torchvision's
 * resnet18 in eval mode, with the class names and the test preprocessing
 * in its metadata_props.  Written atomically: on failure or cancellation
 * nothing is left at @onnx_path that was not there before.
 */
gboolean ft_onnx_export (
  const char *model, const char *onnx_path, int opset, GCancellable *cancellable, GError **error);

/*
 * ft_export_copy_model:
 * Copies the run's model.pth (checked to be the run's ResNet-18) to
 * @dest_path atomically.
 */
gboolean ft_export_copy_model (const char *model, const char *dest_path, GError **error);

G_END_DECLS
