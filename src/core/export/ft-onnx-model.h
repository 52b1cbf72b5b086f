/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ft-onnx-graph.h"

G_BEGIN_DECLS

/* An ONNX model: a graph, its opset and the metadata a consumer needs. */
typedef struct FtOnnxModel FtOnnxModel;

/* Takes @graph (transfer full). */
FtOnnxModel *ft_onnx_model_new (FtOnnxGraph *graph, int opset);
void ft_onnx_model_free (FtOnnxModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtOnnxModel, ft_onnx_model_free)

void ft_onnx_model_add_metadata (FtOnnxModel *model, const char *key, const char *value);
/*
 * ft_onnx_model_describe:
 * The metadata_props of a classifier: "classes" (a JSON list in output
 * order), "image_size", "mean" and "std" (JSON lists, RGB), "resize" and
 * "crop" (JSON [height, width]: the test transform resizes to "resize",
 * bilinear, then takes the centre "crop"), and "preprocess" in words.
 */
void ft_onnx_model_describe (FtOnnxModel *model, const char *const *classes, guint image_size);

/* The message to serialise. (transfer none) */
const Onnx__ModelProto *ft_onnx_model_get_proto (FtOnnxModel *model);

G_END_DECLS
