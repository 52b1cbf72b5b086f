/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-cli-export.h"
#include "ft-cli-interruptible.h"
#include "ft-cli.h"
#include "ft-onnx-export.h"
#include "ft-torch.h"

typedef struct
{
  const char *model;
  const char *onnx;
  int opset;
  gboolean ok;
  GError *error;
} Export;

static void
export_work (gpointer data, GCancellable *cancellable)
{
  Export *e = data;

  e->ok = ft_onnx_export (e->model, e->onnx, e->opset, cancellable, &e->error);
}

int
ft_cli_export (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_autofree char *onnx = NULL;
  gint opset = FT_ONNX_OPSET_DEFAULT;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, N_ ("A run folder, or the model.pth in one"),
      N_ ("RUN_DIR") },
    { "onnx", 0, 0, G_OPTION_ARG_FILENAME, &onnx, N_ ("The ONNX file to write"), N_ ("OUT.onnx") },
    { "opset", 0, 0, G_OPTION_ARG_INT, &opset, N_ ("ONNX opset, 13 (the default) to 17"), "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("— write a trained run’s model as ONNX"));
  g_autoptr (GError) error = NULL;
  Export e = { 0 };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* GOption's messages lack the full stop of a sentence. */
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s%s", error->message, g_str_has_suffix (error->message, ".") ? "" : ".");
  if (argc > 1)
    return ft_cli_fail (_ ("export takes no argument “%s”: name the model with --model."), argv[1]);
  if (model == NULL)
    return ft_cli_fail ("%s",
                        _ ("Pass --model RUN_DIR, a folder written by “finetune-cli train”."));
  if (onnx == NULL)
    return ft_cli_fail ("%s", _ ("Pass --onnx OUT.onnx, the file to write."));

  e = (Export){ model, onnx, opset, FALSE, NULL };
  ft_torch_set_threads (0);
  ft_cli_run_interruptible ("export", export_work, &e);
  if (!e.ok)
    {
      int status = ft_cli_fail ("%s", e.error->message);
      g_error_free (e.error);
      return status;
    }
  printf ("%s\n", onnx);
  return 0;
}
