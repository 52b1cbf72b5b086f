/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-predictions: times the writing of one epoch's predictions file.
 *   bench-predictions N_IMAGES N_CLASSES REPS
 * Fills predictions of N_IMAGES images (paths as hotdog's test set names them) and writes them
 * REPS times into a temporary folder, as the trainer does after each epoch's test pass (built in
 * memory, written to a temporary name, synced and renamed); prints one JSON object with the
 * fastest write's seconds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ft-file-tree.h"
#include "ft-predictions.h"

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: bench-predictions N_IMAGES N_CLASSES REPS\n");
      return 2;
    }
  guint n = (guint) atoi (argv[1]), classes = (guint) atoi (argv[2]), reps = (guint) atoi (argv[3]);
  if (n < 1 || classes < 1 || reps < 1)
    return 2;
  g_autofree char *dir = g_dir_make_tmp ("bench-predictions-XXXXXX", NULL);
  g_autofree char *file = ft_predictions_file (dir, 1);
  g_autofree float *logits = g_new (float, classes);
  double best = 1e300;

  for (guint r = 0; r < reps; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (FtPredictions) p = ft_predictions_new (classes);

      for (guint i = 0; i < n; i++)
        {
          char path[64];
          for (guint c = 0; c < classes; c++)
            logits[c] = (float) (i * 0.37 - c * 1.3);
          g_snprintf (path, sizeof path, "%s/%u.png", i % 2 ? "not-hotdog" : "hotdog", 1000 + i);
          ft_predictions_add (p, path, i % classes, logits);
        }
      if (!ft_predictions_write (p, file, NULL))
        return 1;
      best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
    }
  printf ("{\"images\": %u, \"classes\": %u, \"best_seconds\": %.6f}\n", n, classes, best);
  ft_file_tree_remove (dir);
  return 0;
}
