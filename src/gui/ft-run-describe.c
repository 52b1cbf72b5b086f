/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "ft-run-describe.h"
#include "ft-run-writer.h"

static char *
format_rate (double lr)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%g", lr));
}

char *
ft_run_describe_title (const FtTrainerConfig *config)
{
  g_autofree char *lr = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  lr = format_rate (config->lr);
  if (config->weights_path != NULL)
    return g_strdup_printf (_ ("Fine-tune, lr %s"), lr);
  return g_strdup_printf (_ ("From scratch, lr %s"), lr);
}

static char *
dataset_name (const FtTrainerConfig *config)
{
  if (config->data_dir == NULL || config->data_dir[0] == '\0')
    return g_strdup (_ ("unknown data set"));
  return g_path_get_basename (config->data_dir);
}

static const char *
starting_point (const FtTrainerConfig *config)
{
  if (config->init_model_path != NULL)
    return _ ("from a saved model");
  if (config->weights_path != NULL)
    return _ ("from pretrained weights");
  return _ ("from random weights");
}

char *
ft_run_describe_settings (FtRun *run)
{
  const FtTrainerConfig *config;
  g_autofree char *data = NULL;
  g_autofree char *lr = NULL;
  g_autofree char *epochs = NULL;

  g_return_val_if_fail (FT_IS_RUN (run), NULL);

  config = ft_run_get_config (run);
  data = dataset_name (config);
  lr = format_rate (config->lr);
  epochs = g_strdup_printf (ngettext ("%u epoch", "%u epochs", config->epochs), config->epochs);
  /* TRANSLATORS: data set · starting point · learning rate · epochs · precision */
  return g_strdup_printf (_ ("%s · %s · lr %s · %s · %s"), data, starting_point (config), lr,
                          epochs, config->precision == FT_PRECISION_BF16 ? "bf16" : "fp32");
}

static const char *
state_text (FtRun *run)
{
  const char *state = ft_run_get_state (run);

  if (g_str_equal (state, "finished"))
    return _ ("Finished");
  if (g_str_equal (state, "cancelled"))
    return _ ("Stopped");
  if (g_str_equal (state, "failed"))
    return _ ("Failed");
  return _ ("Running");
}

static double
last_test_acc (FtRun *run)
{
  GArray *points = ft_run_get_points (run);

  for (guint i = points->len; i > 0; i--)
    if (isfinite (g_array_index (points, FtMetricPoint, i - 1).test_acc))
      return g_array_index (points, FtMetricPoint, i - 1).test_acc;
  return NAN;
}

static GDateTime *
started_at (FtRun *run)
{
  const char *id = ft_run_get_id (run);
  int y, mo, d, h, mi, s;
  g_autofree char *config = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) info = NULL;

  /* folders that ft_run_make_dir names: 20261202-182724, maybe with a -2 after */
  if (sscanf (id, "%4d%2d%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) == 6)
    {
      GDateTime *date = g_date_time_new_local (y, mo, d, h, mi, s);
      if (date != NULL)
        return date;
    }
  config = g_build_filename (ft_run_get_dir (run), FT_RUN_CONFIG_FILE, NULL);
  file = g_file_new_for_path (config);
  info
    = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    return g_date_time_new_from_unix_local (
      (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  return NULL;
}

char *
ft_run_describe_date (FtRun *run)
{
  g_autoptr (GDateTime) date = NULL;

  g_return_val_if_fail (FT_IS_RUN (run), NULL);

  date = started_at (run);
  if (date == NULL)
    return g_strdup (ft_run_get_id (run));
  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
}

char *
ft_run_describe_outcome (FtRun *run)
{
  g_autofree char *date = NULL;
  double acc;

  g_return_val_if_fail (FT_IS_RUN (run), NULL);

  date = ft_run_describe_date (run);
  acc = last_test_acc (run);
  if (isfinite (acc))
    /* TRANSLATORS: date · state · the last test accuracy */
    return g_strdup_printf (_ ("%s · %s · test acc %.3f"), date, state_text (run), acc);
  return g_strdup_printf (_ ("%s · %s"), date, state_text (run));
}
