/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * FtToastButton: every button a toast can offer.  Each names a window action, the only scope a
 * toast's button can reach: toasts sit in the window's overlay, above the pages.
 */
typedef enum
{
  FT_TOAST_BUTTON_NONE,
  FT_TOAST_BUTTON_RETRY_DOWNLOAD, /* the data set's download again */
  FT_TOAST_BUTTON_MAKE_PRACTICE,  /* the offline practice set */
  FT_TOAST_BUTTON_OPEN_DATA,      /* the chooser for a data set folder or archive */
  FT_TOAST_BUTTON_CHOOSE_WEIGHTS, /* the chooser for a weights file */
  FT_TOAST_BUTTON_LOWER_RATE,     /* a tenth of the learning rate, and train again */
  FT_TOAST_BUTTON_RETRY_TRAINING, /* Start again */
  FT_TOAST_BUTTON_SHOW_RESULTS,   /* the Results window of the run that ended */
  FT_TOAST_N_BUTTONS
} FtToastButton;

/* The button's label, translated, and the action it names; NULL for NONE. */
const char *ft_toast_button_get_label (FtToastButton button);
const char *ft_toast_button_get_action (FtToastButton button);

/**
 * ft_toast_show:
 * @widget: the widget the toast speaks for
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest #AdwToastOverlay above @widget, so that a page raises toasts
 * without knowing the window it sits in. With no overlay above it (a page on its own, in a
 * test), the toast's title goes to the log instead.
 */
void ft_toast_show (GtkWidget *widget, AdwToast *toast);

/**
 * ft_toast_show_message:
 * @widget: the widget the toast speaks for
 * @title: the sentence
 * @button: the way on it offers, or %FT_TOAST_BUTTON_NONE
 *
 * Shows a toast with @title and @button, as ft_toast_show() does.
 */
void ft_toast_show_message (GtkWidget *widget, const char *title, FtToastButton button);

G_END_DECLS
