/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ft-torch.h"

G_BEGIN_DECLS

/* What a trained model says of one image: its classes' probabilities and a heat map. */
typedef struct
{
  int n_classes;
  double *probs;       /* n_classes */
  int predicted;       /* the most probable class */
  int target;          /* the class of the heat map */
  GdkTexture *overlay; /* the Grad-CAM overlay on the crop the network saw */
} FtResultsCam;

void ft_results_cam_free (FtResultsCam *cam);

/*
 * Loads @model_path (a ResNet-18 of @n_classes outputs, run in @precision), decodes @image_path
 * and computes its Grad-CAM at @size pixels for class @target (-1: the predicted one), all on a
 * worker thread.
 */
void ft_results_cam_async (const char *model_path,
                           int n_classes,
                           FtTorchPrecision precision,
                           guint size,
                           const char *image_path,
                           int target,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
/* (transfer full) */
FtResultsCam *ft_results_cam_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtResultsCam, ft_results_cam_free)

G_END_DECLS
