/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ft-settings.h"

typedef struct
{
  GSettings *settings;
  char *dir;
  char *weights;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->settings = ft_settings_new ();
  f->dir = g_dir_make_tmp ("ft-settings-XXXXXX", &error);
  g_assert_no_error (error);
  f->weights = g_build_filename (f->dir, "weights.pth", NULL);
  g_assert_true (g_file_set_contents (f->weights, "x", 1, &error));
  g_settings_set_string (f->settings, "weights-path", f->weights);
  g_settings_set_string (f->settings, "data-dir", f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *const *keys = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) names = NULL;

  g_object_get (f->settings, "settings-schema", &schema, NULL);
  names = g_settings_schema_list_keys (schema);
  keys = (const char *const *) names;
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
  g_assert_finalize_object (f->settings);
  g_unlink (f->weights);
  g_rmdir (f->dir);
  g_free (f->weights);
  g_free (f->dir);
}

static void
test_defaults_are_the_book (Fixture *f, gconstpointer data)
{
  g_autoptr (FtTrainerConfig) config = ft_settings_to_config (f->settings, NULL);

  g_assert_cmpstr (config->data_dir, ==, f->dir);
  g_assert_cmpstr (config->weights_path, ==, f->weights);
  g_assert_cmpfloat (config->lr, ==, 5e-5);
  g_assert_cmpfloat (config->head_lr_mult, ==, 10);
  g_assert_true (config->param_groups);
  g_assert_cmpuint (config->epochs, ==, 5);
  g_assert_cmpuint (config->batch_size, ==, 128);
  g_assert_cmpuint (config->image_size, ==, 224);
  g_assert_cmpint (config->freeze, ==, FT_FREEZE_NONE);
  g_assert_true (config->augment);
  g_assert_nonnull (config->label);
}

static void
test_every_setting_maps (Fixture *f, gconstpointer data)
{
  g_autoptr (FtTrainerConfig) config = NULL;

  g_settings_set_double (f->settings, "lr", 0.003);
  g_settings_set_double (f->settings, "head-lr-mult", 4);
  g_settings_set_boolean (f->settings, "param-groups", FALSE);
  g_settings_set_uint (f->settings, "epochs", 2);
  g_settings_set_uint (f->settings, "batch-size", 8);
  g_settings_set_string (f->settings, "freeze", "layer3");
  g_settings_set_boolean (f->settings, "reuse-classifier", TRUE);
  g_settings_set_string (f->settings, "precision", "bf16");
  g_settings_set_uint (f->settings, "seed", 42);
  g_settings_set_uint (f->settings, "image-size", 64);
  g_settings_set_boolean (f->settings, "augment", FALSE);
  config = ft_settings_to_config (f->settings, NULL);
  g_assert_cmpfloat (config->lr, ==, 0.003);
  g_assert_cmpfloat (config->head_lr_mult, ==, 4);
  g_assert_false (config->param_groups);
  g_assert_cmpuint (config->epochs, ==, 2);
  g_assert_cmpuint (config->batch_size, ==, 8);
  g_assert_cmpint (config->freeze, ==, FT_FREEZE_LAYER3);
  g_assert_true (config->reuse_classifier);
  g_assert_cmpint (config->precision, ==, FT_PRECISION_BF16);
  g_assert_cmpuint (config->seed, ==, 42);
  g_assert_cmpuint (config->image_size, ==, 64);
  g_assert_false (config->augment);
  g_clear_pointer (&config, ft_trainer_config_free);

  /* a random network has nothing to freeze or reuse */
  g_settings_set_string (f->settings, "init", "random");
  config = ft_settings_to_config (f->settings, NULL);
  g_assert_null (config->weights_path);
  g_assert_cmpint (config->freeze, ==, FT_FREEZE_NONE);
  g_assert_false (config->reuse_classifier);
}

static void
test_missing_weights (Fixture *f, gconstpointer data)
{
  g_autoptr (FtTrainerConfig) config = NULL;

  g_settings_set_string (f->settings, "weights-path", "/nonexistent/weights.pth");
  config = ft_settings_to_config (f->settings, f->dir);
  g_assert_null (config->weights_path);
}

static void
test_presets (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) configs = NULL;
  g_autofree char *init = NULL;
  const FtTrainerConfig *a, *b;

  g_settings_set_double (f->settings, "lr", 0.1);
  g_settings_set_string (f->settings, "freeze", "layer2");
  g_settings_set_uint (f->settings, "seed", 7);
  ft_settings_apply_preset (f->settings, FT_PRESET_SCRATCH);
  init = g_settings_get_string (f->settings, "init");
  g_assert_cmpstr (init, ==, "random");
  configs = ft_settings_to_run_configs (f->settings, NULL);
  g_assert_cmpuint (configs->len, ==, 1);
  a = g_ptr_array_index (configs, 0);
  g_assert_null (a->weights_path);
  g_assert_cmpfloat (a->lr, ==, 5e-4);
  g_assert_false (a->param_groups);
  g_assert_cmpint (a->freeze, ==, FT_FREEZE_NONE);
  g_assert_cmpuint (a->epochs, ==, 5);
  g_assert_cmpuint (a->batch_size, ==, 128);
  g_clear_pointer (&configs, g_ptr_array_unref);

  /* the handle still writes through after a preset */
  g_settings_set_uint (f->settings, "epochs", 2);
  configs = ft_settings_to_run_configs (f->settings, NULL);
  g_assert_cmpuint (((FtTrainerConfig *) configs->pdata[0])->epochs, ==, 2);
  g_clear_pointer (&configs, g_ptr_array_unref);

  ft_settings_apply_preset (f->settings, FT_PRESET_FINETUNE);
  configs = ft_settings_to_run_configs (f->settings, NULL);
  g_assert_cmpuint (configs->len, ==, 1);
  a = g_ptr_array_index (configs, 0);
  g_assert_cmpstr (a->weights_path, ==, f->weights);
  g_assert_cmpfloat (a->lr, ==, 5e-5);
  g_assert_cmpfloat (a->head_lr_mult, ==, 10);
  g_assert_true (a->param_groups);
  g_clear_pointer (&configs, g_ptr_array_unref);

  g_assert_true (ft_settings_matches_preset (f->settings, FT_PRESET_FINETUNE));
  g_assert_false (ft_settings_matches_preset (f->settings, FT_PRESET_SCRATCH));
  g_settings_set_double (f->settings, "lr", 0.01);
  g_assert_false (ft_settings_matches_preset (f->settings, FT_PRESET_FINETUNE));

  ft_settings_apply_preset (f->settings, FT_PRESET_BOTH);
  g_assert_true (ft_settings_matches_preset (f->settings, FT_PRESET_BOTH));
  g_assert_false (ft_settings_matches_preset (f->settings, FT_PRESET_FINETUNE));
  g_assert_cmpint (g_settings_get_enum (f->settings, "preset"), ==, FT_PRESET_BOTH);
  configs = ft_settings_to_run_configs (f->settings, NULL);
  g_assert_cmpuint (configs->len, ==, 2);
  a = g_ptr_array_index (configs, 0);
  b = g_ptr_array_index (configs, 1);
  g_assert_cmpstr (a->weights_path, ==, f->weights);
  g_assert_cmpfloat (a->lr, ==, 5e-5);
  g_assert_true (a->param_groups);
  g_assert_null (b->weights_path);
  g_assert_cmpfloat (b->lr, ==, 5e-4);
  g_assert_false (b->param_groups);
  g_assert_cmpuint (a->seed, ==, 7);
  g_assert_cmpuint (b->seed, ==, 7);
  g_assert_cmpstr (a->data_dir, ==, b->data_dir);
  g_assert_cmpstr (a->label, !=, b->label);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/settings/defaults", Fixture, NULL, fixture_set_up, test_defaults_are_the_book,
              fixture_tear_down);
  g_test_add ("/settings/every-setting", Fixture, NULL, fixture_set_up, test_every_setting_maps,
              fixture_tear_down);
  g_test_add ("/settings/missing-weights", Fixture, NULL, fixture_set_up, test_missing_weights,
              fixture_tear_down);
  g_test_add ("/settings/presets", Fixture, NULL, fixture_set_up, test_presets, fixture_tear_down);
  return g_test_run ();
}
