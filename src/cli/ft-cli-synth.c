/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-cli-data.h"
#include "ft-synth.h"

#define MAX_PER_CLASS 100000
#define MAX_SIZE 4096

int
ft_cli_synth (int argc, char **argv)
{
  gint per_class = 1000;
  gint size = 0;
  gint64 seed = 0;
  const GOptionEntry entries[] = {
    { "per-class", 0, 0, G_OPTION_ARG_INT, &per_class,
      N_ ("Training pictures per class (the test set gets 2/5 as many); 1000 by default"), "N" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size,
      N_ ("Largest side in pixels, the smallest being half of it; 100..640 by default"), "PX" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_ ("Seed of the drawings"), "S" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("OUT_DIR"));
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context, _ ("Draw an offline practice set of hot dogs and other "
                                            "foods, laid out as hotdog.zip."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (argc != 2)
    return ft_cli_fail ("%s", _ ("synth needs one output folder."));
  if (per_class < 1 || per_class > MAX_PER_CLASS)
    return ft_cli_fail (_ ("--per-class must be between 1 and %d."), MAX_PER_CLASS);
  if (size != 0 && (size < 16 || size > MAX_SIZE))
    return ft_cli_fail (_ ("--size must be between 16 and %d."), MAX_SIZE);
  if (seed < 0)
    return ft_cli_fail ("%s", _ ("--seed must not be negative."));
  if (!ft_synth_write (argv[1], per_class, size, seed, NULL, &error))
    return ft_cli_fail ("%s", error->message);
  printf ("%s\n", argv[1]);
  return 0;
}
