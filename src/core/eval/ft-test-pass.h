/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-image-folder.h"
#include "ft-predictions.h"
#include "ft-torch.h"

G_BEGIN_DECLS

/*
 * ft_test_pass_run:
 * The test pass the trainer runs after each epoch, for a model without kept predictions: every
 * image of @test through the test transform at @image_size pixels, in batches of @batch_size,
 * in eval mode.  Unreadable images are skipped, as in training.
 * Returns: (transfer full): the predictions, paths relative to @test's folder, or NULL with
 *   @error set.
 */
FtPredictions *ft_test_pass_run (FtTorchModel *model,
                                 FtImageFolder *test,
                                 guint image_size,
                                 guint batch_size,
                                 GCancellable *cancellable,
                                 GError **error);

G_END_DECLS
