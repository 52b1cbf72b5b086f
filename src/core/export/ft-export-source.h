/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-torch.h"

G_BEGIN_DECLS

/* A trained model to export: its weights and what a consumer needs to use them. */
typedef struct
{
  char *model_path; /* model.pth */
  char **classes;   /* in the model's output order */
  guint image_size; /* the side of the square input */
} FtExportSource;

/*
 * ft_export_source_find:
 * @path: a run folder, or a model.pth inside one.  The class names come
 * from the run's classes.txt, or else from the data set it trained on.
 */
gboolean ft_export_source_find (const char *path, FtExportSource *source, GError **error);
void ft_export_source_clear (FtExportSource *source);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FtExportSource, ft_export_source_clear)

/*
 * ft_export_source_load:
 * The ResNet-18 in @source's model.pth, in fp32, checked against its
 * class count.  (transfer full): free with ft_torch_model_free().
 */
FtTorchModel *ft_export_source_load (const FtExportSource *source, GError **error);

G_END_DECLS
