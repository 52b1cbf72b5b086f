/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-weights.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ft-imagenet.h"
#include "ft-torch.h"

gboolean
ft_weights_check (const char *path, GError **error)
{
  g_autofree char *name = NULL;
  FtTorchModel *model = NULL;
  FtTorchStatus *status;
  g_autofree char *why = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_basename (path);
  status = ft_torch_model_new (FT_IMAGENET_N_CLASSES, &model);
  if (status == NULL)
    status = ft_torch_model_load (model, path, FT_TORCH_LOAD_STRICT);
  ft_torch_model_free (model);
  if (status == NULL)
    return TRUE;
  /* the shim's message goes in brackets, inside our sentence */
  why = g_strstrip (g_strdup (ft_torch_status_message (status)));
  if (g_str_has_suffix (why, "."))
    why[strlen (why) - 1] = '\0';
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _ ("“%s” is not a ResNet-18 weights file that this app can read (%s)."), name, why);
  ft_torch_status_free (status);
  return FALSE;
}
