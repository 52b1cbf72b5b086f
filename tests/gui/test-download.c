/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ft-data-page.h"
#include "ft-settings.h"
#include "ft-test-gui.h"
#include "ft-test-server.h"

/* The Data page's download of the hot dogs, against a server on this machine that fails in
 * each of the ways a real one can: whatever the end, the page never keeps "Connecting…" and
 * the toast's own buttons lead on. */

#define ZIP_NAME "hotdog.zip"
#define ZIP_SIZE (512 * 1024)

static int width = 800, height = 600;
static char *root;
static char *shots;
static FtApplication *app;
static FtTestServer *server;

/* A shown label or progress bar whose text holds @data. */
static gboolean
shows_text (GtkWidget *widget, gpointer data)
{
  const char *shown = NULL;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget))
    shown = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_PROGRESS_BAR (widget)
           && gtk_progress_bar_get_show_text (GTK_PROGRESS_BAR (widget)))
    shown = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (widget));
  return shown != NULL && strstr (shown, data) != NULL;
}

static gboolean
is_shown_progress (GtkWidget *widget, gpointer data)
{
  return GTK_IS_PROGRESS_BAR (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_button_labelled (GtkWidget *widget, gpointer label)
{
  return GTK_IS_BUTTON (widget) && ft_test_gui_find_button (widget, label) == widget;
}

static gboolean
is_close_button (GtkWidget *widget, gpointer data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic")
              == 0;
}

/* Closes every toast on show with its own close button, queued ones too. */
static void
dismiss_toasts (FtWindow *window)
{
  for (guint round = 0; round < 20; round++)
    {
      GtkWidget *close = ft_test_gui_find_in_toasts (window, is_close_button, NULL);

      if (close == NULL)
        return;
      gtk_widget_activate (close);
      ft_test_gui_spin (400);
    }
}

typedef struct
{
  FtWindow *window;
  const char *text;
} Query;

static gboolean
toast_says (gpointer data)
{
  Query *query = data;

  return ft_test_gui_find_in_toasts (query->window, shows_text, (gpointer) query->text) != NULL;
}

static gboolean
page_says (gpointer data)
{
  Query *query = data;

  return ft_test_gui_find (ft_window_get_page (query->window, "data"), shows_text,
                           (gpointer) query->text)
         != NULL;
}

static gboolean
page_downloading (gpointer data)
{
  Query *query = data;
  GtkWidget *page = ft_window_get_page (query->window, "data");

  return ft_test_gui_find (page, is_shown_progress, NULL) != NULL
         && ft_test_gui_find_button (page, _ ("_Cancel")) != NULL
         && gtk_widget_get_mapped (ft_test_gui_find_button (page, _ ("_Cancel")));
}

static gboolean
widget_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

static gboolean
more_requests (gpointer data)
{
  return ft_test_server_requests (server) > GPOINTER_TO_UINT (data);
}

static gboolean
page_settled (gpointer data)
{
  FtWindow *window = data;
  GtkWidget *page = ft_window_get_page (window, "data");
  GtkWidget *download = ft_test_gui_find_button (page, _ ("_Download"));

  return ft_test_gui_find (page, is_shown_progress, NULL) == NULL && download != NULL
         && gtk_widget_get_mapped (download) && gtk_widget_is_sensitive (download);
}

/* Whatever the end, the page is back where it started, and stays so: no bar, no
 * "Connecting…", Download offered again.  (The worker notices a cancel at curl's next progress
 * call, within a second; a slow build gets ten.) */
static void
assert_settled (FtWindow *window)
{
  g_assert_true (ft_test_gui_wait (page_settled, window, 10000));
  ft_test_gui_spin (1500);
  g_assert_null (ft_test_gui_find (GTK_WIDGET (window), shows_text, (gpointer) _ ("Connecting…")));
  g_assert_true (page_settled (window));
}

static FtWindow *
open_data_page (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  FtWindow *window;

  g_settings_set_string (settings, "data-dir", "");
  window = ft_test_gui_window_new (app, width, height);
  ft_window_show_page (window, "data");
  ft_test_gui_spin (300);
  return window;
}

static void
click_download (FtWindow *window)
{
  ft_test_gui_click (
    ft_test_gui_find_button (ft_window_get_page (window, "data"), _ ("_Download")));
}

/* Ends in @sentence, in a toast whose Retry asks the server again and ends the same way. */
static void
check_failure (FtWindow *window, const char *sentence, const char *shot)
{
  Query said = { window, sentence };
  guint before;
  GtkWidget *retry;

  g_assert_true (ft_test_gui_wait (toast_says, &said, 60000));
  assert_settled (window);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, shot);
  retry = ft_test_gui_find_in_toasts (window, is_button_labelled, (gpointer) _ ("Retry"));
  g_assert_nonnull (retry);
  g_assert_true (
    ft_test_gui_action_resolves (retry, gtk_actionable_get_action_name (GTK_ACTIONABLE (retry))));
  before = ft_test_server_requests (server);
  /* the toast goes with the click, so that the sentence seen next is the retry's own */
  g_object_add_weak_pointer (G_OBJECT (retry), (gpointer *) &retry);
  ft_test_gui_click (retry);
  g_assert_true (ft_test_gui_wait (more_requests, GUINT_TO_POINTER (before), 20000));
  g_assert_true (ft_test_gui_wait (widget_gone, &retry, 10000));
  g_assert_true (ft_test_gui_wait (toast_says, &said, 60000));
  assert_settled (window);
  dismiss_toasts (window);
}

/* The server has no such file. */
static void
test_not_found (void)
{
  FtWindow *window = open_data_page ();
  g_autofree char *url = g_strconcat (ft_test_server_url (server), ZIP_NAME, NULL);
  g_autofree char *sentence = g_strdup_printf (_ ("The server answered %ld for %s."), 404L, url);

  g_assert_true (ft_test_server_requests (server) == 0);
  click_download (window);
  check_failure (window, sentence, "download-not-found");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* The connection drops halfway; the resumed file is not the one the app asked for. */
static void
test_truncated (void)
{
  FtWindow *window;
  g_autofree char *sentence
    = g_strdup_printf (_ ("%s is damaged: its checksum does not match."), ZIP_NAME);
  g_autofree char *bytes = g_malloc0 (ZIP_SIZE);

  ft_test_server_add (server, ZIP_NAME, g_bytes_new_take (g_steal_pointer (&bytes), ZIP_SIZE));
  ft_test_server_drop_after (server, ZIP_SIZE / 3);
  window = open_data_page ();
  click_download (window);
  check_failure (window, sentence, "download-damaged");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Nothing listens: curl's connection is refused at once, and each retry too. */
static void
test_refused (void)
{
  g_autoptr (GSocket) socket
    = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sentence
    = g_strdup_printf (_ ("Could not reach %s: the connection was refused."), "127.0.0.1");
  FtWindow *window;
  Query said = { NULL, sentence };

  /* a port that was free a moment ago and that nobody listens on */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_setenv ("FINETUNE_BASE_URL", url, TRUE);
  window = open_data_page ();
  said.window = window;
  click_download (window);
  g_assert_true (ft_test_gui_wait (toast_says, &said, 60000));
  assert_settled (window);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "download-refused");
  /* offline, the toast leads to the practice set; online, to Retry: either is a way on */
  g_assert_true (ft_test_gui_find_in_toasts (window, is_button_labelled, (gpointer) _ ("Retry"))
                   != NULL
                 || ft_test_gui_find_in_toasts (window, is_button_labelled,
                                                (gpointer) _ ("Make the Practice Set"))
                      != NULL);
  /* again, cancelled while it waits to try once more, "Connecting…" on show */
  dismiss_toasts (window);
  g_setenv ("FINETUNE_FETCH_RETRY_DELAY_MS", "4000", TRUE);
  click_download (window);
  {
    Query busy = { window, NULL };
    Query connecting = { window, _ ("Connecting…") };
    g_autofree char *nothing = g_format_size (0);
    Query none = { window, nothing };

    /* nothing has come yet: it says so, not "0 bytes" as if bytes were on their way */
    g_assert_true (ft_test_gui_wait (page_downloading, &busy, 5000));
    ft_test_gui_spin (1000);
    g_assert_true (page_says (&connecting));
    g_assert_false (page_says (&none));
    ft_test_gui_shoot (GTK_WIDGET (window), shots, "download-connecting");
  }
  ft_test_gui_click (ft_test_gui_find_button (ft_window_get_page (window, "data"), _ ("_Cancel")));
  assert_settled (window);
  g_assert_null (ft_test_gui_find_in_toasts (window, is_button_labelled, (gpointer) _ ("Retry")));
  g_setenv ("FINETUNE_FETCH_RETRY_DELAY_MS", "50", TRUE);
  g_setenv ("FINETUNE_BASE_URL", ft_test_server_url (server), TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Cancel while the server holds the download, and again while it is still connecting. */
static void
test_cancel (void)
{
  g_autofree char *bytes = g_malloc0 (ZIP_SIZE);
  FtWindow *window;
  Query busy = { NULL, NULL };
  GtkWidget *page;

  ft_test_server_add (server, ZIP_NAME, g_bytes_new_take (g_steal_pointer (&bytes), ZIP_SIZE));
  ft_test_server_stall_after (server, 4096);
  window = open_data_page ();
  busy.window = window;
  page = ft_window_get_page (window, "data");
  dismiss_toasts (window);
  for (guint i = 0; i < 2; i++)
    {
      click_download (window);
      g_assert_true (ft_test_gui_wait (page_downloading, &busy, 10000));
      if (i == 0)
        {
          /* the figures came, so the transfer is under way */
          g_autofree char *received = g_format_size (4096);
          Query figures = { window, received };

          g_assert_true (ft_test_gui_wait (page_says, &figures, 20000));
          ft_test_gui_shoot (GTK_WIDGET (window), shots, "download-stalled");
        }
      ft_test_gui_click (ft_test_gui_find_button (page, _ ("_Cancel")));
      assert_settled (window);
      /* a cancel is what the person asked for: no toast */
      g_assert_null (
        ft_test_gui_find_in_toasts (window, is_button_labelled, (gpointer) _ ("Retry")));
    }
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "download-cancelled");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

int
main (int argc, char **argv)
{
  int status;

  ft_test_gui_require_display ();
  root = ft_test_gui_isolate ();
  ft_test_gui_setup_locale ();
  ft_test_gui_window_size (&width, &height);
  shots = ft_test_gui_shots_dir ("download");
  server = ft_test_server_new ();
  g_setenv ("FINETUNE_BASE_URL", ft_test_server_url (server), TRUE);
  g_setenv ("FINETUNE_FETCH_RETRY_DELAY_MS", "50", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/download/not-found", test_not_found);
  g_test_add_func ("/download/truncated", test_truncated);
  g_test_add_func ("/download/refused", test_refused);
  g_test_add_func ("/download/cancel", test_cancel);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_server_free (server);
  ft_test_gui_remove_tree (root);
  return status;
}
