/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-rng.h"

/* SplitMix64's finaliser: a bijective mix with full avalanche. */
static guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

#define GOLDEN G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)

void
ft_rng_init (FtRng *rng, guint64 seed, guint64 epoch, guint64 index, guint purpose)
{
  guint64 h;

  g_return_if_fail (rng != NULL);

  h = mix64 (seed + GOLDEN);
  h = mix64 (h ^ (epoch + 2 * GOLDEN));
  h = mix64 (h ^ (index + 3 * GOLDEN));
  h = mix64 (h ^ ((guint64) purpose + 4 * GOLDEN));
  rng->state = h;
}

guint64
ft_rng_next (FtRng *rng)
{
  rng->state += GOLDEN;
  return mix64 (rng->state);
}

double
ft_rng_uniform (FtRng *rng)
{
  return (double) (ft_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

double
ft_rng_uniform_range (FtRng *rng, double lo, double hi)
{
  return lo + (hi - lo) * ft_rng_uniform (rng);
}

guint64
ft_rng_below (FtRng *rng, guint64 bound)
{
  guint64 limit, r;

  g_return_val_if_fail (bound > 0, 0);

  /* Reject the top partial range so every value is equally likely. */
  limit = G_MAXUINT64 - (G_MAXUINT64 % bound);
  do
    r = ft_rng_next (rng);
  while (r >= limit);
  return r % bound;
}
