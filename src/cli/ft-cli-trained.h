/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-run.h"
#include "ft-torch.h"

G_BEGIN_DECLS

/* A trained model named on the command line: a run folder, or the model.pth in one. */
typedef struct
{
  FtRun *run;
  char **classes;
  char *model_path;
  gboolean is_model_file; /* named as model.pth rather than as its folder */
  guint size;
  FtTorchPrecision precision;
} FtCliTrained;

/* Finds the run of @path, its model, class names and image size. */
gboolean ft_cli_trained_find (const char *path, FtCliTrained *trained, GError **error);
/* Loads the model in the run's precision. (transfer full) */
FtTorchModel *ft_cli_trained_load (const FtCliTrained *trained, GError **error);
void ft_cli_trained_clear (FtCliTrained *trained);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FtCliTrained, ft_cli_trained_clear)

G_END_DECLS
