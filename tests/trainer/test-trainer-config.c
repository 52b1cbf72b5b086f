/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "ft-trainer-config.h"

static void
test_defaults (void)
{
  g_autoptr (FtTrainerConfig) c = ft_trainer_config_new ();

  /* The book's fine-tuning run. */
  g_assert_cmpfloat (c->lr, ==, 5e-5);
  g_assert_cmpfloat (c->head_lr_mult, ==, 10);
  g_assert_true (c->param_groups);
  g_assert_cmpfloat (c->weight_decay, ==, 0.001);
  g_assert_cmpfloat (c->momentum, ==, 0);
  g_assert_cmpuint (c->epochs, ==, 5);
  g_assert_cmpuint (c->batch_size, ==, 128);
  g_assert_cmpuint (c->image_size, ==, 224);
  g_assert_true (c->augment);
  g_assert_true (c->shuffle);
  g_assert_true (c->channels_last);
  g_assert_true (c->winograd);
  g_assert_cmpuint (c->seed, ==, 0);
  g_assert_cmpint (c->freeze, ==, FT_FREEZE_NONE);
  g_assert_cmpint (c->precision, ==, FT_PRECISION_FP32);
  g_assert_null (c->weights_path);
}

static void
test_presets (void)
{
  g_autoptr (FtTrainerConfig) c = ft_trainer_config_new ();

  c->weights_path = g_strdup ("w.pth");
  c->reuse_classifier = TRUE;
  ft_trainer_config_apply_scratch_preset (c);
  g_assert_null (c->weights_path);
  g_assert_cmpfloat (c->lr, ==, 5e-4);
  g_assert_false (c->param_groups);
  g_assert_false (c->reuse_classifier);
  ft_trainer_config_apply_finetune_preset (c);
  g_assert_cmpfloat (c->lr, ==, 5e-5);
  g_assert_true (c->param_groups);
}

typedef void (*Spoil) (FtTrainerConfig *c);

static void
no_data (FtTrainerConfig *c)
{
  g_clear_pointer (&c->data_dir, g_free);
}
static void
lr_zero (FtTrainerConfig *c)
{
  c->lr = 0;
}
static void
lr_huge (FtTrainerConfig *c)
{
  c->lr = 11;
}
static void
lr_nan (FtTrainerConfig *c)
{
  c->lr = NAN;
}
static void
epochs_zero (FtTrainerConfig *c)
{
  c->epochs = 0;
}
static void
epochs_huge (FtTrainerConfig *c)
{
  c->epochs = 1001;
}
static void
batch_zero (FtTrainerConfig *c)
{
  c->batch_size = 0;
}
static void
batch_huge (FtTrainerConfig *c)
{
  c->batch_size = 4097;
}
static void
size_small (FtTrainerConfig *c)
{
  c->image_size = 31;
}
static void
size_huge (FtTrainerConfig *c)
{
  c->image_size = 1025;
}
static void
momentum_one (FtTrainerConfig *c)
{
  c->momentum = 1;
}
static void
decay_negative (FtTrainerConfig *c)
{
  c->weight_decay = -0.1;
}
static void
mult_zero (FtTrainerConfig *c)
{
  c->head_lr_mult = 0;
}
static void
reuse_scratch (FtTrainerConfig *c)
{
  g_clear_pointer (&c->weights_path, g_free);
  c->reuse_classifier = TRUE;
}
static void
freeze_scratch (FtTrainerConfig *c)
{
  g_clear_pointer (&c->weights_path, g_free);
  c->freeze = FT_FREEZE_LAYER2;
}

static void
test_validate (void)
{
  const struct
  {
    Spoil spoil;
    const char *says;
  } cases[] = {
    { no_data, "data set" },        { lr_zero, "learning rate" },
    { lr_huge, "learning rate" },   { lr_nan, "learning rate" },
    { epochs_zero, "epochs" },      { epochs_huge, "epochs" },
    { batch_zero, "batch size" },   { batch_huge, "batch size" },
    { size_small, "image size" },   { size_huge, "image size" },
    { momentum_one, "momentum" },   { decay_negative, "weight decay" },
    { mult_zero, "multiplier" },    { reuse_scratch, "classifier" },
    { freeze_scratch, "Freezing" },
  };
  g_autoptr (FtTrainerConfig) good = ft_trainer_config_new ();
  g_autoptr (GError) error = NULL;

  good->data_dir = g_strdup ("/data");
  good->weights_path = g_strdup ("/w.pth");
  g_assert_true (ft_trainer_config_validate (good, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (FtTrainerConfig) c = ft_trainer_config_copy (good);
      g_autoptr (GError) e = NULL;

      cases[i].spoil (c);
      g_assert_false (ft_trainer_config_validate (c, &e));
      g_assert_error (e, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", e->message);
      g_assert_nonnull (strstr (e->message, cases[i].says));
      /* One sentence. */
      g_assert_true (g_str_has_suffix (e->message, "."));
      g_assert_null (strchr (e->message, '\n'));
    }
}

static void
test_json (void)
{
  g_autoptr (FtTrainerConfig) c = ft_trainer_config_new ();
  g_autoptr (FtTrainerConfig) back = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;

  c->data_dir = g_strdup ("/data/hotdog");
  c->weights_path = g_strdup ("/w/resnet18.pth");
  c->label = g_strdup ("fine-tune “é”");
  c->lr = 1.2345678901234e-5;
  c->seed = G_GUINT64_CONSTANT (12345678901);
  c->freeze = FT_FREEZE_LAYER3;
  c->precision = FT_PRECISION_BF16;
  c->epochs = 7;
  c->augment = FALSE;
  c->shuffle = FALSE;
  c->winograd = FALSE;
  c->loader_threads = 3;
  node = ft_trainer_config_to_json (c);
  back = ft_trainer_config_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->data_dir, ==, c->data_dir);
  g_assert_cmpstr (back->weights_path, ==, c->weights_path);
  g_assert_cmpstr (back->label, ==, c->label);
  g_assert_null (back->init_model_path);
  g_assert_cmpfloat (back->lr, ==, c->lr);
  g_assert_cmpuint (back->seed, ==, c->seed);
  g_assert_cmpint (back->freeze, ==, FT_FREEZE_LAYER3);
  g_assert_cmpint (back->precision, ==, FT_PRECISION_BF16);
  g_assert_cmpuint (back->epochs, ==, 7);
  g_assert_false (back->augment);
  g_assert_false (back->shuffle);
  g_assert_false (back->winograd);
  g_assert_cmpuint (back->loader_threads, ==, 3);
  again = ft_trainer_config_to_json (back);
  a = json_to_string (node, FALSE);
  b = json_to_string (again, FALSE);
  g_assert_cmpstr (a, ==, b);
}

static void
test_json_bad (void)
{
  const char *bad[] = {
    "[1, 2]",
    "{\"lr\": \"fast\"}",
    "{\"epochs\": -3}",
    "{\"freeze\": \"layer9\"}",
    "{\"precision\": \"fp8\"}",
    "{\"augment\": 1}",
    "{\"data_dir\": 4}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (FtTrainerConfig) c = ft_trainer_config_from_json (node, &error);

      g_assert_null (c);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_freeze_names (void)
{
  FtFreeze f;

  for (FtFreeze i = FT_FREEZE_NONE; i <= FT_FREEZE_LAYER4; i++)
    {
      g_assert_true (ft_freeze_from_string (ft_freeze_to_string (i), &f));
      g_assert_cmpint (f, ==, i);
    }
  g_assert_false (ft_freeze_from_string ("layer5", &f));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trainer-config/defaults", test_defaults);
  g_test_add_func ("/trainer-config/presets", test_presets);
  g_test_add_func ("/trainer-config/validate", test_validate);
  g_test_add_func ("/trainer-config/json", test_json);
  g_test_add_func ("/trainer-config/json-bad", test_json_bad);
  g_test_add_func ("/trainer-config/freeze-names", test_freeze_names);
  return g_test_run ();
}
