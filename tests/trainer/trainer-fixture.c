/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "trainer-fixture.h"

#include <cairo.h>
#include <glib/gstdio.h>

#include "ft-torch.h"

static void
draw_image (const char *path, gboolean hotdog, GRand *rand)
{
  int w = g_rand_int_range (rand, 40, 91), h = g_rand_int_range (rand, 40, 91);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, g_rand_double (rand), g_rand_double (rand), g_rand_double (rand));
  cairo_paint (cr);
  if (hotdog)
    {
      cairo_set_source_rgb (cr, 0.7, 0.35, 0.15);
      cairo_save (cr);
      cairo_translate (cr, w / 2.0, h / 2.0);
      cairo_scale (cr, w * 0.4, h * 0.15);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
    }
  else
    {
      cairo_set_source_rgb (cr, 0.15, 0.65, 0.25);
      cairo_rectangle (cr, w * 0.3, h * 0.1, w * 0.4, h * 0.8);
    }
  cairo_fill (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

void
fixture_draw_set (const char *dir, guint per_class, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  const char *splits[] = { "train", "test" };
  const char *classes[] = { "hotdog", "not-hotdog" };

  for (guint s = 0; s < 2; s++)
    for (guint c = 0; c < 2; c++)
      {
        g_autofree char *folder = g_build_filename (dir, splits[s], classes[c], NULL);
        guint n = s == 0 ? per_class : per_class / 2;

        g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *name = g_strdup_printf ("%u.png", i);
            g_autofree char *path = g_build_filename (folder, name, NULL);
            draw_image (path, c == 0, rand);
          }
      }
}

void
fixture_write_imagenet_like (const char *path, guint64 seed)
{
  FtTorchModel *model = NULL;

  ft_torch_manual_seed (seed);
  g_assert_null (ft_torch_model_new (1000, &model));
  g_assert_null (ft_torch_model_save (model, path));
  ft_torch_model_free (model);
}

FtTrainerConfig *
fixture_config (const char *data_dir, guint size)
{
  FtTrainerConfig *c = ft_trainer_config_new ();

  c->data_dir = g_strdup (data_dir);
  c->image_size = size;
  c->batch_size = 16;
  c->epochs = 2;
  /* Other programs share the machine's cores; one thread each keeps runs quick. */
  c->threads = 1;
  c->loader_threads = 1;
  return c;
}

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  guint cancel_at_epoch;
  guint n_epochs;
  gboolean ok;
  GError *error;
} RunData;

static void
on_progress (FtTrainer *trainer, RunData *data)
{
  g_autoptr (FtTrainerSnapshot) s = ft_trainer_get_snapshot (trainer);

  if (s->phase == FT_TRAINER_TRAINING && s->epoch == data->cancel_at_epoch && s->batch >= 1)
    g_cancellable_cancel (data->cancellable);
}

static void
on_epoch (
  FtTrainer *trainer, guint epoch, double loss, double train_acc, double test_acc, RunData *data)
{
  data->n_epochs++;
  g_assert_cmpuint (epoch, ==, data->n_epochs);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RunData *data = user_data;

  data->ok = ft_trainer_run_finish (FT_TRAINER (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

gboolean
fixture_run (FtTrainer *trainer, guint cancel_at_epoch, guint *n_epoch_signals, GError **error)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  RunData data = { loop, cancellable, cancel_at_epoch, 0, FALSE, NULL };
  gulong progress_id, epoch_id;

  progress_id = g_signal_connect (trainer, "progress", G_CALLBACK (on_progress), &data);
  epoch_id = g_signal_connect (trainer, "epoch-finished", G_CALLBACK (on_epoch), &data);
  ft_trainer_run_async (trainer, cancellable, on_done, &data);
  g_main_loop_run (loop);
  g_signal_handler_disconnect (trainer, progress_id);
  g_signal_handler_disconnect (trainer, epoch_id);
  if (n_epoch_signals)
    *n_epoch_signals = data.n_epochs;
  if (data.error)
    g_propagate_error (error, data.error);
  return data.ok;
}

GBytes *
fixture_read (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

void
fixture_remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        fixture_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}
