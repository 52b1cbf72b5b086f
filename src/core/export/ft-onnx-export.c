/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-onnx-export.h"

#include <glib/gi18n.h>

#include "ft-export-private.h"
#include "ft-export-source.h"
#include "ft-onnx-model.h"
#include "ft-onnx-resnet.h"
#include "ft-onnx-write.h"

gboolean
_ft_export_check_destination (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _ ("“%s” is a folder: name the file to write."), path);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("Could not write “%s”: the folder “%s” does not exist."), path, dir);
      return FALSE;
    }
  return TRUE;
}

gboolean
ft_onnx_export (
  const char *model, const char *onnx_path, int opset, GCancellable *cancellable, GError **error)
{
  g_auto (FtExportSource) source = { 0 };
  g_autoptr (FtOnnxGraph) graph = NULL;
  g_autoptr (FtOnnxModel) onnx = NULL;
  FtTorchModel *torch = NULL;
  gboolean ok;

  g_return_val_if_fail (model != NULL && onnx_path != NULL, FALSE);
  if (opset < FT_ONNX_OPSET_MIN || opset > FT_ONNX_OPSET_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Opset %d is not offered: choose one from %d to %d."), opset,
                   FT_ONNX_OPSET_MIN, FT_ONNX_OPSET_MAX);
      return FALSE;
    }
  if (!_ft_export_check_destination (onnx_path, error)
      || !ft_export_source_find (model, &source, error)
      || !(torch = ft_export_source_load (&source, error)))
    return FALSE;

  graph = ft_onnx_graph_new ("resnet18");
  ok = ft_onnx_resnet_build (torch, source.image_size, graph, cancellable, error);
  ft_torch_model_free (torch);
  if (!ok)
    return FALSE;
  onnx = ft_onnx_model_new (g_steal_pointer (&graph), opset);
  ft_onnx_model_describe (onnx, (const char *const *) source.classes, source.image_size);
  return ft_onnx_write_message ((const ProtobufCMessage *) ft_onnx_model_get_proto (onnx),
                                onnx_path, cancellable, error);
}
