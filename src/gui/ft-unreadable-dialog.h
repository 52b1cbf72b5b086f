/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * ft_unreadable_dialog_new:
 * @paths: the images a run skipped because they cannot be read
 * Returns: (transfer floating): a dialog that names each of them, with its folder, so that a
 *   person can find and replace or remove them.
 */
GtkWidget *ft_unreadable_dialog_new (GtkWindow *parent, const char *const *paths);

/*
 * ft_unreadable_toast_show:
 * Says, in a toast above @widget, how many images a run skipped, with a Show Them button
 * that opens the dialog above (through the window's "win.show-unreadable" action, whose
 * target is @paths).  Nothing when @paths is empty.
 */
void ft_unreadable_toast_show (GtkWidget *widget, const char *const *paths);

G_END_DECLS
