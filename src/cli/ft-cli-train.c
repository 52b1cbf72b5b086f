/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-cli.h"
#include "ft-cli-train-options.h"
#include "ft-cli-trainer.h"
#include "ft-torch.h"

int
ft_cli_train (int argc, char **argv)
{
  g_autoptr (FtTrainerConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out_dir = NULL;
  g_auto (FtCliRunResult) result = { 0 };
  gboolean json = FALSE;

  config = ft_cli_parse_train_options (FT_CLI_TRAIN, argc, argv, &out_dir, &json, &error);
  if (config == NULL)
    return ft_cli_fail ("%s", error->message);
  if (!ft_cli_run_trainer (config, out_dir, NULL, json, &result, &error))
    return ft_cli_fail ("%s", error->message);
  printf ("%.1f examples/sec on [%s]\n", result.snapshot->examples_per_sec,
          ft_torch_device_name (ft_torch_best_device ()));
  printf (_ ("run saved in %s\n"), result.run_dir);
  if (json)
    {
      g_autoptr (JsonNode) node = ft_cli_run_result_to_json (&result);
      ft_cli_print_json (node);
    }
  return 0;
}
