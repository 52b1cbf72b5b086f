/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FT_TYPE_APPLICATION (ft_application_get_type ())
G_DECLARE_FINAL_TYPE (FtApplication, ft_application, FT, APPLICATION, AdwApplication)

FtApplication *ft_application_new (void);

/*
 * ft_application_quit_within:
 * Ends the process within @ms, even while a training step still runs: a libtorch step cannot be
 * interrupted, and a normal exit under it crashes.  The run folder loses nothing: it holds the
 * last finished epoch, written whole, and @before_exit (@data, NULL), called just before the
 * end, records how the run ended.  Only the program itself ends so; an application driven
 * without g_application_run() (in a test) is left alone.
 */
void ft_application_quit_within (
  FtApplication *self, guint ms, GFunc before_exit, gpointer data, GDestroyNotify destroy);

G_END_DECLS
