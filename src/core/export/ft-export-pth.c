/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-export-private.h"
#include "ft-export-source.h"
#include "ft-onnx-export.h"

gboolean
ft_export_copy_model (const char *model, const char *dest_path, GError **error)
{
  g_auto (FtExportSource) source = { 0 };
  g_autofree char *contents = NULL;
  g_autoptr (GError) local = NULL;
  FtTorchModel *torch;
  gsize length;

  g_return_val_if_fail (model != NULL && dest_path != NULL, FALSE);
  if (!_ft_export_check_destination (dest_path, error)
      || !ft_export_source_find (model, &source, error)
      || !(torch = ft_export_source_load (&source, error)))
    return FALSE;
  ft_torch_model_free (torch);
  if (!g_file_get_contents (source.model_path, &contents, &length, error))
    return FALSE;
  /* A temporary file, synced and renamed: the same promise as the ONNX export. */
  if (!g_file_set_contents_full (dest_path, contents, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644,
                                 &local))
    {
      g_set_error (error, local->domain, local->code, "%s.", local->message);
      return FALSE;
    }
  return TRUE;
}
