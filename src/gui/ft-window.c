/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-window.h"

struct _FtWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (FtWindow, ft_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ft_window_class_init (FtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/finetune/Finetune/ft-window.ui");
}

static void
ft_window_init (FtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FtWindow *
ft_window_new (FtApplication *application)
{
  return g_object_new (FT_TYPE_WINDOW, "application", application, NULL);
}
