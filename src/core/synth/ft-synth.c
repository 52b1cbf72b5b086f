/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "ft-file-tree.h"
#include "ft-synth-private.h"

#define MAX_THREADS 8

static const char *const splits[] = { "train", "test" };
static const char *const classes[] = { "hotdog", "not-hotdog" };

typedef struct
{
  const char *dir;
  guint64 seed;
  guint counts[2]; /* per class, for train and test */
  guint lo, hi;    /* picture sides */
  GCancellable *cancellable;
  gint next; /* the next picture to draw, counted over all folders */
  GMutex lock;
  GError *error;
} Job;

static guint
job_total (const Job *job)
{
  return 2 * (job->counts[0] + job->counts[1]);
}

static gboolean
draw_one (Job *job, guint split, guint klass, guint index, GError **error)
{
  FtSynthRng rng;
  g_autofree char *name = g_strdup_printf ("%u.png", index);
  g_autofree char *path = g_build_filename (job->dir, splits[split], classes[klass], name, NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  double aspect;
  int width, height;
  cairo_t *cr;

  _ft_synth_rng_init (&rng, job->seed, (guint64) split << 40 | (guint64) klass << 32 | index);
  width = (int) _ft_synth_uniform (&rng, job->lo, job->hi + 1);
  aspect = exp (_ft_synth_uniform (&rng, log (0.6), log (1.0 / 0.6)));
  height = CLAMP ((int) (width * aspect), (int) job->lo, (int) job->hi);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  _ft_synth_draw_scene (cr, &rng, width, height, klass == 0);
  cairo_destroy (cr);
  _ft_synth_finish (surface, &rng);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not write %s: %s."), path,
               cairo_status_to_string (status));
  return FALSE;
}

static gboolean
draw_nth (Job *job, guint n, GError **error)
{
  for (guint split = 0; split < 2; split++)
    {
      guint per_split = 2 * job->counts[split];
      if (n < per_split)
        return draw_one (job, split, n / job->counts[split], n % job->counts[split], error);
      n -= per_split;
    }
  g_assert_not_reached ();
}

static gpointer
worker (gpointer data)
{
  Job *job = data;
  guint n;

  while ((n = (guint) g_atomic_int_add (&job->next, 1)) < job_total (job))
    {
      GError *error = NULL;

      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &error)
          && draw_nth (job, n, &error))
        continue;
      g_mutex_lock (&job->lock);
      if (job->error == NULL)
        job->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&job->lock);
      g_atomic_int_set (&job->next, (gint) job_total (job));
    }
  return NULL;
}

static gboolean
run_workers (Job *job, GError **error)
{
  guint n = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
  GThread *threads[MAX_THREADS];

  g_mutex_init (&job->lock);
  for (guint i = 0; i < n; i++)
    threads[i] = g_thread_new ("ft-synth", worker, job);
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&job->lock);
  if (job->error == NULL)
    return TRUE;
  g_propagate_error (error, job->error);
  return FALSE;
}

static gboolean
make_folders (const char *dir, GError **error)
{
  for (guint s = 0; s < 2; s++)
    for (guint c = 0; c < 2; c++)
      {
        g_autofree char *path = g_build_filename (dir, splits[s], classes[c], NULL);
        if (g_mkdir_with_parents (path, 0755) != 0)
          {
            int saved = errno;
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _ ("Could not create the folder %s: %s."), path, g_strerror (saved));
            return FALSE;
          }
      }
  return TRUE;
}

static gboolean
move_into_place (const char *from, const char *to, GError **error)
{
  int saved;

  /* An empty folder may stand where the set goes; anything else stays. */
  g_rmdir (to);
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  saved = errno;
  if ((saved == EINVAL || saved == ENOSYS) && !g_file_test (to, G_FILE_TEST_EXISTS)
      && g_rename (from, to) == 0)
    return TRUE;
  if (saved == EEXIST || saved == ENOTEMPTY)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _ ("%s already exists and is not empty; choose another folder."), to);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _ ("Could not move the practice set to %s: %s."), to, g_strerror (saved));
  return FALSE;
}

static char *
make_temp_folder (const char *out_dir, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (out_dir);
  g_autofree char *base = g_path_get_basename (out_dir);
  g_autofree char *template = g_strdup_printf (".%s-synth-XXXXXX", base);
  g_autofree char *temp = g_build_filename (parent, template, NULL);
  int saved;

  if (g_mkdir_with_parents (parent, 0755) == 0 && g_mkdtemp_full (temp, 0755) != NULL)
    return g_steal_pointer (&temp);
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _ ("Could not create a folder in %s: %s."), parent, g_strerror (saved));
  return NULL;
}

gboolean
ft_synth_write (const char *out_dir,
                guint per_class,
                guint size,
                guint64 seed,
                GCancellable *cancellable,
                GError **error)
{
  g_autofree char *temp = NULL;
  Job job = { .seed = seed, .cancellable = cancellable };
  gboolean ok;

  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (per_class > 0, FALSE);
  g_return_val_if_fail (size == 0 || size >= 16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_test (out_dir, G_FILE_TEST_EXISTS) && !g_file_test (out_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("%s already exists and is not a folder."), out_dir);
      return FALSE;
    }
  temp = make_temp_folder (out_dir, error);
  if (temp == NULL)
    return FALSE;
  job.dir = temp;
  job.counts[0] = per_class;
  job.counts[1] = MAX (per_class * 2 / 5, 1);
  job.lo = size ? size / 2 : 100;
  job.hi = size ? size : 640;
  ok = make_folders (temp, error) && run_workers (&job, error)
       && move_into_place (temp, out_dir, error);
  if (!ok)
    ft_file_tree_remove (temp);
  return ok;
}
