/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-cli.h"
#include "ft-cli-train-options.h"
#include "ft-cli-trainer.h"
#include "ft-torch.h"

static double
epoch_value (JsonArray *epochs, guint i, const char *name)
{
  return json_object_get_double_member (json_array_get_object_element (epochs, i), name);
}

static void
print_side (JsonArray *epochs, guint i)
{
  if (i < json_array_get_length (epochs))
    printf ("  %.3f  %.3f  %.3f  ", epoch_value (epochs, i, "train_loss"),
            epoch_value (epochs, i, "train_acc"), epoch_value (epochs, i, "test_acc"));
  else
    printf ("  %5s  %5s  %5s  ", "", "", "");
}

/* The book's two runs, epoch by epoch, with their speeds. */
static void
print_table (const FtCliRunResult *finetune, const FtCliRunResult *scratch)
{
  guint n = MAX (json_array_get_length (finetune->epochs), json_array_get_length (scratch->epochs));

  printf ("\n%-7s  %-19s  %-19s\n", "", _ ("fine-tune"), _ ("scratch"));
  printf ("%-7s  %s  %s\n", _ ("epoch"), _ (" loss   train  test "), _ (" loss   train  test "));
  for (guint i = 0; i < n; i++)
    {
      printf ("%-7u", i + 1);
      print_side (finetune->epochs, i);
      print_side (scratch->epochs, i);
      printf ("\n");
    }
  printf (_ ("%.1f examples/sec on [%s] (fine-tune), %.1f (scratch)\n"),
          finetune->snapshot->examples_per_sec, ft_torch_device_name (ft_torch_best_device ()),
          scratch->snapshot->examples_per_sec);
}

static void
print_json (const FtCliRunResult *finetune, const FtCliRunResult *scratch)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_member (o, "finetune", ft_cli_run_result_to_json (finetune));
  json_object_set_member (o, "scratch", ft_cli_run_result_to_json (scratch));
  json_node_take_object (root, o);
  ft_cli_print_json (root);
}

int
ft_cli_experiment (int argc, char **argv)
{
  g_autoptr (FtTrainerConfig) finetune = NULL;
  g_autoptr (FtTrainerConfig) scratch = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (FtCliRunResult) finetune_result = { 0 };
  g_auto (FtCliRunResult) scratch_result = { 0 };
  gboolean json = FALSE;

  finetune = ft_cli_parse_train_options (FT_CLI_EXPERIMENT, argc, argv, NULL, &json, &error);
  if (finetune == NULL)
    return ft_cli_fail ("%s", error->message);
  ft_trainer_config_apply_finetune_preset (finetune);
  finetune->label = g_strdup (_ ("fine-tune"));
  /* Same seed, data order and every other setting: only the start and the rates differ. */
  scratch = ft_trainer_config_copy (finetune);
  ft_trainer_config_apply_scratch_preset (scratch);
  g_free (scratch->label);
  scratch->label = g_strdup (_ ("scratch"));
  if (!ft_trainer_config_validate (finetune, &error)
      || !ft_cli_run_trainer (finetune, NULL, _ ("fine-tune"), json, &finetune_result, &error)
      || !ft_cli_run_trainer (scratch, NULL, _ ("scratch"), json, &scratch_result, &error))
    return ft_cli_fail ("%s", error->message);
  print_table (&finetune_result, &scratch_result);
  printf (_ ("runs saved in %s and %s\n"), finetune_result.run_dir, scratch_result.run_dir);
  if (json)
    print_json (&finetune_result, &scratch_result);
  return 0;
}
