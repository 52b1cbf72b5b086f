/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-fetch.h"
#include "ft-settings.h"

GSettings *
ft_settings_new (void)
{
  return g_settings_new (APP_ID);
}

static void
write_book_values (GSettings *settings, const FtTrainerConfig *config)
{
  g_settings_set_double (settings, "lr", config->lr);
  g_settings_set_double (settings, "head-lr-mult", config->head_lr_mult);
  g_settings_set_boolean (settings, "param-groups", config->param_groups);
  g_settings_set_uint (settings, "epochs", config->epochs);
  g_settings_set_uint (settings, "batch-size", config->batch_size);
  g_settings_set_enum (settings, "freeze", config->freeze);
  g_settings_set_boolean (settings, "reuse-classifier", config->reuse_classifier);
  g_settings_set_uint (settings, "image-size", config->image_size);
  g_settings_set_boolean (settings, "augment", config->augment);
}

/* A second handle on the same settings, so that a delayed change leaves the
 * caller's handle writing through. */
static GSettings *
twin (GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autofree char *path = NULL;

  g_object_get (settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  return g_settings_new_full (schema, backend, path);
}

void
ft_settings_apply_preset (GSettings *settings, FtPreset preset)
{
  g_autoptr (FtTrainerConfig) config = ft_trainer_config_new ();
  g_autoptr (GSettings) batch = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (preset <= FT_PRESET_CUSTOM);

  if (preset == FT_PRESET_CUSTOM)
    {
      g_settings_set_enum (settings, "preset", preset);
      return;
    }
  /* one change of many keys, so listeners see the preset whole */
  batch = twin (settings);
  g_settings_delay (batch);
  if (preset == FT_PRESET_SCRATCH)
    ft_trainer_config_apply_scratch_preset (config);
  else
    ft_trainer_config_apply_finetune_preset (config);
  write_book_values (batch, config);
  g_settings_set_enum (batch, "init", preset == FT_PRESET_SCRATCH ? 1 : 0);
  g_settings_set_boolean (batch, "side-by-side", preset == FT_PRESET_BOTH);
  g_settings_set_enum (batch, "preset", preset);
  g_settings_apply (batch);
}

gboolean
ft_settings_matches_preset (GSettings *settings, FtPreset preset)
{
  g_autoptr (FtTrainerConfig) book = ft_trainer_config_new ();

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (preset >= FT_PRESET_CUSTOM)
    return FALSE;
  if (preset == FT_PRESET_SCRATCH)
    ft_trainer_config_apply_scratch_preset (book);
  else
    ft_trainer_config_apply_finetune_preset (book);
  return g_settings_get_double (settings, "lr") == book->lr
         && g_settings_get_double (settings, "head-lr-mult") == book->head_lr_mult
         && g_settings_get_boolean (settings, "param-groups") == book->param_groups
         && g_settings_get_uint (settings, "epochs") == book->epochs
         && g_settings_get_uint (settings, "batch-size") == book->batch_size
         && g_settings_get_enum (settings, "freeze") == (int) book->freeze
         && g_settings_get_boolean (settings, "reuse-classifier") == book->reuse_classifier
         && g_settings_get_uint (settings, "image-size") == book->image_size
         && g_settings_get_boolean (settings, "augment") == book->augment
         && g_settings_get_enum (settings, "init") == (preset == FT_PRESET_SCRATCH ? 1 : 0)
         && g_settings_get_boolean (settings, "side-by-side") == (preset == FT_PRESET_BOTH);
}

char *
ft_settings_dup_weights_path (GSettings *settings, const char *cache_dir)
{
  g_autofree char *chosen = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  chosen = g_settings_get_string (settings, "weights-path");
  if (chosen[0] != '\0' && g_file_test (chosen, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&chosen);
  if (cache_dir != NULL && ft_fetch_item_is_present (FT_FETCH_RESNET18, cache_dir))
    return ft_fetch_item_path (FT_FETCH_RESNET18, cache_dir);
  return NULL;
}

gboolean
ft_settings_lacks_weights (GSettings *settings, const char *cache_dir)
{
  g_autofree char *weights = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (g_settings_get_enum (settings, "init") != 0)
    return FALSE;
  weights = ft_settings_dup_weights_path (settings, cache_dir);
  return weights == NULL;
}

static char *
run_label (const FtTrainerConfig *config)
{
  char lr[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lr, sizeof lr, "%g", config->lr);
  if (config->weights_path != NULL)
    return g_strdup_printf (_ ("Fine-tune, lr %s"), lr);
  return g_strdup_printf (_ ("From scratch, lr %s"), lr);
}

FtTrainerConfig *
ft_settings_to_config (GSettings *settings, const char *cache_dir)
{
  FtTrainerConfig *config = ft_trainer_config_new ();
  g_autofree char *data_dir = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  data_dir = g_settings_get_string (settings, "data-dir");
  config->data_dir = data_dir[0] != '\0' ? g_steal_pointer (&data_dir) : NULL;
  if (g_settings_get_enum (settings, "init") == 0)
    config->weights_path = ft_settings_dup_weights_path (settings, cache_dir);
  config->lr = g_settings_get_double (settings, "lr");
  config->head_lr_mult = g_settings_get_double (settings, "head-lr-mult");
  config->param_groups = g_settings_get_boolean (settings, "param-groups");
  config->epochs = g_settings_get_uint (settings, "epochs");
  config->batch_size = g_settings_get_uint (settings, "batch-size");
  config->freeze = g_settings_get_enum (settings, "freeze");
  config->reuse_classifier = g_settings_get_boolean (settings, "reuse-classifier");
  config->precision = g_settings_get_enum (settings, "precision");
  config->seed = g_settings_get_uint (settings, "seed");
  config->image_size = g_settings_get_uint (settings, "image-size");
  config->augment = g_settings_get_boolean (settings, "augment");
  if (config->weights_path == NULL)
    {
      /* nothing to freeze or reuse in a random network */
      config->freeze = FT_FREEZE_NONE;
      config->reuse_classifier = FALSE;
    }
  config->label = run_label (config);
  return config;
}

GPtrArray *
ft_settings_to_run_configs (GSettings *settings, const char *cache_dir)
{
  GPtrArray *configs = g_ptr_array_new_with_free_func ((GDestroyNotify) ft_trainer_config_free);
  FtTrainerConfig *config;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  config = ft_settings_to_config (settings, cache_dir);
  g_ptr_array_add (configs, config);
  if (g_settings_get_boolean (settings, "side-by-side"))
    {
      FtTrainerConfig *scratch = ft_trainer_config_copy (config);

      ft_trainer_config_apply_scratch_preset (scratch);
      g_free (scratch->label);
      scratch->label = run_label (scratch);
      g_ptr_array_add (configs, scratch);
    }
  return configs;
}

/* TRANSLATORS: the first %s is a setting, e.g. "learning rate"; the second its value */
#define OUTSIDE                                                                                    \
  _ ("The run’s %s, %s, is outside what the Experiment page accepts, so its settings were not "  \
     "loaded.")

/* Whether @value fits @key's range; else @error names the setting. */
static gboolean
check_range (
  GSettings *settings, const char *key, const char *name, GVariant *value, GError **error)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsSchemaKey) schema_key = NULL;
  g_autoptr (GVariant) owned = g_variant_ref_sink (value);
  g_autofree char *text = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  if (g_settings_schema_key_range_check (schema_key, owned))
    return TRUE;
  if (g_variant_is_of_type (owned, G_VARIANT_TYPE_DOUBLE))
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      text = g_strdup (g_ascii_formatd (number, sizeof number, "%g", g_variant_get_double (owned)));
    }
  else
    text = g_variant_print (owned, FALSE);
  g_set_error (
    error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
    /* TRANSLATORS: the first %s is a setting, e.g. "learning rate"; the second its value */
    _ ("The run’s %s, %s, is outside what the Experiment page accepts, so its settings "
       "were not loaded."),
    name, text);
  return FALSE;
}

static gboolean
check_config (GSettings *settings, const FtTrainerConfig *config, GError **error)
{
  if (config->seed > G_MAXUINT32)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, config->seed);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, OUTSIDE, _ ("seed"), seed);
      return FALSE;
    }
  return check_range (settings, "lr", _ ("learning rate"), g_variant_new_double (config->lr), error)
         && check_range (settings, "head-lr-mult", _ ("output layer’s rate multiplier"),
                         g_variant_new_double (config->head_lr_mult), error)
         && check_range (settings, "epochs", _ ("number of epochs"),
                         g_variant_new_uint32 (config->epochs), error)
         && check_range (settings, "batch-size", _ ("batch size"),
                         g_variant_new_uint32 (config->batch_size), error)
         && check_range (settings, "image-size", _ ("image size"),
                         g_variant_new_uint32 (config->image_size), error);
}

gboolean
ft_settings_load_config (GSettings *settings, const FtTrainerConfig *config, GError **error)
{
  g_autoptr (GSettings) batch = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!check_config (settings, config, error))
    return FALSE;
  batch = twin (settings);
  g_settings_delay (batch);
  write_book_values (batch, config);
  g_settings_set_enum (batch, "precision", config->precision);
  g_settings_set_uint (batch, "seed", (guint32) config->seed);
  g_settings_set_enum (batch, "init", config->weights_path != NULL ? 0 : 1);
  g_settings_set_boolean (batch, "side-by-side", FALSE);
  if (config->data_dir != NULL && g_file_test (config->data_dir, G_FILE_TEST_IS_DIR))
    g_settings_set_string (batch, "data-dir", config->data_dir);
  if (config->weights_path != NULL && g_file_test (config->weights_path, G_FILE_TEST_IS_REGULAR))
    g_settings_set_string (batch, "weights-path", config->weights_path);
  g_settings_set_enum (batch, "preset", FT_PRESET_CUSTOM);
  g_settings_apply (batch);
  /* the book's preset, where the run was one */
  for (FtPreset preset = FT_PRESET_FINETUNE; preset < FT_PRESET_BOTH; preset++)
    if (ft_settings_matches_preset (settings, preset))
      g_settings_set_enum (settings, "preset", preset);
  return TRUE;
}
