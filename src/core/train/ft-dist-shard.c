/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-dist-shard.h"

#include "ft-trainer-model.h"
#include "ft-torch.h"

guint *
ft_dist_shard_train (guint n,
                     guint world,
                     guint rank,
                     gboolean shuffle,
                     guint64 seed,
                     guint epoch,
                     guint *n_out,
                     GError **error)
{
  g_autofree gint64 *perm = g_new (gint64, MAX (n, 1));
  guint per_rank, *shard;

  g_return_val_if_fail (world >= 1 && rank < world && n_out != NULL, NULL);

  if (shuffle)
    {
      if (!ft_trainer_take_status (ft_torch_randperm (n, seed + epoch, perm), error))
        return NULL;
    }
  else
    for (guint i = 0; i < n; i++)
      perm[i] = i;
  per_rank = (n + world - 1) / world;
  shard = g_new (guint, MAX (per_rank, 1));
  /* Position k of the padded list is perm[k % n]: the head repeated, as often as needed. */
  for (guint i = 0; i < per_rank; i++)
    shard[i] = n ? (guint) perm[((gsize) i * world + rank) % n] : 0;
  *n_out = n ? per_rank : 0;
  return shard;
}

guint *
ft_dist_shard_test (guint n, guint world, guint rank, guint *n_out)
{
  guint count = 0;
  guint *shard;

  g_return_val_if_fail (world >= 1 && rank < world && n_out != NULL, NULL);

  shard = g_new (guint, n / world + 1);
  for (guint i = rank; i < n; i += world)
    shard[count++] = i;
  *n_out = count;
  return shard;
}
