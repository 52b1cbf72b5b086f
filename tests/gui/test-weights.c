/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ft-settings.h"
#include "ft-synth.h"
#include "ft-test-gui.h"
#include "ft-torch.h"
#include "ft-training-page.h"

static char *root;
static char *shots;
static FtApplication *app;

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

static gboolean
window_shown (gpointer title)
{
  return ft_test_gui_find_window (title) != NULL;
}

static gboolean
has_selection (gpointer chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

typedef struct
{
  GtkWidget *root;
  const char *text;
} Find;

static gboolean
label_contains (GtkWidget *widget, gpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
text_shown (gpointer data)
{
  Find *find = data;

  return ft_test_gui_find (find->root, label_contains, (gpointer) find->text) != NULL;
}

static GtkWidget *
note_button (FtWindow *window, const char *page, const char *label)
{
  GtkWidget *button = ft_test_gui_find_button (ft_window_get_page (window, page), label);

  g_assert_nonnull (button);
  return button;
}

/* Picks @path in the weights chooser, opened from the Experiment page's button. */
static void
choose_weights (FtWindow *window, const char *path)
{
  const char *title = _ ("Choose a Weights File");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWindow *chooser;

  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (100);
  ft_test_gui_click (ft_test_gui_find_button (
    ft_test_gui_find_row (ft_window_get_page (window, "experiment"), "ImageNet weights"),
    "Choose a Weights File…"));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) title, 5000));
  chooser = ft_test_gui_find_window (title);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  g_assert_true (ft_test_gui_wait (has_selection, chooser, 5000));
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (chooser), "Open"));
}

static char *
write_weights (const char *name, int num_classes)
{
  char *path = g_build_filename (root, name, NULL);
  FtTorchModel *model = NULL;

  g_assert_null (ft_torch_model_new (num_classes, &model));
  g_assert_null (ft_torch_model_save (model, path));
  ft_torch_model_free (model);
  return path;
}

/* With no weights, the fine-tune preset says so on the preset and beside Start, and each way
 * on works. */
static void
test_lacking_weights (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_build_filename (root, "practice", NULL);
  FtWindow *window;
  GtkWidget *training, *experiment;

  g_assert_true (ft_synth_write (data, 8, 48, 5, NULL, &error));
  g_settings_set_string (settings, "data-dir", data);
  ft_settings_apply_preset (settings, FT_PRESET_BOTH);
  window = ft_test_gui_window_new (app, 1100, 760);
  training = ft_window_get_page (window, "training");
  experiment = ft_window_get_page (window, "experiment");

  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (100);
  g_assert_true (text_shown (&(Find){ experiment, "not here yet" }));
  g_assert_true (
    gtk_widget_get_mapped (note_button (window, "experiment", "Download the Weights")));

  ft_window_show_page (window, "training");
  ft_test_gui_spin (100);
  g_assert_true (text_shown (&(Find){ training, "from-scratch half alone" }));
  g_assert_nonnull (
    gtk_widget_get_tooltip_text (ft_test_gui_find_actionable (training, "win.start")));

  /* the scratch half alone: the book's scratch run, started at once */
  g_settings_set_uint (settings, "image-size", 32);
  ft_test_gui_click (note_button (window, "training", "Train From Scratch Alone"));
  g_assert_true (ft_test_gui_wait (running, training, 5000));
  g_assert_cmpint (g_settings_get_enum (settings, "init"), ==, 1);
  g_assert_false (text_shown (&(Find){ training, "not here yet" }));
  ft_test_gui_click_stop (training);
  g_assert_true (ft_test_gui_wait (not_running, training, 30000));

  /* Random, clicked on the Experiment page, is taken */
  ft_settings_apply_preset (settings, FT_PRESET_FINETUNE);
  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (100);
  g_assert_true (text_shown (&(Find){ experiment, "not here yet" }));
  ft_test_gui_click (adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (ft_test_gui_find_row (experiment, "Random"))));
  g_assert_cmpint (g_settings_get_enum (settings, "init"), ==, 1);
  g_assert_false (text_shown (&(Find){ experiment, "not here yet" }));
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* A chosen file is checked at once; a bad one is refused and the previous choice stays. */
static void
test_choose_file (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *good = write_weights ("resnet18.pth", 1000);
  g_autofree char *bogus = g_build_filename (root, "bogus.pth", NULL);
  g_autofree char *wrong = write_weights ("ten.pth", 10);
  g_autofree char *kept = NULL;
  FtWindow *window;
  GtkWidget *experiment;

  g_assert_true (g_file_set_contents (bogus, "not weights\n", -1, NULL));
  ft_settings_apply_preset (settings, FT_PRESET_FINETUNE);
  window = ft_test_gui_window_new (app, 1100, 760);
  experiment = ft_window_get_page (window, "experiment");
  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (100);
  g_assert_true (text_shown (&(Find){ experiment, "not here yet" }));

  choose_weights (window, good);
  g_assert_true (
    ft_test_gui_wait (text_shown, &(Find){ experiment, "Weights ready: resnet18.pth" }, 20000));
  kept = g_settings_get_string (settings, "weights-path");
  g_assert_cmpstr (kept, ==, good);
  g_assert_false (text_shown (&(Find){ experiment, "not here yet" }));

  choose_weights (window, bogus);
  g_assert_true (
    ft_test_gui_wait (text_shown, &(Find){ GTK_WIDGET (window), "“bogus.pth” is not" }, 20000));
  g_assert_true (text_shown (&(Find){ experiment, "Weights ready: resnet18.pth" }));
  g_clear_pointer (&kept, g_free);
  kept = g_settings_get_string (settings, "weights-path");
  g_assert_cmpstr (kept, ==, good);

  choose_weights (window, wrong);
  g_assert_true (
    ft_test_gui_wait (text_shown, &(Find){ GTK_WIDGET (window), "“ten.pth” is not" }, 20000));
  g_clear_pointer (&kept, g_free);
  kept = g_settings_get_string (settings, "weights-path");
  g_assert_cmpstr (kept, ==, good);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static gboolean
is_shown_progress (GtkWidget *widget, gpointer data)
{
  return GTK_IS_PROGRESS_BAR (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_toast_overlay (GtkWidget *widget, gpointer data)
{
  return ADW_IS_TOAST_OVERLAY (widget);
}

static gboolean
toast_with_button (gpointer data)
{
  Find *find = data;
  GtkWidget *overlay = ft_test_gui_find (find->root, is_toast_overlay, NULL);

  return overlay != NULL && ft_test_gui_find_button (overlay, find->text) != NULL;
}

static gboolean
is_close_button (GtkWidget *widget, gpointer data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic")
              == 0;
}

/* Closes every toast with its own close button, queued ones too. */
static void
dismiss_toasts (FtWindow *window)
{
  GtkWidget *overlay = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
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

static gboolean
toast_says (gpointer data)
{
  Find *find = data;

  return ft_test_gui_find_in_toasts (FT_WINDOW (find->root), label_contains, (gpointer) find->text)
         != NULL;
}

/* Hostile weights files, chosen through the chooser: a zip cut short and a pickle whose dicts
 * nest 20,000 deep through the memo.  Each is refused in one sentence naming it; the window stays
 * usable and the good file chosen before stays chosen. */
static void
test_hostile_files (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *good = write_weights ("resnet18.pth", 1000);
  const char *names[] = { "truncated.pth", "chain-20000.pth" };
  FtWindow *window;
  GtkWidget *experiment;

  ft_settings_apply_preset (settings, FT_PRESET_FINETUNE);
  window = ft_test_gui_window_new (app, 1100, 760);
  experiment = ft_window_get_page (window, "experiment");
  choose_weights (window, good);
  g_assert_true (
    ft_test_gui_wait (text_shown, &(Find){ experiment, "Weights ready: resnet18.pth" }, 20000));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *source
        = g_test_build_filename (G_TEST_DIST, "fuzz", "weights", "corpus", names[i], NULL);
      g_autofree char *copy = g_build_filename (root, names[i], NULL);
      g_autofree char *data = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", names[i]);
      g_autofree char *kept = NULL;
      gsize len = 0;
      GtkWidget *toast_label;

      g_assert_true (g_file_get_contents (source, &data, &len, NULL));
      g_assert_true (g_file_set_contents (copy, data, len, NULL));
      choose_weights (window, copy);
      g_assert_true (ft_test_gui_wait (toast_says, &(Find){ GTK_WIDGET (window), quoted }, 20000));
      toast_label = ft_test_gui_find_in_toasts (window, label_contains, quoted);
      g_test_message ("%s: %s", names[i], gtk_label_get_label (GTK_LABEL (toast_label)));
      /* one sentence: one line, one full stop, at its end */
      g_assert_null (strchr (gtk_label_get_label (GTK_LABEL (toast_label)), '\n'));
      g_assert_true (g_str_has_suffix (gtk_label_get_label (GTK_LABEL (toast_label)), "."));
      g_assert_true (text_shown (&(Find){ experiment, "Weights ready: resnet18.pth" }));
      kept = g_settings_get_string (settings, "weights-path");
      g_assert_cmpstr (kept, ==, good);
      ft_test_gui_shoot (GTK_WIDGET (window), shots, names[i]);
      /* the whole sentence on show, not cut short */
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (toast_label))));
      dismiss_toasts (window);
    }
  /* the rest of the window still answers: the scratch preset is taken */
  ft_test_gui_click (ft_test_gui_find_button (experiment, _ ("From scratch (book)")));
  g_assert_cmpint (g_settings_get_enum (settings, "init"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* Offline, the download fails: a toast says so, and no "Connecting…" stays behind. */
static void
test_download_fails (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  FtWindow *window;
  GtkWidget *experiment;

  g_settings_reset (settings, "weights-path");
  ft_settings_apply_preset (settings, FT_PRESET_FINETUNE);
  window = ft_test_gui_window_new (app, 1100, 760);
  experiment = ft_window_get_page (window, "experiment");
  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (200);
  ft_test_gui_click (ft_test_gui_find_button (experiment, _ ("_Download")));
  g_assert_true (ft_test_gui_wait (toast_with_button,
                                   &(Find){ GTK_WIDGET (window), _ ("Choose a File…") }, 30000));
  ft_test_gui_spin (200);
  g_assert_null (ft_test_gui_find (experiment, is_shown_progress, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

int
main (int argc, char **argv)
{
  int status;

  ft_test_gui_require_display ();
  root = ft_test_gui_isolate ();
  shots = ft_test_gui_shots_dir ("weights");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/weights/lacking", test_lacking_weights);
  g_test_add_func ("/weights/choose-file", test_choose_file);
  g_test_add_func ("/weights/download-fails", test_download_fails);
  g_test_add_func ("/weights/hostile-files", test_hostile_files);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
