/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-onnx-resnet.h"

#include "ft-onnx-fold.h"
#include "ft-trainer-model.h"

typedef struct
{
  const FtTorchModel *model;
  FtOnnxGraph *graph;
  GCancellable *cancellable;
  GError **error;
} Builder;

/* Tensor @name of the state dict as float32. (transfer full) */
static float *
read_tensor (Builder *b, const char *name, size_t *numel)
{
  g_autofree float *data = NULL;

  if (!ft_trainer_take_status (ft_torch_model_tensor_copy (b->model, name, NULL, 0, numel),
                               b->error))
    return NULL;
  data = g_new (float, MAX (*numel, 1));
  if (!ft_trainer_take_status (ft_torch_model_tensor_copy (b->model, name, data, *numel, numel),
                               b->error))
    return NULL;
  return g_steal_pointer (&data);
}

/*
 * Convolution @conv followed by BatchNorm @bn, folded into one Conv node.
 * Returns: (transfer none): the node's output, or NULL on error.
 */
static const char *
conv_bn (Builder *b,
         const char *node_name,
         const char *conv,
         const char *bn,
         const char *input,
         int64_t kernel,
         int64_t stride,
         int64_t pad)
{
  g_autofree char *w_name = g_strconcat (conv, ".weight", NULL);
  g_autofree char *b_name = g_strconcat (conv, ".bias", NULL);
  const char *parts[] = { "weight", "bias", "running_mean", "running_var" };
  /* Freed one by one below: g_autofree on an array frees its first element only. */
  float *bn_data[4] = { NULL };
  g_autofree float *weight = NULL;
  size_t n_weight, out = 0, n;
  gboolean ok = TRUE;

  if (g_cancellable_set_error_if_cancelled (b->cancellable, b->error))
    return NULL;
  if (!(weight = read_tensor (b, w_name, &n_weight)))
    return NULL;
  for (int i = 0; i < 4 && ok; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", bn, parts[i]);
      ok = (bn_data[i] = read_tensor (b, name, &n)) != NULL;
      g_assert (!ok || i == 0 || n == out);
      out = ok ? n : out;
    }
  g_assert (!ok || (out > 0 && n_weight % (out * kernel * kernel) == 0));

  int64_t w_dims[] = { out, n_weight / MAX (out * kernel * kernel, 1), kernel, kernel };
  int64_t b_dims[] = { out };
  float *bias = ok ? g_new (float, out) : NULL;
  if (ok)
    ft_onnx_fold_batch_norm (weight, out, n_weight / out, bn_data[0], bn_data[1], bn_data[2],
                             bn_data[3], FT_ONNX_BATCH_NORM_EPS, bias);
  for (int i = 0; i < 4; i++)
    g_free (bn_data[i]);
  if (!ok)
    return NULL;
  ft_onnx_graph_add_initializer (b->graph, w_name, w_dims, 4, g_steal_pointer (&weight));
  ft_onnx_graph_add_initializer (b->graph, b_name, b_dims, 1, bias);

  const char *inputs[] = { input, w_name, b_name, NULL };
  Onnx__NodeProto *node = ft_onnx_graph_add_node (b->graph, "Conv", node_name, inputs, NULL);
  const int64_t ones[] = { 1, 1 }, kernels[] = { kernel, kernel };
  const int64_t pads[] = { pad, pad, pad, pad }, strides[] = { stride, stride };
  ft_onnx_graph_set_ints (b->graph, node, "dilations", ones, 2);
  ft_onnx_graph_set_int (b->graph, node, "group", 1);
  ft_onnx_graph_set_ints (b->graph, node, "kernel_shape", kernels, 2);
  ft_onnx_graph_set_ints (b->graph, node, "pads", pads, 4);
  ft_onnx_graph_set_ints (b->graph, node, "strides", strides, 2);
  return ft_onnx_node_output (node);
}

static const char *
unary (Builder *b, const char *op_type, const char *node_name, const char *input)
{
  const char *inputs[] = { input, NULL };
  return ft_onnx_node_output (ft_onnx_graph_add_node (b->graph, op_type, node_name, inputs, NULL));
}

/* torchvision's BasicBlock @prefix ("layer2.0"), with a downsample when @stride is 2. */
static const char *
basic_block (Builder *b, const char *layer, const char *prefix, int64_t stride, const char *x)
{
  g_autofree char *at = g_strdup_printf ("/%s/%s", layer, prefix);
  g_autofree char *conv1 = g_strconcat (prefix, ".conv1", NULL);
  g_autofree char *bn1 = g_strconcat (prefix, ".bn1", NULL);
  g_autofree char *conv2 = g_strconcat (prefix, ".conv2", NULL);
  g_autofree char *bn2 = g_strconcat (prefix, ".bn2", NULL);
  g_autofree char *n_conv1 = g_strconcat (at, "/conv1/Conv", NULL);
  g_autofree char *n_relu = g_strconcat (at, "/relu/Relu", NULL);
  g_autofree char *n_conv2 = g_strconcat (at, "/conv2/Conv", NULL);
  g_autofree char *n_add = g_strconcat (at, "/Add", NULL);
  g_autofree char *n_relu1 = g_strconcat (at, "/relu_1/Relu", NULL);
  const char *y, *identity = x;

  if (!(y = conv_bn (b, n_conv1, conv1, bn1, x, 3, stride, 1)))
    return NULL;
  y = unary (b, "Relu", n_relu, y);
  if (!(y = conv_bn (b, n_conv2, conv2, bn2, y, 3, 1, 1)))
    return NULL;
  if (stride != 1)
    {
      g_autofree char *ds_conv = g_strconcat (prefix, ".downsample.0", NULL);
      g_autofree char *ds_bn = g_strconcat (prefix, ".downsample.1", NULL);
      g_autofree char *n_ds = g_strconcat (at, "/downsample/downsample.0/Conv", NULL);
      if (!(identity = conv_bn (b, n_ds, ds_conv, ds_bn, x, 1, stride, 0)))
        return NULL;
    }
  const char *sum[] = { y, identity, NULL };
  y = ft_onnx_node_output (ft_onnx_graph_add_node (b->graph, "Add", n_add, sum, NULL));
  return unary (b, "Relu", n_relu1, y);
}

static gboolean
add_head (Builder *b, const char *x)
{
  size_t n_weight, n_bias;
  g_autofree float *weight = read_tensor (b, "fc.weight", &n_weight);
  g_autofree float *bias = weight ? read_tensor (b, "fc.bias", &n_bias) : NULL;

  if (!bias)
    return FALSE;
  g_assert (n_bias > 0 && n_weight % n_bias == 0);

  int64_t w_dims[] = { n_bias, n_weight / n_bias }, b_dims[] = { n_bias };
  ft_onnx_graph_add_initializer (b->graph, "fc.weight", w_dims, 2, g_steal_pointer (&weight));
  ft_onnx_graph_add_initializer (b->graph, "fc.bias", b_dims, 1, g_steal_pointer (&bias));

  x = unary (b, "GlobalAveragePool", "/avgpool/GlobalAveragePool", x);
  Onnx__NodeProto *flatten
    = ft_onnx_graph_add_node (b->graph, "Flatten", "/Flatten", (const char *[]){ x, NULL }, NULL);
  ft_onnx_graph_set_int (b->graph, flatten, "axis", 1);

  const char *inputs[] = { ft_onnx_node_output (flatten), "fc.weight", "fc.bias", NULL };
  Onnx__NodeProto *gemm = ft_onnx_graph_add_node (b->graph, "Gemm", "/fc/Gemm", inputs, "logits");
  ft_onnx_graph_set_float (b->graph, gemm, "alpha", 1.0f);
  ft_onnx_graph_set_float (b->graph, gemm, "beta", 1.0f);
  ft_onnx_graph_set_int (b->graph, gemm, "transB", 1);

  const int64_t out_dims[] = { -1, n_bias };
  ft_onnx_graph_add_output (b->graph, "logits", out_dims, 2, "batch");
  return TRUE;
}

gboolean
ft_onnx_resnet_build (const FtTorchModel *model,
                      guint image_size,
                      FtOnnxGraph *graph,
                      GCancellable *cancellable,
                      GError **error)
{
  Builder b = { model, graph, cancellable, error };
  const int64_t in_dims[] = { -1, 3, image_size, image_size };
  const char *x;

  ft_onnx_graph_add_input (graph, "input", in_dims, 4, "batch");
  if (!(x = conv_bn (&b, "/conv1/Conv", "conv1", "bn1", "input", 7, 2, 3)))
    return FALSE;
  x = unary (&b, "Relu", "/relu/Relu", x);

  Onnx__NodeProto *pool = ft_onnx_graph_add_node (graph, "MaxPool", "/maxpool/MaxPool",
                                                  (const char *[]){ x, NULL }, NULL);
  const int64_t kernels[] = { 3, 3 }, pads[] = { 1, 1, 1, 1 }, strides[] = { 2, 2 };
  ft_onnx_graph_set_int (graph, pool, "ceil_mode", 0);
  ft_onnx_graph_set_ints (graph, pool, "kernel_shape", kernels, 2);
  ft_onnx_graph_set_ints (graph, pool, "pads", pads, 4);
  ft_onnx_graph_set_ints (graph, pool, "strides", strides, 2);
  x = ft_onnx_node_output (pool);

  for (int layer = 1; layer <= 4 && x; layer++)
    for (int block = 0; block < 2 && x; block++)
      {
        g_autofree char *layer_name = g_strdup_printf ("layer%d", layer);
        g_autofree char *prefix = g_strdup_printf ("layer%d.%d", layer, block);
        x = basic_block (&b, layer_name, prefix, layer > 1 && block == 0 ? 2 : 1, x);
      }
  return x && add_head (&b, x);
}
