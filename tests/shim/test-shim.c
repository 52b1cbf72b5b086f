/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shim without Python: module tree, save/load, head surgery, freezing, refusals. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

#include "ft-torch.h"

#define N 2
#define SIZE 32

static void
assert_ok (FtTorchStatus *status)
{
  if (status)
    g_error ("%s", ft_torch_status_message (status));
}

/* (transfer full): the status message of a call that had to fail. */
static char *
failure (FtTorchStatus *status)
{
  g_assert_nonnull (status);
  char *message = g_strdup (ft_torch_status_message (status));
  ft_torch_status_free (status);
  return message;
}

static FtTorchModel *
new_model (int classes, uint64_t seed)
{
  FtTorchModel *model = NULL;
  ft_torch_manual_seed (seed);
  assert_ok (ft_torch_model_new (classes, &model));
  return model;
}

static float *
tensor (FtTorchModel *model, const char *name, size_t *numel)
{
  size_t n = 0;
  assert_ok (ft_torch_model_tensor_copy (model, name, NULL, 0, &n));
  float *data = g_new (float, n);
  assert_ok (ft_torch_model_tensor_copy (model, name, data, n, &n));
  *numel = n;
  return data;
}

/* Every state-dict entry of @model, concatenated. */
static GArray *
snapshot (FtTorchModel *model, const char *prefix)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (float));
  for (size_t i = 0; i < ft_torch_model_n_tensors (model); i++)
    {
      const char *name = ft_torch_model_tensor_name (model, i);
      if (prefix && !g_str_has_prefix (name, prefix))
        continue;
      size_t n;
      g_autofree float *data = tensor (model, name, &n);
      g_array_append_vals (all, data, n);
    }
  return all;
}

static gboolean
same (GArray *a, GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (float)) == 0;
}

static float *
batch (guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  float *images = g_new (float, N * 3 * SIZE * SIZE);
  for (int i = 0; i < N * 3 * SIZE * SIZE; i++)
    images[i] = (float) g_rand_double_range (rand, -2, 2);
  g_rand_free (rand);
  return images;
}

static void
test_tree (void)
{
  FtTorchModel *model = new_model (1000, 1);
  int batches_tracked = 0;
  g_assert_cmpuint (ft_torch_model_n_tensors (model), ==, 122);
  g_assert_cmpstr (ft_torch_model_tensor_name (model, 0), ==, "conv1.weight");
  g_assert_cmpstr (ft_torch_model_tensor_name (model, 1), ==, "bn1.weight");
  g_assert_cmpstr (ft_torch_model_tensor_name (model, 5), ==, "bn1.num_batches_tracked");
  g_assert_cmpstr (ft_torch_model_tensor_name (model, 6), ==, "layer1.0.conv1.weight");
  g_assert_cmpstr (ft_torch_model_tensor_name (model, 121), ==, "fc.bias");
  for (size_t i = 0; i < 122; i++)
    batches_tracked
      += g_str_has_suffix (ft_torch_model_tensor_name (model, i), "num_batches_tracked");
  g_assert_cmpint (batches_tracked, ==, 20);
  size_t n;
  g_autofree float *ds = tensor (model, "layer2.0.downsample.0.weight", &n);
  g_assert_cmpuint (n, ==, 128 * 64);
  g_autofree float *fc = tensor (model, "fc.weight", &n);
  g_assert_cmpuint (n, ==, 1000 * 512);
  g_autofree char *msg = failure (ft_torch_model_tensor_copy (model, "fc.nope", NULL, 0, &n));
  g_assert_nonnull (strstr (msg, "fc.nope"));
  ft_torch_model_free (model);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ft-shim-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.pth", NULL);
  FtTorchModel *a = new_model (3, 1), *b = new_model (3, 2);
  g_autofree float *images = batch (5);
  float la[N * 3], lb[N * 3];

  assert_ok (ft_torch_model_save (a, path));
  assert_ok (ft_torch_model_save (a, path)); /* over an existing file */
  GDir *listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "model.pth");
  g_assert_null (g_dir_read_name (listing));
  g_dir_close (listing);

  g_autoptr (GArray) before = snapshot (b, NULL);
  g_autoptr (GArray) sa = snapshot (a, NULL);
  g_assert_false (same (before, sa));
  assert_ok (ft_torch_model_load (b, path, FT_TORCH_LOAD_STRICT));
  g_autoptr (GArray) sb = snapshot (b, NULL);
  g_assert_true (same (sa, sb));
  assert_ok (ft_torch_model_eval (a, images, N, SIZE, SIZE, la));
  assert_ok (ft_torch_model_eval (b, images, N, SIZE, SIZE, lb));
  g_assert_cmpmem (la, sizeof la, lb, sizeof lb);

  g_autofree char *msg = failure (ft_torch_model_save (a, "/nonexistent-dir/model.pth"));
  g_assert_nonnull (strstr (msg, "/nonexistent-dir"));
  g_unlink (path);
  g_rmdir (dir);
  ft_torch_model_free (a);
  ft_torch_model_free (b);
}

static void
assert_refused (FtTorchModel *model, const char *path, FtTorchLoadMode mode, const char *needle)
{
  g_autoptr (GArray) before = snapshot (model, NULL);
  g_autofree char *msg = failure (ft_torch_model_load (model, path, mode));
  g_test_message ("%s", msg);
  g_assert_nonnull (strstr (msg, path));
  g_assert_nonnull (strstr (msg, needle));
  g_autoptr (GArray) after = snapshot (model, NULL);
  g_assert_true (same (before, after));
}

static void
write_bytes (const char *path, const void *data, gsize size)
{
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, data, (gssize) size, &error);
  g_assert_no_error (error);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ft-shim-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.pth", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.pth", NULL);
  FtTorchModel *ten = new_model (10, 1), *model = new_model (2, 2);
  g_autofree char *contents = NULL;
  gsize size;

  assert_ok (ft_torch_model_save (ten, good));
  g_assert_true (g_file_get_contents (good, &contents, &size, NULL));
  assert_refused (model, good, FT_TORCH_LOAD_STRICT, "fc.weight has shape [10, 512]");
  assert_ok (ft_torch_model_load (model, good, FT_TORCH_LOAD_BACKBONE));

  write_bytes (bad, "", 0);
  assert_refused (model, bad, FT_TORCH_LOAD_STRICT, "the file is empty");
  write_bytes (bad, contents, size / 3);
  assert_refused (model, bad, FT_TORCH_LOAD_STRICT, "truncated or corrupt");
  g_autofree char *noise = g_strnfill (5000, 'x');
  write_bytes (bad, noise, 5000);
  assert_refused (model, bad, FT_TORCH_LOAD_STRICT, "not a PyTorch weights file");
  assert_refused (model, dir, FT_TORCH_LOAD_STRICT, "folder");
  g_autofree char *absent = g_build_filename (dir, "absent.pth", NULL);
  assert_refused (model, absent, FT_TORCH_LOAD_STRICT, "No such file");

  /* The archive without its pickle. */
  write_bytes (bad, contents, size);
  zip_t *zip = zip_open (bad, 0, NULL);
  g_assert_nonnull (zip);
  g_assert_cmpint (zip_delete (zip, (zip_uint64_t) zip_name_locate (zip, "archive/data.pkl", 0)),
                   ==, 0);
  g_assert_cmpint (zip_close (zip), ==, 0);
  assert_refused (model, bad, FT_TORCH_LOAD_STRICT, "data.pkl");

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
  ft_torch_model_free (ten);
  ft_torch_model_free (model);
}

static void
test_head_reuse (void)
{
  FtTorchModel *model = new_model (1000, 3);
  size_t n;
  g_autofree float *w = tensor (model, "fc.weight", &n);
  g_autofree float *b = tensor (model, "fc.bias", &n);
  const int rows[3] = { 934, -1, 7 };

  assert_ok (ft_torch_model_replace_head (model, 3, rows));
  g_assert_cmpint (ft_torch_model_num_classes (model), ==, 3);
  g_autofree float *nw = tensor (model, "fc.weight", &n);
  g_assert_cmpuint (n, ==, 3 * 512);
  g_autofree float *nb = tensor (model, "fc.bias", &n);
  g_assert_cmpmem (nw, 512 * sizeof (float), w + 934 * 512, 512 * sizeof (float));
  g_assert_cmpmem (nw + 2 * 512, 512 * sizeof (float), w + 7 * 512, 512 * sizeof (float));
  g_assert_cmpfloat (nb[0], ==, b[934]);
  g_assert_cmpfloat (nb[2], ==, b[7]);
  g_assert_true (memcmp (nw + 512, w + 934 * 512, 512 * sizeof (float)) != 0);

  const int bad_rows[2] = { 0, 1000 };
  g_autofree char *msg = failure (ft_torch_model_replace_head (model, 2, bad_rows));
  g_assert_nonnull (strstr (msg, "1000"));
  g_assert_cmpint (ft_torch_model_num_classes (model), ==, 3);
  ft_torch_model_free (model);
}

static void
train (FtTorchModel *model, FtTorchSgd *sgd, int steps)
{
  for (int s = 0; s < steps; s++)
    {
      g_autofree float *images = batch ((guint32) s);
      const int64_t labels[N] = { 0, 1 };
      double loss = -1;
      int64_t correct = -1;
      assert_ok (ft_torch_train_step (model, sgd, images, labels, N, SIZE, SIZE, &loss, &correct));
      g_assert_true (loss > 0 && loss < 1e6);
      g_assert_cmpint (correct, >=, 0);
      g_assert_cmpint (correct, <=, N);
    }
}

static void
test_freeze (void)
{
  FtTorchModel *model = new_model (2, 4);
  FtTorchSgd *sgd = NULL;
  FtTorchSgdOptions options
    = { .lr = 0.05, .head_lr_mult = 10, .param_groups = 1, .weight_decay = 0.001 };
  const char *frozen[] = { "conv1.", "bn1.", "layer1.", "layer2." };
  GArray *before[G_N_ELEMENTS (frozen)];

  assert_ok (ft_torch_model_freeze (model, FT_TORCH_FREEZE_LAYER2));
  for (guint i = 0; i < G_N_ELEMENTS (frozen); i++)
    before[i] = snapshot (model, frozen[i]);
  g_autoptr (GArray) layer3 = snapshot (model, "layer3.");
  assert_ok (ft_torch_sgd_new (model, &options, &sgd));
  train (model, sgd, 2);
  for (guint i = 0; i < G_N_ELEMENTS (frozen); i++)
    {
      g_autoptr (GArray) after = snapshot (model, frozen[i]);
      g_assert_true (same (before[i], after));
      g_array_unref (before[i]);
    }
  g_autoptr (GArray) layer3_after = snapshot (model, "layer3.");
  g_assert_false (same (layer3, layer3_after));
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
}

static void
test_step_errors (void)
{
  FtTorchModel *model = new_model (2, 5), *other = new_model (2, 5);
  FtTorchSgd *sgd = NULL;
  FtTorchSgdOptions options = { .lr = 0.01, .head_lr_mult = 1, .weight_decay = 0.001 };
  g_autofree float *images = batch (1);
  const int64_t labels[N] = { 0, 2 };

  assert_ok (ft_torch_sgd_new (model, &options, &sgd));
  g_autofree char *msg
    = failure (ft_torch_train_step (model, sgd, images, labels, N, SIZE, SIZE, NULL, NULL));
  g_assert_nonnull (strstr (msg, "label 2"));
  g_autofree char *msg2
    = failure (ft_torch_train_step (other, sgd, images, labels, N, SIZE, SIZE, NULL, NULL));
  g_assert_nonnull (strstr (msg2, "invalid argument"));
  options.lr = 0;
  FtTorchSgd *none = NULL;
  g_autofree char *msg3 = failure (ft_torch_sgd_new (model, &options, &none));
  g_assert_null (none);
  g_assert_nonnull (strstr (msg3, "optimiser"));
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
  ft_torch_model_free (other);
}

static void
test_bf16_step (void)
{
  FtTorchModel *model = new_model (2, 6);
  FtTorchSgd *sgd = NULL;
  FtTorchSgdOptions options = { .lr = 0.001, .head_lr_mult = 10, .param_groups = 1 };
  float logits[N * 2];
  g_autofree float *images = batch (2);

  assert_ok (ft_torch_model_set_precision (model, FT_TORCH_PRECISION_BF16));
  assert_ok (ft_torch_model_set_channels_last (model, 1));
  assert_ok (ft_torch_sgd_new (model, &options, &sgd));
  train (model, sgd, 1);
  assert_ok (ft_torch_model_eval (model, images, N, SIZE, SIZE, logits));
  for (int i = 0; i < N * 2; i++)
    g_assert_true (logits[i] > -1e4 && logits[i] < 1e4);
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
}

/* A step's large tensors are kept for the next one, never beyond the most in use at once. */
static guint
count_mappings (void)
{
  g_autofree char *maps = NULL;
  guint lines = 0;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  for (const char *c = maps; *c; c++)
    lines += *c == '\n';
  return lines;
}

static void
test_memory (void)
{
  enum
  {
    BATCH = 8,
    PX = 64
  };
  FtTorchModel *model = new_model (2, 8);
  FtTorchSgd *sgd = NULL;
  FtTorchSgdOptions options = { .lr = 0.001, .head_lr_mult = 10, .param_groups = 1 };
  g_autofree float *images = g_new0 (float, BATCH * 3 * PX * PX);
  int64_t labels[BATCH] = { 0, 1, 0, 1, 0, 1, 0, 1 };
  FtTorchMemory after_one, after_two, released;
  double loss;
  int64_t correct;

  assert_ok (ft_torch_model_set_channels_last (model, 1));
  assert_ok (ft_torch_model_set_winograd (model, 1));
  assert_ok (ft_torch_sgd_new (model, &options, &sgd));
  for (int i = 0; i < BATCH * 3 * PX * PX; i++)
    images[i] = (float) ((i * 7919) % 255) / 127.5f - 1.0f;
  assert_ok (ft_torch_train_step (model, sgd, images, labels, BATCH, PX, PX, &loss, &correct));
  ft_torch_memory_stats (&after_one);
  assert_ok (ft_torch_train_step (model, sgd, images, labels, BATCH, PX, PX, &loss, &correct));
  ft_torch_memory_stats (&after_two);
  g_test_message ("after one step: %zu in use, %zu kept, peak %zu, %zu mapped; after two: %zu, "
                  "%zu, %zu, %zu",
                  after_one.in_use, after_one.kept, after_one.peak, after_one.mapped,
                  after_two.in_use, after_two.kept, after_two.peak, after_two.mapped);
  g_assert_cmpuint (after_one.kept, >, 0);
  g_assert_cmpuint (after_one.in_use + after_one.kept, <=, after_one.peak);
  g_assert_cmpuint (after_two.in_use + after_two.kept, <=, after_two.peak);
  /* The second step found most of what it needed among the first one's pages: no higher
   * peak, and fewer new pages than the first step mapped. */
  g_assert_cmpuint (after_two.peak, ==, after_one.peak);
  g_assert_cmpuint (after_two.mapped - after_one.mapped, <, after_one.mapped);
  /* Steps that repeat leave about as many mappings as they found. */
  guint maps_two = count_mappings ();
  for (int i = 0; i < 4; i++)
    assert_ok (ft_torch_train_step (model, sgd, images, labels, BATCH, PX, PX, &loss, &correct));
  g_test_message ("mappings after two steps: %u, after six: %u", maps_two, count_mappings ());
  g_assert_cmpuint (count_mappings (), <=, maps_two + 16);

  ft_torch_release_memory ();
  ft_torch_memory_stats (&released);
  g_assert_cmpuint (released.kept, ==, 0);
  g_assert_cmpuint (released.peak, ==, released.in_use);
  ft_torch_sgd_free (sgd);
  ft_torch_model_free (model);
}

static void
test_runtime (void)
{
  g_assert_true (g_str_has_prefix (ft_torch_version (), "1.")
                 || g_str_has_prefix (ft_torch_version (), "2."));
  g_assert_cmpint (ft_torch_cpu_count (), >=, 1);
  ft_torch_set_threads (0);
  g_assert_cmpint (ft_torch_get_threads (), ==, ft_torch_cpu_count ());
  g_assert_cmpstr (ft_torch_device_name (FT_TORCH_DEVICE_CPU), ==, "cpu");
  g_test_message ("bf16 worth offering: %d", ft_torch_cpu_has_bf16 ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shim/runtime", test_runtime);
  g_test_add_func ("/shim/tree", test_tree);
  g_test_add_func ("/shim/round-trip", test_round_trip);
  g_test_add_func ("/shim/bad-files", test_bad_files);
  g_test_add_func ("/shim/head-reuse", test_head_reuse);
  g_test_add_func ("/shim/freeze", test_freeze);
  g_test_add_func ("/shim/step-errors", test_step_errors);
  g_test_add_func ("/shim/bf16-step", test_bf16_step);
  g_test_add_func ("/shim/memory", test_memory);
  return g_test_run ();
}
