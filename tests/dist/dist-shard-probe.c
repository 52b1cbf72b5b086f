/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints every rank's training shard of N samples among W ranks for epochs 0 to EPOCHS - 1, one
 * line "EPOCH RANK INDEX…" each: dist-shard-probe N W SEED SHUFFLE(0|1) EPOCHS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ft-dist-shard.h"

int
main (int argc, char **argv)
{
  guint n, world, epochs;
  guint64 seed;
  gboolean shuffle;

  if (argc != 6)
    {
      fprintf (stderr, "usage: %s N W SEED SHUFFLE EPOCHS\n", argv[0]);
      return 2;
    }
  n = (guint) atoi (argv[1]);
  world = (guint) atoi (argv[2]);
  seed = g_ascii_strtoull (argv[3], NULL, 10);
  shuffle = atoi (argv[4]) != 0;
  epochs = (guint) atoi (argv[5]);
  for (guint epoch = 0; epoch < epochs; epoch++)
    for (guint rank = 0; rank < world; rank++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree guint *shard = NULL;
        guint count = 0;

        shard = ft_dist_shard_train (n, world, rank, shuffle, seed, epoch, &count, &error);
        if (shard == NULL)
          {
            fprintf (stderr, "%s\n", error->message);
            return 1;
          }
        printf ("%u %u", epoch, rank);
        for (guint i = 0; i < count; i++)
          printf (" %u", shard[i]);
        printf ("\n");
      }
  return 0;
}
