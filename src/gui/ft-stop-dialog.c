/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ft-stop-dialog.h"

static char *
format_trained (double seconds)
{
  int s = (int) round (seconds);

  if (s < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", s), s);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", s / 60), s / 60);
}

GtkWidget *
ft_stop_dialog_new (GtkWindow *parent, FtStopDialogKind kind, double seconds)
{
  g_autofree char *trained = format_trained (seconds);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  gboolean closing = kind == FT_STOP_DIALOG_CLOSE;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  if (closing && seconds < 1)
    body = g_strdup (_ ("The run has just started. Closing the window stops it."));
  else
    body = g_strdup_printf (
      closing ? _ ("The run has trained for %s. Closing the window stops it; the last finished "
                   "epoch is kept on the Runs page.")
              : _ ("The run has trained for %s. Stopping keeps the last finished epoch; the rest "
                   "of the run is lost."),
      trained);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent, closing ? _ ("Stop Training and Close?") : _ ("Stop Training?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Keep Training"),
                                    FT_STOP_DIALOG_RESPONSE_STOP,
                                    closing ? _ ("Stop and _Close") : _ ("_Stop"), NULL);
  adw_message_dialog_set_response_appearance (dialog, FT_STOP_DIALOG_RESPONSE_STOP,
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Return and Escape both keep the run: losing it takes a deliberate click or Alt key. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return GTK_WIDGET (dialog);
}
