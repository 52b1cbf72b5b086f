/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-settings.h"
#include "ft-test-gui.h"
#include "ft-toast.h"
#include "ft-training-page.h"

static char *root;
static FtApplication *app;

/* The overlay's children other than the window's content are the toasts on show. */
static GtkWidget *
toast_overlay (FtWindow *window)
{
  return adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
}

static GtkWidget *
find_in_toasts (FtWindow *window, const char *label)
{
  GtkWidget *overlay = toast_overlay (window);
  GtkWidget *content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (child == content)
        continue;
      found = ft_test_gui_find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_toast_label (GtkWidget *widget, gpointer title)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), title) == 0;
}

static gboolean
is_close_button (GtkWidget *widget, gpointer data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic")
              == 0;
}

/* Closes every toast on show with its close button, queued ones too. */
static void
dismiss_toasts (FtWindow *window)
{
  GtkWidget *overlay = toast_overlay (window);
  GtkWidget *content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  for (guint round = 0; round < 20; round++)
    {
      GtkWidget *close = NULL;

      for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL && close == NULL;
           child = gtk_widget_get_next_sibling (child))
        if (child != content)
          close = ft_test_gui_find (child, is_close_button, NULL);
      if (close == NULL)
        return;
      gtk_widget_activate (close);
      ft_test_gui_spin (400);
    }
}

typedef struct
{
  FtWindow *window;
  const char *title;
} ToastQuery;

/* Whether a toast other than @title is on show. */
static gboolean
other_toast_shown (gpointer data)
{
  ToastQuery *query = data;
  GtkWidget *overlay = toast_overlay (query->window);
  GtkWidget *content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content
        && ft_test_gui_find (child, has_toast_label, (gpointer) query->title) == NULL)
      return TRUE;
  return FALSE;
}

static gboolean
has_data_dir (gpointer data)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *dir = g_settings_get_string (settings, "data-dir");

  return dir[0] != '\0';
}

static gboolean
window_shown (gpointer title)
{
  return ft_test_gui_find_window (title) != NULL;
}

static gboolean
window_gone (gpointer title)
{
  return ft_test_gui_find_window (title) == NULL;
}

static gboolean
running (gpointer page)
{
  return ft_training_page_get_running (page);
}

static gboolean
not_running (gpointer page)
{
  return !ft_training_page_get_running (page);
}

/* Closes the chooser titled @title with its Cancel button. */
static void
cancel_chooser (const char *title)
{
  GtkWindow *chooser;

  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) title, 5000));
  chooser = ft_test_gui_find_window (title);
  g_assert_true (GTK_IS_FILE_CHOOSER (chooser));
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (chooser), "Cancel"));
  g_assert_true (ft_test_gui_wait (window_gone, (gpointer) title, 5000));
}

static void
stop_training (FtWindow *window)
{
  GtkWidget *page = ft_window_get_page (window, "training");

  ft_test_gui_click_stop (page);
  g_assert_true (ft_test_gui_wait (not_running, page, 30000));
}

/* What clicking each toast button must lead to. */
static void
check_effect (FtWindow *window, FtToastButton button, const char *title)
{
  GtkWidget *training = ft_window_get_page (window, "training");
  g_autoptr (GSettings) settings = ft_settings_new ();
  ToastQuery query = { window, title };

  switch (button)
    {
    case FT_TOAST_BUTTON_RETRY_DOWNLOAD:
      /* the download runs again, and fails again here, offline by design */
      g_assert_true (ft_test_gui_wait (other_toast_shown, &query, 20000));
      break;
    case FT_TOAST_BUTTON_MAKE_PRACTICE:
      g_assert_true (ft_test_gui_wait (has_data_dir, NULL, 60000));
      break;
    case FT_TOAST_BUTTON_OPEN_DATA:
      /* folder or archive first, then that chooser */
      g_assert_true (ft_test_gui_wait (window_shown, (gpointer) _ ("Open a Data Set"), 5000));
      ft_test_gui_click (ft_test_gui_find_button (
        GTK_WIDGET (ft_test_gui_find_window (_ ("Open a Data Set"))), _ ("Archive…")));
      cancel_chooser (_ ("Open an Archive"));
      break;
    case FT_TOAST_BUTTON_CHOOSE_WEIGHTS:
      cancel_chooser (_ ("Choose a Weights File"));
      break;
    case FT_TOAST_BUTTON_LOWER_RATE:
      g_assert_true (ft_test_gui_wait (running, training, 5000));
      g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "lr"), 0.05, 1e-9);
      stop_training (window);
      break;
    case FT_TOAST_BUTTON_RETRY_TRAINING:
      g_assert_true (ft_test_gui_wait (running, training, 5000));
      stop_training (window);
      break;
    case FT_TOAST_BUTTON_SHOW_RESULTS:
      /* the run that Retry started and stopped: its Results window opens */
      g_assert_true (ft_test_gui_wait (window_shown, (gpointer) _ ("Results"), 5000));
      gtk_window_destroy (ft_test_gui_find_window (_ ("Results")));
      g_assert_true (ft_test_gui_wait (window_gone, (gpointer) _ ("Results"), 5000));
      break;
    case FT_TOAST_BUTTON_NONE:
    case FT_TOAST_N_BUTTONS:
      g_assert_not_reached ();
    }
}

/* Every toast the code can raise offers one of FtToastButton's buttons; each must be clickable
 * from the toast, in the window's overlay, and do what it says. */
static void
test_toast_buttons (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  FtWindow *window = ft_test_gui_window_new (app, 1100, 760);
  /* the order matters: the practice set is made before training starts */
  static const FtToastButton order[] = {
    FT_TOAST_BUTTON_RETRY_DOWNLOAD, FT_TOAST_BUTTON_MAKE_PRACTICE,  FT_TOAST_BUTTON_OPEN_DATA,
    FT_TOAST_BUTTON_CHOOSE_WEIGHTS, FT_TOAST_BUTTON_RETRY_TRAINING, FT_TOAST_BUTTON_LOWER_RATE,
    FT_TOAST_BUTTON_SHOW_RESULTS,
  };

  g_assert_cmpuint (G_N_ELEMENTS (order), ==, FT_TOAST_N_BUTTONS - 1);
  ft_settings_apply_preset (settings, FT_PRESET_SCRATCH);
  g_settings_set_uint (settings, "epochs", 50);
  g_settings_set_uint (settings, "batch-size", 8);
  g_settings_set_uint (settings, "image-size", 32);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *label = ft_toast_button_get_label (order[i]);
      g_autofree char *title = g_strdup_printf ("toast %u", i);
      GtkWidget *button;

      g_test_message ("toast button “%s” (%s)", label, ft_toast_button_get_action (order[i]));
      if (order[i] == FT_TOAST_BUTTON_LOWER_RATE)
        g_settings_set_double (settings, "lr", 0.5);
      dismiss_toasts (window);
      ft_toast_show_message (ft_window_get_page (window, "data"), title, order[i]);
      ft_test_gui_spin (300);
      button = find_in_toasts (window, label);
      g_assert_nonnull (button);
      g_assert_true (ft_test_gui_action_resolves (button, ft_toast_button_get_action (order[i])));
      ft_test_gui_click (button);
      check_effect (window, order[i], title);
    }
  dismiss_toasts (window);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static guint n_checked;

static void
check_menu (GtkWidget *owner, GMenuModel *menu)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        {
          g_test_message ("menu item %s", action);
          g_assert_true (ft_test_gui_action_resolves (owner, action));
          n_checked++;
        }
      if ((link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION)) != NULL)
        check_menu (owner, link);
      g_clear_object (&link);
      if ((link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU)) != NULL)
        check_menu (owner, link);
      g_clear_object (&link);
    }
}

static gboolean
check_actionable (GtkWidget *widget, gpointer data)
{
  if (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)))
    {
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

      if (!ft_test_gui_action_resolves (widget, action))
        g_error ("%s names %s, which does not resolve from it", G_OBJECT_TYPE_NAME (widget),
                 action);
      n_checked++;
    }
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    check_menu (widget, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  return FALSE;
}

/* Every button and menu item in the window names an action that resolves from where it sits. */
static void
test_widgets_resolve (void)
{
  FtWindow *window = ft_test_gui_window_new (app, 1100, 760);

  n_checked = 0;
  g_assert_null (ft_test_gui_find (GTK_WIDGET (window), check_actionable, NULL));
  g_test_message ("%u actions checked", n_checked);
  g_assert_cmpuint (n_checked, >=, 10);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

int
main (int argc, char **argv)
{
  int status;

  ft_test_gui_require_display ();
  root = ft_test_gui_isolate ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/actions/widgets-resolve", test_widgets_resolve);
  g_test_add_func ("/actions/toast-buttons", test_toast_buttons);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
