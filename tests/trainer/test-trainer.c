/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "ft-run.h"
#include "ft-torch.h"
#include "ft-trainer-model.h"
#include "trainer-fixture.h"

static char *data_dir;
static char *learn_dir;
static char *weights_path;
static char *tmp_dir;

static char *
new_run_dir (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static float *
read_tensor (const char *model_path, int n_classes, const char *name, size_t *numel)
{
  FtTorchModel *model = NULL;
  float *values;

  g_assert_null (ft_torch_model_new (n_classes, &model));
  g_assert_null (ft_torch_model_load (model, model_path, FT_TORCH_LOAD_STRICT));
  g_assert_null (ft_torch_model_tensor_copy (model, name, NULL, 0, numel));
  values = g_new (float, *numel);
  g_assert_null (ft_torch_model_tensor_copy (model, name, values, *numel, numel));
  ft_torch_model_free (model);
  return values;
}

/*
 * From scratch at the book's rate, the two shapes part within a few epochs.
 * The test set has 40 images: guessing gets 20 right, and 32 or more right
 * by chance has a probability near 1e-4, so 0.8 shows learning without
 * asking for more than 4 short epochs give on every seed.
 */
static void
test_learns (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (learn_dir, 64);
  g_autofree char *run_dir = new_run_dir ("learns");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (FtTrainerSnapshot) s = NULL;
  g_autoptr (GError) error = NULL;
  guint n_epochs = 0;

  ft_trainer_config_apply_scratch_preset (c);
  c->epochs = 4;
  trainer = ft_trainer_new (c, run_dir);
  g_assert_true (fixture_run (trainer, G_MAXUINT, &n_epochs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_epochs, ==, 4);
  s = ft_trainer_get_snapshot (trainer);
  g_test_message ("test acc %.3f, train acc %.3f, loss %.3f", s->test_acc, s->train_acc,
                  s->train_loss);
  g_assert_cmpint (s->phase, ==, FT_TRAINER_FINISHED);
  g_assert_cmpfloat (s->test_acc, >=, 0.8);
  g_assert_cmpfloat (s->examples_per_sec, >, 0);
  g_assert_cmpfloat (s->end_to_end_examples_per_sec, >, 0);
  g_assert_cmpfloat (s->end_to_end_examples_per_sec, <=, s->examples_per_sec);
  g_assert_cmpfloat (s->fraction, ==, 1.0);
}

/* 40 images at batch 16 make 3 batches: the book plots every batch (3 // 5 = 0, taken as 1). */
static void
test_cadence (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("cadence");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (FtRun) run = NULL;
  g_autoptr (GError) error = NULL;
  const double xs[] = { 1 / 3.0, 2 / 3.0, 1, 1, 1 + 1 / 3.0, 1 + 2 / 3.0, 2, 2 };
  GArray *points;

  ft_trainer_config_apply_scratch_preset (c);
  trainer = ft_trainer_new (c, run_dir);
  g_assert_true (fixture_run (trainer, G_MAXUINT, NULL, &error));
  run = ft_run_open (run_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_state (run), ==, "finished");
  g_assert_cmpuint (ft_run_get_epochs_done (run), ==, 2);
  points = ft_run_get_points (run);
  g_assert_cmpuint (points->len, ==, G_N_ELEMENTS (xs));
  for (guint i = 0; i < points->len; i++)
    {
      FtMetricPoint *p = &g_array_index (points, FtMetricPoint, i);
      gboolean is_test = i == 3 || i == 7;

      g_assert_cmpfloat_with_epsilon (p->x, xs[i], 1e-6);
      g_assert_cmpint (isnan (p->test_acc), ==, !is_test);
      g_assert_cmpint (isnan (p->train_loss), ==, is_test);
    }
}

static void
test_deterministic (void)
{
  GBytes *metrics[2] = { NULL, NULL };
  GBytes *model[2] = { NULL, NULL };
  const guint loader_threads[2] = { 1, 3 };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
      g_autofree char *name = g_strdup_printf ("same-seed-%u", k);
      g_autofree char *run_dir = new_run_dir (name);
      g_autoptr (FtTrainer) trainer = NULL;
      g_autoptr (GError) error = NULL;

      /* Augmentation and shuffling on: every random choice must come from the seed. */
      c->weights_path = g_strdup (weights_path);
      c->seed = 7;
      c->loader_threads = loader_threads[k];
      trainer = ft_trainer_new (c, run_dir);
      g_assert_true (fixture_run (trainer, G_MAXUINT, NULL, &error));
      g_assert_no_error (error);
      metrics[k] = fixture_read (run_dir, "metrics.csv");
      model[k] = fixture_read (run_dir, "model.pth");
    }
  g_assert_true (g_bytes_equal (metrics[0], metrics[1]));
  g_assert_true (g_bytes_equal (model[0], model[1]));
  for (guint k = 0; k < 2; k++)
    {
      g_bytes_unref (metrics[k]);
      g_bytes_unref (model[k]);
    }
}

static void
assert_tensor (const char *name, const char *model_path, gboolean same)
{
  size_t n_before, n_after;
  g_autofree float *before = read_tensor (weights_path, 1000, name, &n_before);
  g_autofree float *after = read_tensor (model_path, 2, name, &n_after);

  g_assert_cmpuint (n_before, ==, n_after);
  g_assert_cmpint (memcmp (before, after, n_before * sizeof (float)) == 0, ==, same);
}

static void
test_frozen (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("frozen");
  g_autofree char *model_path = g_build_filename (run_dir, "model.pth", NULL);
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (GError) error = NULL;
  const char *frozen[] = { "conv1.weight", "bn1.running_mean", "layer1.1.conv2.weight",
                           "layer2.0.downsample.1.running_var", "layer2.1.bn2.weight" };
  const char *trained[] = { "layer3.0.conv1.weight", "layer4.1.bn2.running_mean" };

  c->weights_path = g_strdup (weights_path);
  c->freeze = FT_FREEZE_LAYER2;
  c->epochs = 1;
  trainer = ft_trainer_new (c, run_dir);
  g_assert_true (fixture_run (trainer, G_MAXUINT, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (frozen); i++)
    assert_tensor (frozen[i], model_path, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (trained); i++)
    assert_tensor (trained[i], model_path, FALSE);
}

static void
test_reuse_classifier (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  const char *classes[] = { "hotdog", "not-hotdog", NULL };
  g_auto (GStrv) matched = NULL;
  g_autoptr (GError) error = NULL;
  size_t n_src, n_new, n_src_b, n_new_b;
  g_autofree float *src = read_tensor (weights_path, 1000, "fc.weight", &n_src);
  g_autofree float *src_bias = read_tensor (weights_path, 1000, "fc.bias", &n_src_b);
  g_autofree float *row = NULL;
  g_autofree float *bias = NULL;
  FtTorchModel *model;

  c->weights_path = g_strdup (weights_path);
  c->reuse_classifier = TRUE;
  model = ft_trainer_build_model (c, classes, &matched, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (matched), ==, 1);
  g_assert_cmpstr (matched[0], ==, "hotdog=934");
  row = g_new (float, 2 * 512);
  bias = g_new (float, 2);
  g_assert_null (ft_torch_model_tensor_copy (model, "fc.weight", row, 2 * 512, &n_new));
  g_assert_null (ft_torch_model_tensor_copy (model, "fc.bias", bias, 2, &n_new_b));
  /* Row 0 (hotdog) is ImageNet's 934, bit for bit; row 1 (no match) is new. */
  g_assert_cmpmem (row, 512 * sizeof (float), src + 934 * 512, 512 * sizeof (float));
  g_assert_cmpfloat (bias[0], ==, src_bias[934]);
  g_assert_false (memcmp (row + 512, src + 935 * 512, 512 * sizeof (float)) == 0);
  ft_torch_model_free (model);
}

static void
test_cancel (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("cancel");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (FtTrainerSnapshot) s = NULL;
  g_autoptr (FtRun) run = NULL;
  g_autoptr (GError) error = NULL;
  size_t n;
  g_autofree float *head = NULL;

  ft_trainer_config_apply_scratch_preset (c);
  c->epochs = 3;
  trainer = ft_trainer_new (c, run_dir);
  g_assert_false (fixture_run (trainer, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  s = ft_trainer_get_snapshot (trainer);
  g_assert_cmpint (s->phase, ==, FT_TRAINER_CANCELLED);
  g_clear_error (&error);
  run = ft_run_open (run_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_state (run), ==, "cancelled");
  g_assert_cmpuint (ft_run_get_epochs_done (run), ==, 1);
  g_assert_nonnull (ft_run_get_model_path (run));
  /* The checkpoint of epoch 1 loads as a whole two-class network. */
  head = read_tensor (ft_run_get_model_path (run), 2, "fc.bias", &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (ft_run_get_points (run)->len, >=, 4);
}

/* A head learning at 1000 times the top allowed backbone rate overflows at once. */
/* From scratch at lr 1 the loss explodes, finite or not: the run stops with the same advice. */
static void
test_explodes (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("explodes");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (FtTrainerSnapshot) s = NULL;
  g_autoptr (GError) error = NULL;
  guint n_epochs = 0;

  ft_trainer_config_apply_scratch_preset (c);
  c->lr = 1;
  c->epochs = 4;
  trainer = ft_trainer_new (c, run_dir);
  g_assert_false (fixture_run (trainer, G_MAXUINT, &n_epochs, &error));
  g_assert_error (error, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "lower the learning rate (now 1)"));
  g_assert_cmpuint (n_epochs, <, 4);
  s = ft_trainer_get_snapshot (trainer);
  g_assert_cmpint (s->phase, ==, FT_TRAINER_FAILED);
  if (g_str_has_prefix (error->message, "Batch loss "))
    {
      /* the plotted figure is the epoch's running mean, the snapshot's train loss */
      g_autofree char *plotted = g_strdup_printf (
        s->train_loss >= 1000 ? "(%.0f plotted)" : "(%.3g plotted)", s->train_loss);

      g_assert_nonnull (strstr (error->message, plotted));
    }
  /* two classes: 25 ln 2 */
  g_assert_cmpfloat_with_epsilon (ft_trainer_diverged_loss (2), 17.33, 0.01);
}

static void
test_diverges (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("nan");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (FtRun) run = NULL;
  g_autoptr (GError) error = NULL;

  c->weights_path = g_strdup (weights_path);
  c->lr = 10;
  c->head_lr_mult = 1000;
  c->epochs = 3;
  trainer = ft_trainer_new (c, run_dir);
  g_assert_false (fixture_run (trainer, G_MAXUINT, NULL, &error));
  g_assert_error (error, FT_TRAINER_ERROR, FT_TRAINER_ERROR_DIVERGED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The loss ")
                 || g_str_has_prefix (error->message, "Batch loss "));
  g_assert_nonnull (strstr (error->message, "lower the learning rate (now 10)"));
  g_clear_error (&error);
  run = ft_run_open (run_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_state (run), ==, "failed");
  g_assert_true (g_str_has_prefix (ft_run_get_message (run), "The loss ")
                 || g_str_has_prefix (ft_run_get_message (run), "Batch loss "));
  /* Whatever epochs finished have their checkpoint; none finished has none. */
  g_assert_cmpint (ft_run_get_model_path (run) != NULL, ==, ft_run_get_epochs_done (run) > 0);
}

static void
test_bad_config (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("bad");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (GError) error = NULL;

  c->epochs = 0;
  trainer = ft_trainer_new (c, run_dir);
  g_assert_false (fixture_run (trainer, G_MAXUINT, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  /* Refused before anything was written. */
  g_assert_false (g_file_test (run_dir, G_FILE_TEST_EXISTS));
}

static void
test_missing_weights (void)
{
  g_autoptr (FtTrainerConfig) c = fixture_config (data_dir, 32);
  g_autofree char *run_dir = new_run_dir ("no-weights");
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (FtRun) run = NULL;
  g_autoptr (GError) error = NULL;

  c->weights_path = g_build_filename (tmp_dir, "absent.pth", NULL);
  trainer = ft_trainer_new (c, run_dir);
  g_assert_false (fixture_run (trainer, G_MAXUINT, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  run = ft_run_open (run_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_state (run), ==, "failed");
  g_assert_null (ft_run_get_model_path (run));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("ft-trainer-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp_dir, "set", NULL);
  weights_path = g_build_filename (tmp_dir, "imagenet.pth", NULL);
  learn_dir = g_build_filename (tmp_dir, "learn", NULL);
  fixture_draw_set (data_dir, 20, 1);
  fixture_draw_set (learn_dir, 40, 2);
  fixture_write_imagenet_like (weights_path, 3);

  g_test_add_func ("/trainer/learns", test_learns);
  g_test_add_func ("/trainer/cadence", test_cadence);
  g_test_add_func ("/trainer/deterministic", test_deterministic);
  g_test_add_func ("/trainer/frozen", test_frozen);
  g_test_add_func ("/trainer/reuse-classifier", test_reuse_classifier);
  g_test_add_func ("/trainer/cancel", test_cancel);
  g_test_add_func ("/trainer/diverges", test_diverges);
  g_test_add_func ("/trainer/explodes", test_explodes);
  g_test_add_func ("/trainer/bad-config", test_bad_config);
  g_test_add_func ("/trainer/missing-weights", test_missing_weights);
  status = g_test_run ();
  fixture_remove_tree (tmp_dir);
  return status;
}
