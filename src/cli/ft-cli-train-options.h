/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-trainer-config.h"

G_BEGIN_DECLS

typedef enum
{
  FT_CLI_TRAIN,      /* every option of `train` */
  FT_CLI_EXPERIMENT, /* the options both runs of `experiment` share */
} FtCliTrainMode;

/*
 * Parses the options of `train` or `experiment` into a configuration that
 * starts from the book's fine-tuning run.  @out_dir (nullable) receives
 * --out and @json --json.  Returns NULL with @error set on a bad option.
 * --help prints the options and exits.
 */
FtTrainerConfig *ft_cli_parse_train_options (
  FtCliTrainMode mode, int argc, char **argv, char **out_dir, gboolean *json, GError **error);

G_END_DECLS
