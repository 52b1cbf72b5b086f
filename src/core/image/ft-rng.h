/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A small counter-based generator: the stream for a key is a pure function
 * of (seed, epoch, index, purpose), so the random choices made for a sample
 * do not depend on which thread makes them or in what order.
 */
typedef struct
{
  guint64 state;
} FtRng;

/* The purposes a stream is drawn for, so that they never share numbers. */
enum
{
  FT_RNG_SHUFFLE = 1,
  FT_RNG_AUGMENT = 2,
};

void ft_rng_init (FtRng *rng, guint64 seed, guint64 epoch, guint64 index, guint purpose);
guint64 ft_rng_next (FtRng *rng);
/* A double uniform in [0, 1) with 53 random bits. */
double ft_rng_uniform (FtRng *rng);
/* A double uniform in [lo, hi). */
double ft_rng_uniform_range (FtRng *rng, double lo, double hi);
/* An integer uniform in [0, bound), without modulo bias; @bound > 0. */
guint64 ft_rng_below (FtRng *rng, guint64 bound);

G_END_DECLS
