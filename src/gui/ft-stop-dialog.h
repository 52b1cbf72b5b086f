/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the person asked for while a run was going. */
typedef enum
{
  FT_STOP_DIALOG_STOP,  /* Stop: the run ends, the window stays */
  FT_STOP_DIALOG_CLOSE, /* closing the window: the run ends and the application with it */
} FtStopDialogKind;

/* The response that goes ahead; "cancel" keeps training (Escape, or the default button). */
#define FT_STOP_DIALOG_RESPONSE_STOP "stop"

/**
 * ft_stop_dialog_new:
 * @parent: the window the run belongs to
 * @kind: what the person asked for
 * @seconds: how long the run has trained
 *
 * Returns: (transfer floating): a dialog asking whether to stop a run that has trained for
 * @seconds; the last finished epoch is kept either way.
 */
GtkWidget *ft_stop_dialog_new (GtkWindow *parent, FtStopDialogKind kind, double seconds);

G_END_DECLS
