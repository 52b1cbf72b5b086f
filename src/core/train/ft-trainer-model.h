/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-torch.h"
#include "ft-trainer-config.h"

G_BEGIN_DECLS

/* Turns a failed shim call into @error (and frees @status); TRUE on success. */
gboolean ft_trainer_take_status (FtTorchStatus *status, GError **error);

/*
 * ft_trainer_find_source_rows:
 * For each of @class_names, the ImageNet class it names (ignoring case,
 * spaces, hyphens and underscores), or -1.
 * @matched: (out) (transfer full): "name=index" for each match.
 * Returns: (transfer full): one entry per class.
 */
int *ft_trainer_find_source_rows (const char *const *class_names, char ***matched);

/*
 * ft_trainer_build_model:
 * The network of @config for @class_names: seeds libtorch with the
 * config's seed, then either loads the ImageNet weights (1000 classes,
 * strict) and puts a new head on them (rows of matching classes copied
 * when reuse_classifier is set) or builds a random network; then freezes,
 * sets the precision and the memory format.
 * @matched: (out) (optional) (transfer full): as ft_trainer_find_source_rows.
 */
FtTorchModel *ft_trainer_build_model (const FtTrainerConfig *config,
                                      const char *const *class_names,
                                      char ***matched,
                                      GError **error);

/* The optimiser of @config over @model's trainable parameters. */
FtTorchSgd *
ft_trainer_build_sgd (const FtTrainerConfig *config, FtTorchModel *model, GError **error);

G_END_DECLS
