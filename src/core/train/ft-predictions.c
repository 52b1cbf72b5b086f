/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-predictions.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ft-file-read.h"

/* Far above any test set a person trains on (800 images of hotdog take 40 KB). */
#define MAX_FILE_SIZE (256 * 1024 * 1024)
#define MAX_EPOCHS 100000

FtPredictions *
ft_predictions_new (guint n_classes)
{
  FtPredictions *self = g_new0 (FtPredictions, 1);

  g_return_val_if_fail (n_classes > 0, NULL);
  self->n_classes = n_classes;
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->labels = g_array_new (FALSE, FALSE, sizeof (guint));
  self->logits = g_array_new (FALSE, FALSE, sizeof (float));
  return self;
}

void
ft_predictions_free (FtPredictions *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->paths);
  g_array_unref (self->labels);
  g_array_unref (self->logits);
  g_free (self);
}

guint
ft_predictions_get_n (const FtPredictions *self)
{
  return self->labels->len;
}

const char *
ft_predictions_get_path (const FtPredictions *self, guint i)
{
  g_return_val_if_fail (i < self->paths->len, NULL);
  return g_ptr_array_index (self->paths, i);
}

guint
ft_predictions_get_label (const FtPredictions *self, guint i)
{
  g_return_val_if_fail (i < self->labels->len, 0);
  return g_array_index (self->labels, guint, i);
}

const float *
ft_predictions_get_logits (const FtPredictions *self, guint i)
{
  g_return_val_if_fail (i < self->labels->len, NULL);
  return &g_array_index (self->logits, float, (gsize) i * self->n_classes);
}

void
ft_predictions_add (FtPredictions *self, const char *path, guint label, const float *logits)
{
  g_return_if_fail (path != NULL && logits != NULL && label < self->n_classes);
  g_ptr_array_add (self->paths, g_strdup (path));
  g_array_append_val (self->labels, label);
  g_array_append_vals (self->logits, logits, self->n_classes);
}

char *
ft_predictions_file (const char *run_dir, guint epoch)
{
  g_autofree char *name = g_strdup_printf ("epoch-%u.csv", epoch);

  return g_build_filename (run_dir, FT_PREDICTIONS_DIR, name, NULL);
}

static void
append_header (GString *text, guint n_classes)
{
  g_string_append (text, "label");
  for (guint c = 0; c < n_classes; c++)
    g_string_append_printf (text, ",logit_%u", c);
  g_string_append (text, ",path\n");
}

/* Bytes 0x80 to 0xff stay as they are, so that UTF-8 names read as they are. */
static const char *
high_bytes (void)
{
  static char bytes[129];

  for (int i = 0; i < 128; i++)
    bytes[i] = (char) (0x80 + i);
  return bytes;
}

gboolean
ft_predictions_write (const FtPredictions *self, const char *path, GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  append_header (text, self->n_classes);
  for (guint i = 0; i < ft_predictions_get_n (self); i++)
    {
      const float *row = ft_predictions_get_logits (self, i);
      g_autofree char *escaped = g_strescape (ft_predictions_get_path (self, i), high_bytes ());

      g_string_append_printf (text, "%u", ft_predictions_get_label (self, i));
      for (guint c = 0; c < self->n_classes; c++)
        g_string_append_printf (text, ",%s",
                                g_ascii_formatd (number, sizeof number, "%.9g", row[c]));
      g_string_append_printf (text, ",%s\n", escaped);
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("Could not write “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents (path, text->str, (gssize) text->len, error);
}

static gboolean
bad_line (GError **error, const char *path, guint line)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _ ("Line %u of “%s” is not a prediction of this model."), line, path);
  return FALSE;
}

/* A path that stays inside the test folder: relative, without “..”, not empty. */
static gboolean
is_inside (const char *path)
{
  g_auto (GStrv) parts = NULL;

  if (*path == '\0' || g_path_is_absolute (path))
    return FALSE;
  parts = g_strsplit (path, G_DIR_SEPARATOR_S, -1);
  for (guint i = 0; parts[i]; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

/* Every backslash of @text starts an escape that @text holds whole: an odd run of them at the
 * end would leave GLib's unescaping a lone one, which it warns of. */
static gboolean
escapes_complete (const char *text)
{
  gsize length = strlen (text), run = 0;

  while (run < length && text[length - 1 - run] == '\\')
    run++;
  return run % 2 == 0;
}

static gboolean
parse_line (FtPredictions *self, char *line, float *row)
{
  char *end;
  guint64 label = g_ascii_strtoull (line, &end, 10);
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  if (end == line || *end != ',' || label >= self->n_classes)
    return FALSE;
  for (guint c = 0; c < self->n_classes; c++)
    {
      char *start = end + 1;
      double v = g_ascii_strtod (start, &end);

      if (end == start || *end != ',' || !isfinite (v) || fabs (v) > G_MAXFLOAT)
        return FALSE;
      row[c] = (float) v;
    }
  if (!escapes_complete (end + 1))
    return FALSE;
  path = g_strcompress (end + 1);
  /* Only the writer's own escapes read back: an escaped NUL would cut the name short. */
  escaped = g_strescape (path, high_bytes ());
  if (!g_str_equal (escaped, end + 1) || !is_inside (path))
    return FALSE;
  ft_predictions_add (self, path, (guint) label, row);
  return TRUE;
}

static gboolean
check_text (const char *path, const char *text, gsize length, guint n_classes, GError **error)
{
  g_autoptr (GString) header = g_string_new (NULL);

  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("“%s” is not a text file."), path);
      return FALSE;
    }
  append_header (header, n_classes);
  if (!g_str_has_prefix (text, header->str))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _ ("“%s” does not hold the predictions of a model of %u classes."), path,
                   n_classes);
      return FALSE;
    }
  return TRUE;
}

FtPredictions *
ft_predictions_read (const char *path, guint n_classes, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (FtPredictions) self = NULL;
  g_autofree float *row = NULL;
  gsize length;

  g_return_val_if_fail (n_classes > 0, NULL);
  if (!ft_file_read_bounded (path, MAX_FILE_SIZE, &text, &length, error)
      || !check_text (path, text, length, n_classes, error))
    return NULL;
  self = ft_predictions_new (n_classes);
  row = g_new (float, n_classes);
  lines = g_strsplit (text, "\n", -1);
  /* Every line ends in a newline, so the last piece is empty. */
  for (guint i = 1; lines[i]; i++)
    {
      gsize n = strlen (lines[i]);

      if (lines[i + 1] == NULL && n == 0)
        break;
      if ((lines[i + 1] == NULL || !parse_line (self, lines[i], row))
          && !bad_line (error, path, i + 1))
        return NULL;
    }
  return g_steal_pointer (&self);
}

guint
ft_predictions_count_epochs (const char *run_dir)
{
  guint n = 0;

  while (n < MAX_EPOCHS)
    {
      g_autofree char *file = ft_predictions_file (run_dir, n + 1);

      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        break;
      n++;
    }
  return n;
}
