/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ft-test-gui.h"

void
ft_test_gui_require_display (void)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      /* TAP's whole-program skip: meson counts it as skipped only with exit status 0. */
      g_print ("1..0 # SKIP no display\n");
      exit (0);
    }
}

char *
ft_test_gui_isolate (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ft-gui-test-XXXXXX", &error);
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *runs = NULL;

  g_assert_no_error (error);
  data = g_build_filename (dir, "data", NULL);
  cache = g_build_filename (dir, "cache", NULL);
  runs = g_build_filename (dir, "runs", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (cache, 0700);
  g_mkdir_with_parents (runs, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("FINETUNE_RUNS_DIR", runs, TRUE);
  /* nothing may leave the machine in a test */
  g_setenv ("FINETUNE_BASE_URL", "http://127.0.0.1:9/", TRUE);
  return dir;
}

void
ft_test_gui_remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    {
      g_unlink (dir);
      return;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        ft_test_gui_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

FtApplication *
ft_test_gui_app_new (void)
{
  FtApplication *app = ft_application_new ();
  g_autoptr (GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

FtWindow *
ft_test_gui_window_new (FtApplication *app, int width, int height)
{
  FtWindow *window = ft_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ft_test_gui_spin (300);
  return window;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

gboolean
ft_test_gui_wait (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

void
ft_test_gui_spin (guint ms)
{
  ft_test_gui_wait (never, NULL, ms);
}

GtkWidget *
ft_test_gui_find_in_toasts (FtWindow *window,
                            gboolean (*match) (GtkWidget *, gpointer),
                            gpointer data)
{
  GtkWidget *overlay = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkWidget *content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = child != content ? ft_test_gui_find (child, match, data) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ft_test_gui_find (GtkWidget *root, gboolean (*match) (GtkWidget *, gpointer), gpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ft_test_gui_find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *c = label; *c != '\0'; c++)
    if (*c != '_')
      g_string_append_c (text, *c);
  return g_string_free (text, FALSE);
}

static gboolean
is_button_labelled (GtkWidget *widget, gpointer label)
{
  g_autofree char *text = NULL;
  g_autofree char *wanted = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return FALSE;
  text = strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));
  wanted = strip_mnemonic (label);
  return g_str_equal (text, wanted);
}

GtkWidget *
ft_test_gui_find_button (GtkWidget *root, const char *label)
{
  return ft_test_gui_find (root, is_button_labelled, (gpointer) label);
}

static gboolean
is_row_titled (GtkWidget *widget, gpointer title)
{
  g_autofree char *text = NULL;
  g_autofree char *wanted = NULL;

  if (!ADW_IS_PREFERENCES_ROW (widget))
    return FALSE;
  text = strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  wanted = strip_mnemonic (title);
  return g_str_equal (text, wanted);
}

GtkWidget *
ft_test_gui_find_row (GtkWidget *root, const char *title)
{
  return ft_test_gui_find (root, is_row_titled, (gpointer) title);
}

static gboolean
names_action (GtkWidget *widget, gpointer action)
{
  return GTK_IS_ACTIONABLE (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

GtkWidget *
ft_test_gui_find_actionable (GtkWidget *root, const char *action)
{
  return ft_test_gui_find (root, names_action, (gpointer) action);
}

static gboolean
class_has_action (GtkWidget *widget, const char *action)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  const char *name, *property;
  const GVariantType *parameter_type;
  GType owner;
  guint i = 0;

  /* GTK 4.8 fills every out argument: none may be NULL */
  while (gtk_widget_class_query_action (klass, i++, &owner, &name, &parameter_type, &property))
    if (g_str_equal (name, action))
      return TRUE;
  return FALSE;
}

gboolean
ft_test_gui_action_resolves (GtkWidget *widget, const char *action)
{
  const char *dot = strchr (action, '.');

  g_assert_nonnull (dot);
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (class_has_action (w, action))
        return TRUE;
      if (GTK_IS_APPLICATION_WINDOW (w) && g_str_has_prefix (action, "win.")
          && g_action_group_has_action (G_ACTION_GROUP (w), dot + 1))
        return TRUE;
      if (GTK_IS_WINDOW (w) && g_str_has_prefix (action, "app.")
          && gtk_window_get_application (GTK_WINDOW (w)) != NULL)
        return g_action_group_has_action (
          G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (w))), dot + 1);
    }
  return FALSE;
}

void
ft_test_gui_click (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  /* on screen: an unmapped button ignores activation */
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_activate (widget));
  /* a realized button shows itself pressed and emits ::clicked 250 ms later */
  ft_test_gui_spin (350);
}

GtkWindow *
ft_test_gui_find_window (const char *title)
{
  GListModel *windows = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (windows, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

AdwMessageDialog *
ft_test_gui_find_dialog (void)
{
  GListModel *windows = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (windows, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

gboolean
ft_test_gui_answer_dialog (const char *label)
{
  AdwMessageDialog *dialog = ft_test_gui_find_dialog ();

  if (dialog == NULL)
    return FALSE;
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (dialog), label));
  return TRUE;
}

void
ft_test_gui_click_stop (GtkWidget *root)
{
  ft_test_gui_click (ft_test_gui_find_actionable (root, "win.stop"));
  /* a run of more than a few seconds asks first */
  ft_test_gui_answer_dialog (_ ("_Stop"));
}

void
ft_test_gui_setup_locale (void)
{
  const char *localedir = g_getenv ("FT_TEST_LOCALEDIR");

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
