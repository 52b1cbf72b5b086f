/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

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

G_END_DECLS
