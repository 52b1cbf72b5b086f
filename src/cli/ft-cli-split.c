/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-cli-data.h"
#include "ft-split.h"

int
ft_cli_split (int argc, char **argv)
{
  double fraction = FT_SPLIT_DEFAULT_TEST_FRACTION;
  gint64 seed = 0;
  const GOptionEntry entries[] = {
    { "test-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &fraction,
      N_ ("Share of each class held out for testing (0.2 by default)"), N_ ("F") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_ ("Seed of the split (0 by default)"), N_ ("S") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("DIR OUT_DIR"));
  g_autoptr (GError) error = NULL;
  guint copied = 0;

  g_option_context_set_summary (
    context, _ ("Split a folder of class folders into OUT_DIR/train and OUT_DIR/test, the same "
                "way for the same seed, leaving the photos untouched: they are hard-linked, or "
                "copied where links cannot be made."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (argc != 3)
    return ft_cli_fail ("%s", _ ("split needs a folder of class folders and a new folder to "
                                 "write the split into."));
  if (seed < 0)
    return ft_cli_fail ("%s", _ ("The seed must be 0 or more."));
  if (!ft_split_write (argv[1], argv[2], fraction, (guint64) seed, &copied, NULL, &error))
    return ft_cli_fail ("%s", error->message);
  if (copied > 0)
    g_printerr (ngettext ("%u file could not be hard-linked and was copied.\n",
                          "%u files could not be hard-linked and were copied.\n", copied),
                copied);
  printf ("%s\n", argv[2]);
  return 0;
}
