/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-i18n.h"

#include <glib/gi18n.h>
#include <locale.h>

char *
ft_i18n_locale_dir (void)
{
  g_autofree char *exe = NULL;
  g_autofree char *bindir = NULL;
  g_autofree char *candidate = NULL;
  const char *from_env = g_getenv ("FINETUNE_LOCALEDIR");

  /* An uninstalled build finds its catalogues only when told where they were built. */
  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup (from_env);
  if (LOCALEDIR_FROM_BINDIR[0] == '\0')
    return g_strdup (LOCALEDIR);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe == NULL)
    return g_strdup (LOCALEDIR);
  bindir = g_path_get_dirname (exe);
  candidate = g_build_filename (bindir, LOCALEDIR_FROM_BINDIR, NULL);
  /* In the build tree there is no such folder, and the configured one is used. */
  if (!g_file_test (candidate, G_FILE_TEST_IS_DIR))
    return g_strdup (LOCALEDIR);
  return g_canonicalize_filename (candidate, NULL);
}

void
ft_i18n_init (void)
{
  g_autofree char *dir = ft_i18n_locale_dir ();

  setlocale (LC_ALL, "");
  /* Numbers in output that scripts read (the book's lines, CSV, JSON) keep the dot. */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
