/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each command takes the arguments after its name (argv[0] is the command)
 * and returns the process exit status. */
typedef int (*FtCliCommandFunc) (int argc, char **argv);

/* Prints "finetune-cli: MESSAGE" on stderr and returns 1. */
int ft_cli_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
