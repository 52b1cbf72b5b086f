/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-cli.h"
#include "ft-cli-predictions.h"
#include "ft-cli-trained.h"
#include "ft-cli-trainer.h"

static const char *
class_label (guint index, gpointer user_data)
{
  return ((FtCliTrained *) user_data)->classes[index];
}

/* The index of @name among the model's classes, or -1 with @error set. */
static int
find_class (const FtCliTrained *trained, const char *name, GError **error)
{
  g_autofree char *list = NULL;

  for (guint i = 0; trained->classes[i]; i++)
    if (g_str_equal (trained->classes[i], name))
      return (int) i;
  list = g_strjoinv (", ", trained->classes);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _ ("“%s” is not a class of this model, whose classes are %s."), name, list);
  return -1;
}

static int
predict (const char *model_path, char **images, gboolean json, const char *cam_dir, const char *cls)
{
  g_auto (FtCliTrained) trained = { 0 };
  g_autoptr (GError) error = NULL;
  FtCliCamRequest cam = { cam_dir, -1 };
  FtTorchModel *model = NULL;
  gboolean ok;

  if (!ft_cli_trained_find (model_path, &trained, &error)
      || (cls && (cam.target = find_class (&trained, cls, &error)) < 0)
      || !(model = ft_cli_trained_load (&trained, &error)))
    return ft_cli_fail ("%s", error->message);
  ok = ft_cli_print_predictions (model, trained.size, images, class_label, &trained, json, &cam,
                                 &error);
  ft_torch_model_free (model);
  return ok ? 0 : ft_cli_fail ("%s", error->message);
}

int
ft_cli_predict (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_autofree char *cam_dir = NULL;
  g_autofree char *cls = NULL;
  g_auto (GStrv) images = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, N_ ("A run folder, or the model.pth in one"),
      N_ ("RUN_DIR") },
    { "cam", 0, 0, G_OPTION_ARG_FILENAME, &cam_dir,
      N_ ("Also write each image’s Grad-CAM heat map as OUT_DIR/STEM.png"), N_ ("OUT_DIR") },
    { "class", 0, 0, G_OPTION_ARG_STRING, &cls,
      N_ ("The class of the heat map (the predicted one by default)"), N_ ("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print one JSON array"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &images, NULL, N_ ("IMAGE…") },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("IMAGE… — classify images with a trained run"));
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (model == NULL)
    return ft_cli_fail ("%s",
                        _ ("Pass --model RUN_DIR, a folder written by “finetune-cli train”."));
  if (images == NULL || images[0] == NULL)
    return ft_cli_fail ("%s", _ ("Name at least one image to classify."));
  if (cls && !cam_dir)
    return ft_cli_fail ("%s",
                        _ ("--class chooses the class of the heat map; pass --cam OUT_DIR too."));
  return predict (model, images, json, cam_dir, cls);
}
