/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The screenshots that software centres show (data/screenshots/), taken from the runs in
 * $FINETUNE_RUNS_DIR: the Runs page with every run overlaid, and the newest fine-tuning run
 * reopened on the Training page.  tools/make-screenshots trains the runs and calls this.
 * Usage: shoot-metainfo OUT_DIR [WIDTHxHEIGHT]
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ft-plot-series.h"
#include "ft-runs-page.h"
#include "ft-test-gui.h"

static gboolean
is_check (GtkWidget *widget, gpointer data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static gboolean
has_tooltip (GtkWidget *widget, gpointer tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_list (GtkWidget *widget, gpointer data)
{
  return GTK_IS_LIST_BOX (widget);
}

static void
shoot (GtkWidget *widget, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  ft_test_gui_spin (500);
  ft_test_gui_screenshot (widget, path);
  g_print ("%s\n", path);
}

int
main (int argc, char **argv)
{
  int width = 1280, height = 800;
  g_autoptr (FtApplication) app = NULL;
  GtkWidget *page, *list, *finetune = NULL;
  g_autofree char *prefix = NULL;
  FtWindow *window;

  if (argc < 2 || (argc > 2 && sscanf (argv[2], "%dx%d", &width, &height) != 2))
    {
      g_printerr ("Usage: shoot-metainfo OUT_DIR [WIDTHxHEIGHT]\n");
      return 2;
    }
  ft_test_gui_require_display ();
  setlocale (LC_ALL, "");
  if (g_getenv ("FT_TEST_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FT_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  g_mkdir_with_parents (argv[1], 0755);
  app = ft_test_gui_app_new ();
  window = ft_test_gui_window_new (app, width, height);
  ft_window_show_page (window, "runs");
  ft_test_gui_spin (500);
  page = ft_window_get_page (window, "runs");
  list = ft_test_gui_find (page, is_list, NULL);
  /* the title of a fine-tuning run, up to its rate */
  prefix = g_strndup (_ ("Fine-tune, lr %s"),
                      strstr (_ ("Fine-tune, lr %s"), "%s") - _ ("Fine-tune, lr %s"));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = ft_test_gui_find (row, is_check, NULL);

      if (check == NULL)
        continue;
      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        ft_test_gui_click (check);
      if (finetune == NULL
          && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix))
        finetune = ft_test_gui_find (row, has_tooltip,
                                     (gpointer) _ ("Reopen: its plot on the Training page, its "
                                                   "settings on the Experiment page"));
    }
  shoot (GTK_WIDGET (window), argv[1], "runs.png");
  if (finetune != NULL)
    {
      ft_test_gui_click (finetune);
      shoot (GTK_WIDGET (window), argv[1], "training.png");
    }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
  return 0;
}
