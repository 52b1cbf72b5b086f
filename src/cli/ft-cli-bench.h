/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-cli.h"

G_BEGIN_DECLS

/* finetune-cli bench [--data DIR] [--batch N] [--threads N] [--json] */
int ft_cli_bench (int argc, char **argv);

G_END_DECLS
