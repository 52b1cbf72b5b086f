/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-application.h"
#include "ft-i18n.h"

int
main (int argc, char **argv)
{
  g_autoptr (FtApplication) app = NULL;

  ft_i18n_init ();

  app = ft_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
