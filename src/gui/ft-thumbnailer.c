/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ft-image.h"
#include "ft-thumbnailer.h"

#define CACHE_ENTRIES 600

static GHashTable *cache;           /* "size:path" -> GdkTexture */
static GQueue order = G_QUEUE_INIT; /* keys, oldest first */

static char *
cache_key (const char *path, int size)
{
  return g_strdup_printf ("%d:%s", size, path);
}

GdkTexture *
ft_thumbnailer_lookup (const char *path, int size)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (cache == NULL)
    return NULL;
  key = cache_key (path, size);
  return g_hash_table_lookup (cache, key);
}

static void
cache_insert (const char *path, int size, GdkTexture *texture)
{
  char *key = cache_key (path, size);

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_contains (cache, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_insert (cache, key, g_object_ref (texture));
  g_queue_push_tail (&order, key);
  while (g_queue_get_length (&order) > CACHE_ENTRIES)
    g_hash_table_remove (cache, g_queue_pop_head (&order));
}

typedef struct
{
  char *path;
  int size;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  g_autoptr (FtImage) image = NULL;
  g_autoptr (GdkPixbuf) full = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  double scale;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* Through the data set's own decoder: the same format gate and pixel bound as training, so a
   * file that training refuses never reaches a GdkPixbuf loader chosen by its content. */
  image = ft_image_load (request->path, 0, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (image->channels == 4)
    {
      /* the fourth byte is padding, not alpha: keep red, green and blue */
      FtImage *rgb = ft_image_new (image->width, image->height);
      guint8 *out = ft_image_get_data (rgb);

      for (int y = 0; y < image->height; y++)
        for (int x = 0; x < image->width; x++)
          memcpy (out + ((gsize) y * image->width + x) * 3,
                  image->pixels + (gsize) y * image->stride + (gsize) x * 4, 3);
      ft_image_unref (image);
      image = rgb;
    }
  full = gdk_pixbuf_new_from_data (image->pixels, GDK_COLORSPACE_RGB, FALSE, 8, image->width,
                                   image->height, image->stride, NULL, NULL);
  scale = MIN ((double) request->size / image->width, (double) request->size / image->height);
  pixbuf
    = gdk_pixbuf_scale_simple (full, MAX ((int) (image->width * scale + 0.5), 1),
                               MAX ((int) (image->height * scale + 0.5), 1), GDK_INTERP_BILINEAR);
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

void
ft_thumbnailer_load_async (const char *path,
                           int size,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  GdkTexture *cached = ft_thumbnailer_lookup (path, size);

  g_task_set_source_tag (task, ft_thumbnailer_load_async);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      g_free (request);
      return;
    }
  request->path = g_strdup (path);
  request->size = size;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
ft_thumbnailer_load_finish (GAsyncResult *result, GError **error)
{
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), error);
  Request *request = g_task_get_task_data (G_TASK (result));

  if (texture != NULL && request != NULL)
    cache_insert (request->path, request->size, texture);
  return texture;
}
