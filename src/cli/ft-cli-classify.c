/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-cli.h"
#include "ft-cli-predictions.h"
#include "ft-cli-trainer.h"
#include "ft-imagenet.h"
#include "ft-trainer-model.h"

#define IMAGENET_SIZE 224

static const char *
imagenet_label (guint index, gpointer user_data)
{
  return ft_imagenet_class_name (index);
}

int
ft_cli_classify (int argc, char **argv)
{
  g_autofree char *weights = NULL;
  g_auto (GStrv) images = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "weights", 0, 0, G_OPTION_ARG_FILENAME, &weights, N_ ("ImageNet weights of ResNet-18"),
      N_ ("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print one JSON array"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &images, NULL, N_ ("IMAGE…") },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("IMAGE… — the top-5 ImageNet classes of images"));
  g_autoptr (GError) error = NULL;
  FtTorchModel *model = NULL;
  gboolean ok;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (weights == NULL)
    return ft_cli_fail ("%s", _ ("Pass --weights FILE, the ImageNet weights of ResNet-18."));
  if (images == NULL || images[0] == NULL)
    return ft_cli_fail ("%s", _ ("Name at least one image to classify."));
  ft_torch_set_threads (0);
  if (!ft_trainer_take_status (ft_torch_model_new (FT_IMAGENET_N_CLASSES, &model), &error)
      || !ft_trainer_take_status (ft_torch_model_load (model, weights, FT_TORCH_LOAD_STRICT),
                                  &error))
    {
      ft_torch_model_free (model);
      return ft_cli_fail ("%s", error->message);
    }
  ok = ft_cli_print_predictions (model, IMAGENET_SIZE, images, imagenet_label, NULL, json, NULL,
                                 &error);
  ft_torch_model_free (model);
  return ok ? 0 : ft_cli_fail ("%s", error->message);
}
