/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-archive.h"
#include "ft-cli-data.h"

int
ft_cli_import (int argc, char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_ ("Name of the data set; the archive’s name by default"), N_ ("NAME") },
    { "dest", 0, 0, G_OPTION_ARG_FILENAME, &dest,
      N_ ("Folder of data sets; $XDG_DATA_HOME/finetune/datasets by default"), N_ ("DIR") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("ARCHIVE|DIR"));
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_option_context_set_summary (context,
                                _ ("Unpack a zip or tar archive of train/ and test/ folders "
                                   "safely, or check such a folder, and print the path "
                                   "of the data set."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (argc != 2)
    return ft_cli_fail ("%s", _ ("import needs one archive (zip or tar) or folder."));
  path = ft_archive_import (argv[1], dest, name, NULL, NULL, NULL, &error);
  if (path == NULL)
    return ft_cli_fail ("%s", error->message);
  printf ("%s\n", path);
  return 0;
}
