/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "ft-application.h"
#include "ft-window.h"

struct _FtApplication
{
  AdwApplication parent_instance;
  gboolean activated; /* by g_application_run(): this process is the program */
  guint quit_source;
};

G_DEFINE_FINAL_TYPE (FtApplication, ft_application, ADW_TYPE_APPLICATION)

static void
ft_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  FT_APPLICATION (app)->activated = TRUE;
  if (window == NULL)
    window = GTK_WINDOW (ft_window_new (FT_APPLICATION (app)));
  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing the windows saves their size and stops training; the application
   * ends once no window is left and no training run holds it. */
  for (GList *w = windows; w != NULL; w = w->next)
    gtk_window_close (GTK_WINDOW (w->data));
  g_list_free (windows);
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  static const char *developers[] = { "The Finetune authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for", parent, "application-name",
                        _ ("Finetune"), "application-icon", APP_ID, "version", PACKAGE_VERSION,
                        "comments",
                        _ ("Fine-tune ResNet-18 on your own photos and watch it learn, "
                           "as in the “Fine-Tuning” chapter of Dive into Deep Learning."),
                        "website", "https://d2l.ai/chapter_computer-vision/fine-tuning.html",
                        "license-type", GTK_LICENSE_GPL_3_0, "developers", developers,
                        "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
ft_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ft_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
ft_application_class_init (FtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ft_application_activate;
  app_class->startup = ft_application_startup;
}

static void
ft_application_init (FtApplication *self)
{
}

typedef struct
{
  GFunc before_exit;
  gpointer data;
} QuitNow;

static gboolean
quit_now_cb (gpointer user_data)
{
  QuitNow *quit = user_data;

  if (quit->before_exit != NULL)
    quit->before_exit (quit->data, NULL);
  fflush (NULL);
  _exit (0);
  return G_SOURCE_REMOVE;
}

void
ft_application_quit_within (
  FtApplication *self, guint ms, GFunc before_exit, gpointer data, GDestroyNotify destroy)
{
  QuitNow *quit;

  g_return_if_fail (FT_IS_APPLICATION (self));

  if (!self->activated || self->quit_source != 0)
    {
      if (destroy != NULL)
        destroy (data);
      return;
    }
  /* A run that stops sooner releases the application, which then ends the usual way. */
  quit = g_new (QuitNow, 1);
  *quit = (QuitNow){ before_exit, data };
  self->quit_source = g_timeout_add (ms, quit_now_cb, quit);
}

FtApplication *
ft_application_new (void)
{
  return g_object_new (FT_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
                       "/io/github/finetune/Finetune", NULL);
}
