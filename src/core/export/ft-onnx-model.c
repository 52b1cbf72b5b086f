/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-onnx-model.h"

#include <json-glib/json-glib.h>

#include "ft-transform.h"

struct FtOnnxModel
{
  Onnx__ModelProto proto;
  Onnx__OperatorSetIdProto opset;
  Onnx__OperatorSetIdProto *opsets[1];
  FtOnnxGraph *graph;
  GPtrArray *metadata; /* Onnx__StringStringEntryProto, keys and values g_malloc'd */
};

static void
entry_free (gpointer p)
{
  Onnx__StringStringEntryProto *e = p;
  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

/* The IR version of the ONNX release that introduced @opset: 13 and 14 came with IR 7,
 * 15 to 17 with IR 8.  Readers older than that release refuse a newer IR. */
static int64_t
ir_version (int opset)
{
  return opset <= 14 ? 7 : 8;
}

FtOnnxModel *
ft_onnx_model_new (FtOnnxGraph *graph, int opset)
{
  FtOnnxModel *model = g_new0 (FtOnnxModel, 1);

  onnx__model_proto__init (&model->proto);
  onnx__operator_set_id_proto__init (&model->opset);
  model->graph = graph;
  model->metadata = g_ptr_array_new_with_free_func (entry_free);
  model->opset.domain = (char *) "";
  model->opset.has_version = TRUE;
  model->opset.version = opset;
  model->opsets[0] = &model->opset;
  model->proto.has_ir_version = TRUE;
  model->proto.ir_version = ir_version (opset);
  model->proto.n_opset_import = 1;
  model->proto.opset_import = model->opsets;
  model->proto.producer_name = (char *) "Finetune";
  model->proto.producer_version = (char *) PACKAGE_VERSION;
  model->proto.doc_string = (char *) "ResNet-18 image classifier trained with Finetune";
  model->proto.graph = ft_onnx_graph_get_proto (graph);
  return model;
}

void
ft_onnx_model_free (FtOnnxModel *model)
{
  if (model == NULL)
    return;
  ft_onnx_graph_free (model->graph);
  g_ptr_array_unref (model->metadata);
  g_free (model);
}

void
ft_onnx_model_add_metadata (FtOnnxModel *model, const char *key, const char *value)
{
  Onnx__StringStringEntryProto *e = g_new (Onnx__StringStringEntryProto, 1);

  onnx__string_string_entry_proto__init (e);
  e->key = g_strdup (key);
  e->value = g_strdup (value);
  g_ptr_array_add (model->metadata, e);
  model->proto.n_metadata_props = model->metadata->len;
  model->proto.metadata_props = (Onnx__StringStringEntryProto **) model->metadata->pdata;
}

static char *
json_strings (const char *const *strings)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (const char *const *s = strings; *s; s++)
    json_builder_add_string_value (builder, *s);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Three channel values as a JSON list, short: 0.485 rather than 0.485000014. */
static char *
json_rgb (const float v[3])
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("[%s, %s, %s]", g_ascii_formatd (a, sizeof a, "%.6g", v[0]),
                          g_ascii_formatd (b, sizeof b, "%.6g", v[1]),
                          g_ascii_formatd (c, sizeof c, "%.6g", v[2]));
}

void
ft_onnx_model_describe (FtOnnxModel *model, const char *const *classes, guint image_size)
{
  int resize = ft_transform_test_resize ((int) image_size);
  g_autofree char *names = json_strings (classes);
  g_autofree char *size = g_strdup_printf ("%u", image_size);
  g_autofree char *mean = json_rgb (ft_transform_imagenet_mean);
  g_autofree char *std = json_rgb (ft_transform_imagenet_std);
  g_autofree char *resize_s = g_strdup_printf ("[%d, %d]", resize, resize);
  g_autofree char *crop = g_strdup_printf ("[%u, %u]", image_size, image_size);
  g_autofree char *words = g_strdup_printf (
    "Resize the RGB image to %d x %d pixels (bilinear), take the centre %u x %u, scale to "
    "[0, 1], subtract mean and divide by std per channel; input NCHW float32, output logits "
    "in the order of classes",
    resize, resize, image_size, image_size);

  ft_onnx_model_add_metadata (model, "classes", names);
  ft_onnx_model_add_metadata (model, "image_size", size);
  ft_onnx_model_add_metadata (model, "mean", mean);
  ft_onnx_model_add_metadata (model, "std", std);
  ft_onnx_model_add_metadata (model, "resize", resize_s);
  ft_onnx_model_add_metadata (model, "crop", crop);
  ft_onnx_model_add_metadata (model, "preprocess", words);
}

const Onnx__ModelProto *
ft_onnx_model_get_proto (FtOnnxModel *model)
{
  return &model->proto;
}
