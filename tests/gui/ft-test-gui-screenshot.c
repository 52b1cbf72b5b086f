/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "ft-test-gui.h"

static gboolean
allocated (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0;
}

/* The widget's render node, once it has one: a widget shown or resized a moment ago is drawn
 * only at the next frame, later still under a sanitizer's load. */
static GskRenderNode *
snapshot_node (GtkWidget *widget, int width, int height)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL || g_get_monotonic_time () > end)
        return node;
      ft_test_gui_spin (50);
    }
}

void
ft_test_gui_screenshot (GtkWidget *widget, const char *path)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width, height;

  /* a window shown a moment ago has no size until it is laid out */
  g_assert_true (ft_test_gui_wait (allocated, widget, 5000));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  node = snapshot_node (widget, width, height);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
ft_test_gui_shoot (GtkWidget *widget, const char *dir, const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  ft_test_gui_spin (400);
  ft_test_gui_screenshot (widget, path);
  g_test_message ("screenshot %s", path);
}

void
ft_test_gui_window_size (int *width, int *height)
{
  const char *size = g_getenv ("FT_TEST_WINDOW_SIZE");

  if (size != NULL)
    g_assert_cmpint (sscanf (size, "%dx%d", width, height), ==, 2);
}

char *
ft_test_gui_shots_dir (const char *test)
{
  const char *language = g_getenv ("LANGUAGE");
  /* a NULL size ends the path at the language */
  char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", test,
                                language && *language ? language : "C",
                                g_getenv ("FT_TEST_WINDOW_SIZE"), NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}
