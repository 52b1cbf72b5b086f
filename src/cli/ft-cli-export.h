/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* finetune-cli export --model RUN_DIR|model.pth --onnx OUT.onnx [--opset N] */
int ft_cli_export (int argc, char **argv);

G_END_DECLS
