/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-run-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ft-file-read.h"
#include "ft-json-file.h"
#include "ft-run-writer.h"

/* Bounds far above what the trainer writes (a config is under 1 KB; a run of 1000 epochs
 * writes 6000 metrics lines), so that a hostile file cannot take the memory. */
#define MAX_JSON_SIZE (1024 * 1024)
#define MAX_METRICS_SIZE (16 * 1024 * 1024)
#define MAX_CLASSES_SIZE (4 * 1024 * 1024)
#define MAX_CLASSES 100000

static const char *const metrics_columns[] = { "x", "train_loss", "train_acc", "test_acc" };
static const char *const states[] = { "finished", "cancelled", "failed", "running" };

static gboolean
bad_field (GError **error, const char *path, const char *field)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("“%s” has an invalid “%s” value."), path,
               field);
  return FALSE;
}

static gboolean
is_missing (const GError *error)
{
  return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

FtTrainerConfig *
_ft_run_read_config (const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename (dir, FT_RUN_CONFIG_FILE, NULL);
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) node = ft_json_file_read_object (path, MAX_JSON_SIZE, &local);
  g_autoptr (FtTrainerConfig) config = NULL;

  if (node == NULL && is_missing (local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("“%s” is not a training run: its config.json cannot be read."), dir);
      return NULL;
    }
  if (node == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!(config = ft_trainer_config_from_json (node, &local))
      || !ft_trainer_config_validate (config, &local))
    {
      /* The field is named in the sentence; the file goes before it. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("“%s”: %s"), path,
                   local->message);
      return NULL;
    }
  return g_steal_pointer (&config);
}

static gboolean
parse_value (const char *text, double *value)
{
  char *end;

  if (*text == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

static gboolean
in_range (double v, double low, double high, gboolean may_be_missing)
{
  return isnan (v) ? may_be_missing : v >= low && v <= high;
}

static gboolean
parse_point (const char *line, const FtTrainerConfig *config, FtMetricPoint *p, int *bad)
{
  g_auto (GStrv) fields = g_strsplit (line, ",", 4);
  double v[4];

  *bad = -1;
  if (g_strv_length (fields) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    if (!parse_value (fields[i], &v[i]))
      {
        *bad = i;
        return FALSE;
      }
  /* The trainer writes finite positions within the run, finite losses, fractions for accuracy. */
  if (!in_range (v[0], 0, config->epochs, FALSE))
    *bad = 0;
  else if (!in_range (v[1], 0, G_MAXDOUBLE, TRUE))
    *bad = 1;
  else if (!in_range (v[2], 0, 1, TRUE))
    *bad = 2;
  else if (!in_range (v[3], 0, 1, TRUE))
    *bad = 3;
  *p = (FtMetricPoint){ v[0], v[1], v[2], v[3] };
  return *bad < 0;
}

gboolean
_ft_run_read_points (const char *dir, const FtTrainerConfig *config, GArray *points, GError **error)
{
  g_autofree char *path = g_build_filename (dir, FT_RUN_METRICS_FILE, NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) lines = NULL;
  gsize length;

  if (!ft_file_read_bounded (path, MAX_METRICS_SIZE, &text, &length, &local))
    {
      if (is_missing (local))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (memchr (text, '\0', length) != NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("“%s” is not a text file."), path);
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  /* The first line is the header; a last line without its newline is still being written. */
  for (guint i = 1; lines[0] && lines[i] && lines[i + 1]; i++)
    {
      FtMetricPoint p;
      int bad;
      gsize n = strlen (lines[i]);

      if (n > 0 && lines[i][n - 1] == '\r')
        lines[i][n - 1] = '\0';
      if (!parse_point (lines[i], config, &p, &bad))
        {
          if (bad < 0)
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                         _ ("Line %u of “%s” does not hold four comma-separated values."), i + 1,
                         path);
          else
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                         _ ("Line %u of “%s” has an invalid “%s” value."), i + 1, path,
                         metrics_columns[bad]);
          return FALSE;
        }
      g_array_append_val (points, p);
    }
  return TRUE;
}

static gboolean
read_state_string (JsonObject *o, const char *path, char **state, GError **error)
{
  JsonNode *node = json_object_get_member (o, "state");
  const char *text;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_field (error, path, "state");
  text = json_node_get_string (node);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (text, states[i]))
      {
        *state = g_strdup (states[i]);
        return TRUE;
      }
  return bad_field (error, path, "state");
}

static gboolean
read_state_members (JsonObject *o,
                    const char *path,
                    const FtTrainerConfig *config,
                    char **message,
                    guint *epochs_done,
                    GError **error)
{
  JsonNode *node = json_object_get_member (o, "epochs_done");

  *epochs_done = 0;
  if (node != NULL)
    {
      if (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0
          || json_node_get_int (node) > config->epochs)
        return bad_field (error, path, "epochs_done");
      *epochs_done = (guint) json_node_get_int (node);
    }
  node = json_object_get_member (o, "message");
  *message = NULL;
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return bad_field (error, path, "message");
      *message = g_strdup (json_node_get_string (node));
    }
  return TRUE;
}

gboolean
_ft_run_read_state (const char *dir,
                    const FtTrainerConfig *config,
                    char **state,
                    char **message,
                    guint *epochs_done,
                    GError **error)
{
  g_autofree char *path = g_build_filename (dir, FT_RUN_STATE_FILE, NULL);
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) node = ft_json_file_read_object (path, MAX_JSON_SIZE, &local);
  JsonObject *o;

  *state = *message = NULL;
  *epochs_done = 0;
  if (node == NULL && is_missing (local))
    {
      *state = g_strdup ("failed");
      return TRUE;
    }
  if (node == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  o = json_node_get_object (node);
  if (!read_state_string (o, path, state, error)
      || !read_state_members (o, path, config, message, epochs_done, error))
    {
      g_clear_pointer (state, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bad_classes (GError **error, const char *format, const char *path)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, format, path);
  return FALSE;
}

gboolean
_ft_run_read_classes (const char *dir, char ***names, GError **error)
{
  g_autofree char *path = g_build_filename (dir, FT_RUN_CLASSES_FILE, NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) lines = NULL;
  gsize length;

  *names = NULL;
  if (!ft_file_read_bounded (path, MAX_CLASSES_SIZE, &text, &length, &local))
    {
      if (is_missing (local))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (memchr (text, '\0', length) != NULL || !g_utf8_validate (text, -1, NULL))
    return bad_classes (error, _ ("“%s” is not a text file."), path);
  g_strchomp (text);
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL)
    return bad_classes (error, _ ("“%s” names no classes."), path);
  if (g_strv_length (lines) > MAX_CLASSES)
    return bad_classes (error, _ ("“%s” names more classes than a model can have."), path);
  for (guint i = 0; lines[i]; i++)
    {
      gsize n = strlen (lines[i]);

      if (n > 0 && lines[i][n - 1] == '\r')
        lines[i][--n] = '\0';
      if (n == 0)
        return bad_classes (error, _ ("“%s” has an empty class name."), path);
    }
  *names = g_steal_pointer (&lines);
  return TRUE;
}
