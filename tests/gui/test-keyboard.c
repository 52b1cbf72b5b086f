/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ft-settings.h"
#include "ft-stop-dialog.h"
#include "ft-synth.h"
#include "ft-test-gui.h"

static char *root;
static FtApplication *app;

typedef struct
{
  GHashTable *seen; /* keyval -> label text */
  guint n;
  guint clashes;
} Mnemonics;

/* Every mnemonic a person can press where @widget is shown: labels on screen only. */
static gboolean
collect_mnemonic (GtkWidget *widget, gpointer data)
{
  Mnemonics *m = data;
  guint key;
  const char *other;
  const char *text;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  key = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));
  if (key == GDK_KEY_VoidSymbol)
    return FALSE;
  key = gdk_keyval_to_lower (key);
  text = gtk_label_get_label (GTK_LABEL (widget));
  m->n++;
  if ((other = g_hash_table_lookup (m->seen, GUINT_TO_POINTER (key))) != NULL)
    {
      g_test_message ("Alt+%s: “%s” and “%s”", gdk_keyval_name (key), other, text);
      m->clashes++;
    }
  else
    g_hash_table_insert (m->seen, GUINT_TO_POINTER (key), (gpointer) text);
  return FALSE;
}

static guint
count_clashes (GtkWidget *toplevel, const char *where)
{
  Mnemonics m = { g_hash_table_new (NULL, NULL), 0, 0 };

  ft_test_gui_find (toplevel, collect_mnemonic, &m);
  g_test_message ("%s: %u mnemonics, %u clashes", where, m.n, m.clashes);
  g_hash_table_unref (m.seen);
  return m.n == 0 ? G_MAXUINT : m.clashes;
}

static void
set_up_data (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_build_filename (root, "practice", NULL);

  g_assert_true (ft_synth_write (data, 8, 48, 2, NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "data-dir", data);
}

/* On each page, the header's tabs and the page's own mnemonics: no letter twice. */
static void
test_pages (void)
{
  static const char *pages[] = { "data", "experiment", "training", "runs" };
  FtWindow *window;

  set_up_data ();
  window = ft_test_gui_window_new (app, 1400, 900);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      ft_window_show_page (window, pages[i]);
      ft_test_gui_spin (300);
      g_assert_cmpuint (count_clashes (GTK_WIDGET (window), pages[i]), ==, 0);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static void
test_dialogs (void)
{
  FtWindow *window = ft_test_gui_window_new (app, 1100, 760);

  for (FtStopDialogKind kind = FT_STOP_DIALOG_STOP; kind <= FT_STOP_DIALOG_CLOSE; kind++)
    {
      GtkWidget *dialog = ft_stop_dialog_new (GTK_WINDOW (window), kind, 75);

      gtk_window_present (GTK_WINDOW (dialog));
      ft_test_gui_spin (300);
      g_assert_cmpuint (count_clashes (dialog, "stop dialog"), ==, 0);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

typedef struct
{
  const char *action;
  guint n;
} Count;

static gboolean
count_actionable (GtkWidget *widget, gpointer data)
{
  Count *c = data;

  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), c->action) == 0)
    c->n++;
  return FALSE;
}

/* One Start and one Stop in the whole window, on the Training page. */
static void
test_one_start_stop (void)
{
  FtWindow *window = ft_test_gui_window_new (app, 1100, 760);
  GtkWidget *training = ft_window_get_page (window, "training");

  for (guint i = 0; i < 2; i++)
    {
      Count c = { i == 0 ? "win.start" : "win.stop", 0 };

      ft_test_gui_find (GTK_WIDGET (window), count_actionable, &c);
      g_assert_cmpuint (c.n, ==, 1);
      g_assert_nonnull (ft_test_gui_find_actionable (training, c.action));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Right after start, Return presses nothing: no button holds the focus. */
static void
test_start_focus (void)
{
  FtWindow *window = ft_test_gui_window_new (app, 1100, 760);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  g_test_message ("focus at start: %s", focus ? G_OBJECT_TYPE_NAME (focus) : "none");
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    g_assert_false (GTK_IS_BUTTON (w) || GTK_IS_ACTIONABLE (w));
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
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/keyboard/pages", test_pages);
  g_test_add_func ("/keyboard/dialogs", test_dialogs);
  g_test_add_func ("/keyboard/one-start-stop", test_one_start_stop);
  g_test_add_func ("/keyboard/start-focus", test_start_focus);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
