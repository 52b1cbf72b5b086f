/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A command's work; Ctrl+C cancels @cancellable, which it checks as it goes. */
typedef void (*FtCliWorkFunc) (gpointer data, GCancellable *cancellable);

/*
 * ft_cli_run_interruptible:
 * Runs @func on a thread named @name while the main loop waits for SIGINT
 * or SIGTERM, either of which cancels the cancellable @func is given.
 * Returns once @func has returned.
 */
void ft_cli_run_interruptible (const char *name, FtCliWorkFunc func, gpointer data);

G_END_DECLS
