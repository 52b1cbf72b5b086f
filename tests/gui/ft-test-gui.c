/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

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

void
ft_test_gui_screenshot (GtkWidget *widget, const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
