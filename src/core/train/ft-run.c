/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-run.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "ft-dataset.h"
#include "ft-run-private.h"
#include "ft-run-writer.h"

struct _FtRun
{
  GObject parent_instance;
  char *dir;
  char *id;
  FtTrainerConfig *config;
  GArray *points;
  char *state;
  char *message;
  guint epochs_done;
  char *model_path;
  char **class_names;
  gint64 mtime;
};

G_DEFINE_FINAL_TYPE (FtRun, ft_run, G_TYPE_OBJECT)

static void
ft_run_finalize (GObject *object)
{
  FtRun *self = FT_RUN (object);

  g_free (self->dir);
  g_free (self->id);
  g_clear_pointer (&self->config, ft_trainer_config_free);
  g_clear_pointer (&self->points, g_array_unref);
  g_free (self->state);
  g_free (self->message);
  g_free (self->model_path);
  g_strfreev (self->class_names);
  G_OBJECT_CLASS (ft_run_parent_class)->finalize (object);
}

static void
ft_run_class_init (FtRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ft_run_finalize;
}

static void
ft_run_init (FtRun *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (FtMetricPoint));
}

char *
ft_run_default_runs_dir (void)
{
  const char *env = g_getenv ("FINETUNE_RUNS_DIR");

  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "finetune", "runs", NULL);
}

char *
ft_run_make_dir (const char *runs_dir, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  g_return_val_if_fail (runs_dir != NULL, NULL);

  if (g_mkdir_with_parents (runs_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Could not create the runs folder “%s”: %s."), runs_dir, g_strerror (saved));
      return NULL;
    }
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (stamp) : g_strdup_printf ("%s-%u", stamp, i);
      g_autofree char *dir = g_build_filename (runs_dir, name, NULL);

      /* mkdir fails on an existing folder, so two runs never share one. */
      if (g_mkdir (dir, 0755) == 0)
        return g_steal_pointer (&dir);
      if (errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _ ("Could not create a run folder in “%s”: %s."), runs_dir,
                       g_strerror (saved));
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _ ("Too many runs were started in the same second in “%s”."), runs_dir);
  return NULL;
}

FtRun *
ft_run_open (const char *dir, GError **error)
{
  g_autoptr (FtRun) self = NULL;
  g_autofree char *model = NULL;
  g_autofree char *config_path = NULL;
  GStatBuf st;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FT_TYPE_RUN, NULL);
  self->dir = g_canonicalize_filename (dir, NULL);
  self->id = g_path_get_basename (self->dir);
  if (!(self->config = _ft_run_read_config (self->dir, error))
      || !_ft_run_read_points (self->dir, self->config, self->points, error)
      || !_ft_run_read_state (self->dir, self->config, &self->state, &self->message,
                              &self->epochs_done, error)
      || !_ft_run_read_classes (self->dir, &self->class_names, error))
    return NULL;
  config_path = g_build_filename (self->dir, FT_RUN_CONFIG_FILE, NULL);
  if (g_stat (config_path, &st) == 0)
    self->mtime = st.st_mtime;
  model = g_build_filename (self->dir, FT_RUN_MODEL_FILE, NULL);
  if (g_file_test (model, G_FILE_TEST_IS_REGULAR))
    self->model_path = g_steal_pointer (&model);
  return g_steal_pointer (&self);
}

static int
compare_runs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  FtRun *ra = (FtRun *) a;
  FtRun *rb = (FtRun *) b;

  if (ra->mtime != rb->mtime)
    return ra->mtime < rb->mtime ? 1 : -1;
  return -g_strcmp0 (ra->id, rb->id);
}

GListModel *
ft_run_list_with_problems (const char *runs_dir, char ***problems, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (FT_TYPE_RUN);
  g_autoptr (GStrvBuilder) found = g_strv_builder_new ();
  g_autoptr (GDir) gdir = NULL;
  const char *name;

  g_return_val_if_fail (runs_dir != NULL, NULL);

  if (problems)
    *problems = NULL;
  if (!g_file_test (runs_dir, G_FILE_TEST_IS_DIR))
    return G_LIST_MODEL (g_steal_pointer (&store));
  if (!(gdir = g_dir_open (runs_dir, 0, error)))
    return NULL;
  while ((name = g_dir_read_name (gdir)))
    {
      g_autofree char *dir = g_build_filename (runs_dir, name, NULL);
      g_autoptr (GError) local = NULL;
      g_autoptr (FtRun) run = NULL;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        continue;
      if ((run = ft_run_open (dir, &local)))
        g_list_store_insert_sorted (store, run, compare_runs, NULL);
      /* Folders that are not runs are not ours to list; a run that cannot be read is told. */
      else if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_strv_builder_add (found, local->message);
    }
  if (problems)
    {
      g_auto (GStrv) list = g_strv_builder_end (found);
      if (list[0] != NULL)
        *problems = g_steal_pointer (&list);
    }
  return G_LIST_MODEL (g_steal_pointer (&store));
}

GListModel *
ft_run_list (const char *runs_dir, GError **error)
{
  return ft_run_list_with_problems (runs_dir, NULL, error);
}

static gboolean
delete_tree (GFile *file, GError **error)
{
  g_autoptr (GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children && g_file_enumerator_iterate (children, &info, &child, NULL, error) && info)
    if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
          ? !delete_tree (child, error)
          : !g_file_delete (child, NULL, error))
      return FALSE;
  if (error && *error)
    return FALSE;
  return g_file_delete (file, NULL, error);
}

gboolean
ft_run_delete (FtRun *self, GError **error)
{
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (FT_IS_RUN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (self->dir);
  return delete_tree (file, error);
}

const char *
ft_run_get_dir (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->dir;
}

const char *
ft_run_get_id (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->id;
}

const FtTrainerConfig *
ft_run_get_config (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->config;
}

GArray *
ft_run_get_points (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->points;
}

const char *
ft_run_get_state (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->state;
}

const char *
ft_run_get_model_path (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->model_path;
}

const char *
ft_run_get_message (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return self->message;
}

guint
ft_run_get_epochs_done (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), 0);
  return self->epochs_done;
}

const char *const *
ft_run_get_class_names (FtRun *self)
{
  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  return (const char *const *) self->class_names;
}

char **
ft_run_dup_class_names (FtRun *self, GError **error)
{
  const FtTrainerConfig *config = ft_run_get_config (self);
  g_autoptr (FtDataset) dataset = NULL;

  g_return_val_if_fail (FT_IS_RUN (self), NULL);
  if (ft_run_get_class_names (self))
    return g_strdupv ((char **) ft_run_get_class_names (self));
  if (config->data_dir && (dataset = ft_dataset_open (config->data_dir, NULL)))
    return g_strdupv ((char **) ft_image_folder_get_class_names (ft_dataset_get_train (dataset)));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _ ("The run in “%s” does not say its class names, and its data set is gone."),
               ft_run_get_dir (self));
  return NULL;
}
