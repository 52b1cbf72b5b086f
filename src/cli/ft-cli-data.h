/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-cli.h"

G_BEGIN_DECLS

/* finetune-cli fetch [--dataset hotdog] [--weights resnet18] [--cache DIR] [--base-url URL] */
int ft_cli_fetch (int argc, char **argv);
/* finetune-cli import ARCHIVE|DIR [--name NAME] [--dest DIR] */
int ft_cli_import (int argc, char **argv);
/* finetune-cli split DIR OUT_DIR [--test-fraction F] [--seed S] */
int ft_cli_split (int argc, char **argv);
/* finetune-cli synth OUT_DIR [--per-class N] [--size PX] [--seed S] */
int ft_cli_synth (int argc, char **argv);

G_END_DECLS
