/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/*
 * FtCliProgress:
 * One line at the bottom of a terminal that rewrites itself ("\r", then the
 * text, then an erase to the end of the line) while a command works.  On
 * anything but a terminal (a pipe, a file, TERM=dumb) or when @quiet, it
 * writes nothing at all, so that scripts see only the stable lines.  Every
 * function may be called from any thread.
 */
typedef struct _FtCliProgress FtCliProgress;

/* (transfer full) */
FtCliProgress *ft_cli_progress_new (FILE *stream, gboolean quiet);
void ft_cli_progress_free (FtCliProgress *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtCliProgress, ft_cli_progress_free)

gboolean ft_cli_progress_is_live (FtCliProgress *self);

/* TRUE when a new text would be drawn now: a tenth of a second has passed
 * since the last one.  Lets callers skip the work of composing it. */
gboolean ft_cli_progress_is_due (FtCliProgress *self);

/* Replaces the line with the text, cut to the terminal's width. */
void ft_cli_progress_show (FtCliProgress *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Shows @text followed by the time since this call, redrawn twice a second
 * from the main loop until the next show or clear. */
void ft_cli_progress_start_clock (FtCliProgress *self, const char *text);

/* Erases the line (and stops a clock), so that a stable line can follow. */
void ft_cli_progress_clear (FtCliProgress *self);

/* Ends the line where it stands, leaving its last text on screen. */
void ft_cli_progress_keep (FtCliProgress *self);

/* "0:42", "12:05" or "1:02:03"; "?" when not finite. (transfer full) */
char *ft_cli_progress_format_duration (double seconds);

G_END_DECLS
