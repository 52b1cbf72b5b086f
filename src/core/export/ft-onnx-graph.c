/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-onnx-graph.h"

#include <string.h>

struct FtOnnxGraph
{
  Onnx__GraphProto proto;
  GPtrArray *nodes;        /* Onnx__NodeProto */
  GPtrArray *initializers; /* Onnx__TensorProto */
  GPtrArray *inputs;       /* Onnx__ValueInfoProto */
  GPtrArray *outputs;      /* Onnx__ValueInfoProto */
  GPtrArray *owned;        /* everything else, g_free'd with the graph */
};

static gpointer
own (FtOnnxGraph *graph, gpointer p)
{
  g_ptr_array_add (graph->owned, p);
  return p;
}

static char *
own_str (FtOnnxGraph *graph, const char *s)
{
  return own (graph, g_strdup (s));
}

FtOnnxGraph *
ft_onnx_graph_new (const char *name)
{
  FtOnnxGraph *graph = g_new0 (FtOnnxGraph, 1);

  onnx__graph_proto__init (&graph->proto);
  graph->nodes = g_ptr_array_new ();
  graph->initializers = g_ptr_array_new ();
  graph->inputs = g_ptr_array_new ();
  graph->outputs = g_ptr_array_new ();
  graph->owned = g_ptr_array_new_with_free_func (g_free);
  graph->proto.name = own_str (graph, name);
  return graph;
}

void
ft_onnx_graph_free (FtOnnxGraph *graph)
{
  if (graph == NULL)
    return;
  g_ptr_array_unref (graph->nodes);
  g_ptr_array_unref (graph->initializers);
  g_ptr_array_unref (graph->inputs);
  g_ptr_array_unref (graph->outputs);
  g_ptr_array_unref (graph->owned);
  g_free (graph);
}

void
ft_onnx_graph_add_initializer (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, float *data)
{
  Onnx__TensorProto *t = own (graph, g_new (Onnx__TensorProto, 1));
  size_t numel = 1;

  onnx__tensor_proto__init (t);
  for (size_t i = 0; i < n_dims; i++)
    numel *= (size_t) dims[i];
  t->name = own_str (graph, name);
  t->n_dims = n_dims;
  t->dims = own (graph, g_memdup2 (dims, n_dims * sizeof *dims));
  t->has_data_type = TRUE;
  t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  /* raw_data is little-endian whatever the host. */
#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (size_t i = 0; i < numel; i++)
    {
      guint32 bits;
      memcpy (&bits, &data[i], sizeof bits);
      bits = GUINT32_TO_LE (bits);
      memcpy (&data[i], &bits, sizeof bits);
    }
#endif
  t->has_raw_data = TRUE;
  t->raw_data.len = numel * sizeof (float);
  t->raw_data.data = own (graph, data);
  g_ptr_array_add (graph->initializers, t);
}

Onnx__NodeProto *
ft_onnx_graph_add_node (FtOnnxGraph *graph,
                        const char *op_type,
                        const char *name,
                        const char *const *inputs,
                        const char *output)
{
  Onnx__NodeProto *node = own (graph, g_new (Onnx__NodeProto, 1));
  size_t n = inputs ? g_strv_length ((char **) inputs) : 0;

  onnx__node_proto__init (node);
  node->name = own_str (graph, name);
  node->op_type = own_str (graph, op_type);
  node->n_input = n;
  node->input = own (graph, g_new0 (char *, n + 1));
  for (size_t i = 0; i < n; i++)
    node->input[i] = own_str (graph, inputs[i]);
  node->n_output = 1;
  node->output = own (graph, g_new0 (char *, 2));
  node->output[0]
    = output ? own_str (graph, output) : own (graph, g_strconcat (name, "_output_0", NULL));
  g_ptr_array_add (graph->nodes, node);
  return node;
}

const char *
ft_onnx_node_output (const Onnx__NodeProto *node)
{
  return node->output[0];
}

static Onnx__AttributeProto *
add_attribute (FtOnnxGraph *graph,
               Onnx__NodeProto *node,
               const char *name,
               Onnx__AttributeProto__AttributeType type)
{
  Onnx__AttributeProto *a = own (graph, g_new (Onnx__AttributeProto, 1));
  Onnx__AttributeProto **attrs = g_new (Onnx__AttributeProto *, node->n_attribute + 1);

  onnx__attribute_proto__init (a);
  a->name = own_str (graph, name);
  a->has_type = TRUE;
  a->type = type;
  /* The old array stays owned by the graph: nodes have a handful of attributes. */
  if (node->n_attribute)
    memcpy (attrs, node->attribute, node->n_attribute * sizeof *attrs);
  attrs[node->n_attribute++] = a;
  node->attribute = own (graph, attrs);
  return a;
}

void
ft_onnx_graph_set_int (FtOnnxGraph *graph, Onnx__NodeProto *node, const char *name, int64_t v)
{
  Onnx__AttributeProto *a
    = add_attribute (graph, node, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT);
  a->has_i = TRUE;
  a->i = v;
}

void
ft_onnx_graph_set_float (FtOnnxGraph *graph, Onnx__NodeProto *node, const char *name, float v)
{
  Onnx__AttributeProto *a
    = add_attribute (graph, node, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
  a->has_f = TRUE;
  a->f = v;
}

void
ft_onnx_graph_set_ints (
  FtOnnxGraph *graph, Onnx__NodeProto *node, const char *name, const int64_t *values, size_t n)
{
  Onnx__AttributeProto *a
    = add_attribute (graph, node, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS);
  a->n_ints = n;
  a->ints = own (graph, g_memdup2 (values, n * sizeof *values));
}

static Onnx__ValueInfoProto *
value_info (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, const char *dim_param)
{
  Onnx__ValueInfoProto *v = own (graph, g_new (Onnx__ValueInfoProto, 1));
  Onnx__TypeProto *type = own (graph, g_new (Onnx__TypeProto, 1));
  Onnx__TypeProto__Tensor *tensor = own (graph, g_new (Onnx__TypeProto__Tensor, 1));
  Onnx__TensorShapeProto *shape = own (graph, g_new (Onnx__TensorShapeProto, 1));

  onnx__value_info_proto__init (v);
  onnx__type_proto__init (type);
  onnx__type_proto__tensor__init (tensor);
  onnx__tensor_shape_proto__init (shape);
  shape->n_dim = n_dims;
  shape->dim = own (graph, g_new (Onnx__TensorShapeProto__Dimension *, n_dims));
  for (size_t i = 0; i < n_dims; i++)
    {
      Onnx__TensorShapeProto__Dimension *d
        = own (graph, g_new (Onnx__TensorShapeProto__Dimension, 1));
      onnx__tensor_shape_proto__dimension__init (d);
      if (dims[i] < 0)
        {
          d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
          d->dim_param = own_str (graph, dim_param);
        }
      else
        {
          d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
          d->dim_value = dims[i];
        }
      shape->dim[i] = d;
    }
  tensor->has_elem_type = TRUE;
  tensor->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  tensor->shape = shape;
  type->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
  type->tensor_type = tensor;
  v->name = own_str (graph, name);
  v->type = type;
  return v;
}

void
ft_onnx_graph_add_input (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, const char *dim_param)
{
  g_ptr_array_add (graph->inputs, value_info (graph, name, dims, n_dims, dim_param));
}

void
ft_onnx_graph_add_output (
  FtOnnxGraph *graph, const char *name, const int64_t *dims, size_t n_dims, const char *dim_param)
{
  g_ptr_array_add (graph->outputs, value_info (graph, name, dims, n_dims, dim_param));
}

Onnx__GraphProto *
ft_onnx_graph_get_proto (FtOnnxGraph *graph)
{
  graph->proto.n_node = graph->nodes->len;
  graph->proto.node = (Onnx__NodeProto **) graph->nodes->pdata;
  graph->proto.n_initializer = graph->initializers->len;
  graph->proto.initializer = (Onnx__TensorProto **) graph->initializers->pdata;
  graph->proto.n_input = graph->inputs->len;
  graph->proto.input = (Onnx__ValueInfoProto **) graph->inputs->pdata;
  graph->proto.n_output = graph->outputs->len;
  graph->proto.output = (Onnx__ValueInfoProto **) graph->outputs->pdata;
  return &graph->proto;
}
