/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "onnx.pb-c.h"

G_BEGIN_DECLS

/*
 * FtOnnxGraph: an ONNX graph being put together.  Every message, name and
 * tensor it hands out belongs to it and lives until ft_onnx_graph_free().
 */
typedef struct FtOnnxGraph FtOnnxGraph;

FtOnnxGraph *ft_onnx_graph_new (const char *name);
void ft_onnx_graph_free (FtOnnxGraph *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtOnnxGraph, ft_onnx_graph_free)

/* A float32 initializer named @name; @data (transfer full, g_malloc'd) holds the product of
 * @dims floats. */
void ft_onnx_graph_add_initializer (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, float *data);

/*
 * ft_onnx_graph_add_node:
 * A node of @op_type named @name over the NULL-terminated @inputs.  Its one
 * output is @output, or "@name_output_0" when @output is NULL.
 * Returns: (transfer none): the node, for its attributes.
 */
Onnx__NodeProto *ft_onnx_graph_add_node (FtOnnxGraph *graph,
                                         const char *op_type,
                                         const char *name,
                                         const char *const *inputs,
                                         const char *output);
/* The name of @node's output. (transfer none) */
const char *ft_onnx_node_output (const Onnx__NodeProto *node);

void ft_onnx_graph_set_int (FtOnnxGraph *graph, Onnx__NodeProto *node, const char *name, int64_t v);
void ft_onnx_graph_set_float (FtOnnxGraph *graph, Onnx__NodeProto *node, const char *name, float v);
void ft_onnx_graph_set_ints (
  FtOnnxGraph *graph, Onnx__NodeProto *node, const char *name, const int64_t *values, size_t n);

/* A float32 graph input or output; a dimension < 0 is the symbolic @dim_param. */
void ft_onnx_graph_add_input (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, const char *dim_param);
void ft_onnx_graph_add_output (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, const char *dim_param);

/* The graph message, its arrays filled in. (transfer none) */
Onnx__GraphProto *ft_onnx_graph_get_proto (FtOnnxGraph *graph);

G_END_DECLS
