/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * ft_dist_shard_train:
 * Rank @rank's share of @n training samples in epoch @epoch, exactly as
 * torch.utils.data.DistributedSampler(shuffle=@shuffle, seed=@seed,
 * drop_last=False) after set_epoch(@epoch) yields it: perm = randperm(@n)
 * from a generator seeded with @seed + @epoch (0 .. @n - 1 without
 * shuffle), padded by repeating its head to a multiple of @world, and
 * perm[rank::world].
 * Returns: (transfer full): ceil(@n / @world) indices, stored in @n_out.
 */
guint *ft_dist_shard_train (guint n,
                            guint world,
                            guint rank,
                            gboolean shuffle,
                            guint64 seed,
                            guint epoch,
                            guint *n_out,
                            GError **error);

/* Rank @rank's share of @n test samples: @rank, @rank + @world, … without padding, so that the
 * ranks together see each sample once.  (transfer full); the count goes to @n_out. */
guint *ft_dist_shard_test (guint n, guint world, guint rank, guint *n_out);

G_END_DECLS
