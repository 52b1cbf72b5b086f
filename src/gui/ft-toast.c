/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-toast.h"

static const struct
{
  const char *label;
  const char *action;
} buttons[FT_TOAST_N_BUTTONS] = {
  [FT_TOAST_BUTTON_NONE] = { NULL, NULL },
  [FT_TOAST_BUTTON_RETRY_DOWNLOAD] = { N_ ("Retry"), "win.download-data" },
  [FT_TOAST_BUTTON_MAKE_PRACTICE] = { N_ ("Make the Practice Set"), "win.make-practice" },
  [FT_TOAST_BUTTON_OPEN_DATA] = { N_ ("Open…"), "win.open" },
  [FT_TOAST_BUTTON_CHOOSE_WEIGHTS] = { N_ ("Choose a File…"), "win.choose-weights" },
  [FT_TOAST_BUTTON_LOWER_RATE] = { N_ ("Lower the Rate"), "win.lower-rate" },
  [FT_TOAST_BUTTON_RETRY_TRAINING] = { N_ ("Retry"), "win.start" },
  [FT_TOAST_BUTTON_SHOW_RESULTS] = { N_ ("See Results"), "win.show-results" },
};

const char *
ft_toast_button_get_label (FtToastButton button)
{
  g_return_val_if_fail (button < FT_TOAST_N_BUTTONS, NULL);
  return buttons[button].label != NULL ? _ (buttons[button].label) : NULL;
}

const char *
ft_toast_button_get_action (FtToastButton button)
{
  g_return_val_if_fail (button < FT_TOAST_N_BUTTONS, NULL);
  return buttons[button].action;
}

void
ft_toast_show (GtkWidget *widget, AdwToast *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }
  g_message ("%s", adw_toast_get_title (toast));
  g_object_unref (g_object_ref_sink (toast));
}

void
ft_toast_show_message (GtkWidget *widget, const char *title, FtToastButton button)
{
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);
  g_return_if_fail (button < FT_TOAST_N_BUTTONS);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, button != FT_TOAST_BUTTON_NONE ? 10 : 5);
  if (button != FT_TOAST_BUTTON_NONE)
    {
      adw_toast_set_button_label (toast, ft_toast_button_get_label (button));
      adw_toast_set_action_name (toast, ft_toast_button_get_action (button));
    }
  ft_toast_show (widget, toast);
}
