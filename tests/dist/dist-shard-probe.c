/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints rank RANK's training shard of N samples among W ranks in EPOCH, one index a line:
 * dist-shard-probe N W RANK SEED EPOCH SHUFFLE(0|1). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ft-dist-shard.h"

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint *shard = NULL;
  guint n = 0;

  if (argc != 7)
    {
      fprintf (stderr, "usage: %s N W RANK SEED EPOCH SHUFFLE\n", argv[0]);
      return 2;
    }
  shard = ft_dist_shard_train (
    (guint) atoi (argv[1]), (guint) atoi (argv[2]), (guint) atoi (argv[3]), atoi (argv[6]) != 0,
    g_ascii_strtoull (argv[4], NULL, 10), (guint) atoi (argv[5]), &n, &error);
  if (shard == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < n; i++)
    printf ("%u\n", shard[i]);
  return 0;
}
