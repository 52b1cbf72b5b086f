/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-batch.h"
#include "ft-image-folder.h"

G_BEGIN_DECLS

typedef struct
{
  guint batch_size; /* 128 in the recipe */
  guint image_size; /* 224 in the recipe; the test resize is image_size * 256 / 224 */
  gboolean augment; /* TRUE: RandomResizedCrop + flip; FALSE: Resize + CenterCrop */
  gboolean shuffle; /* reshuffle every epoch from (seed, epoch) */
  guint64 seed;
  guint n_threads;     /* decoding threads; 0 = CPUs available */
  gsize cache_bytes;   /* in-memory cache of decoded images; 0 = none */
  gboolean keep_empty; /* also hand over batches whose images were all unreadable (n = 0):
                        * data-parallel ranks must take every step together */
} FtLoaderOptions;

#define FT_TYPE_LOADER (ft_loader_get_type ())
G_DECLARE_FINAL_TYPE (FtLoader, ft_loader, FT, LOADER, GObject)

/*
 * ft_loader_new:
 * A pool of threads that decodes and transforms the images of @folder into
 * batches, the next one while the consumer works on the last.  Every random choice
 * derives from (seed, epoch, sample index): batches are bitwise identical
 * whatever @options->n_threads is.
 */
FtLoader *ft_loader_new (FtImageFolder *folder, const FtLoaderOptions *options);

guint ft_loader_get_n_batches (FtLoader *self);
/*
 * ft_loader_set_epoch_order:
 * From the next ft_loader_start_epoch() on, an epoch is the @n samples of
 * @order (indices of the folder's samples, repeats allowed), in that order,
 * instead of every sample (shuffled or not): one rank's shard of the data.
 * Ends the epoch in progress; ft_loader_get_n_batches() follows @n.
 */
void ft_loader_set_epoch_order (FtLoader *self, const guint *order, guint n);
/* Begins epoch @epoch (0-based); an epoch in progress is abandoned. */
void ft_loader_start_epoch (FtLoader *self, guint epoch);
/*
 * ft_loader_next:
 * Returns: (transfer full) (nullable): the next batch of the epoch; NULL at
 *   the end of the epoch (with @error unset), on cancellation
 *   (G_IO_ERROR_CANCELLED) or on failure.  Unreadable images are skipped,
 *   counted and warned about once each, so a batch may hold fewer images;
 *   one left with none is passed over unless @options->keep_empty.
 */
FtBatch *ft_loader_next (FtLoader *self, GCancellable *cancellable, GError **error);
/* Images skipped as unreadable so far. */
guint ft_loader_get_n_skipped (FtLoader *self);
/* Returns: (transfer full): the paths of the images skipped so far, sorted, NULL-terminated. */
char **ft_loader_dup_skipped (FtLoader *self);

G_END_DECLS
