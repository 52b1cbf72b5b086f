/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>

#include "ft-run-writer.h"
#include "ft-run.h"

static char *
make_tmp (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ft-run-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static FtTrainerConfig *
sample_config (void)
{
  FtTrainerConfig *c = ft_trainer_config_new ();

  c->data_dir = g_strdup ("/data/set");
  c->weights_path = g_strdup ("/w.pth");
  c->epochs = 2;
  return c;
}

static void
write_run (const char *dir, const char *state, guint epochs_done)
{
  g_autoptr (FtTrainerConfig) c = sample_config ();
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRunWriter) w = ft_run_writer_new (dir, c, &error);
  const char *classes[] = { "hotdog", "not-hotdog", NULL };
  FtMetricPoint train = { 0.5, 0.693, 0.5, NAN };
  FtMetricPoint test = { 1, NAN, NAN, 0.875 };

  g_assert_no_error (error);
  g_assert_true (ft_run_writer_set_classes (w, classes, &error));
  g_assert_true (ft_run_writer_add_point (w, &train, &error));
  g_assert_true (ft_run_writer_add_point (w, &test, &error));
  ft_run_writer_log (w, "epoch %d", 1);
  g_assert_true (g_file_set_contents (ft_run_writer_get_model_path (w), "x", 1, &error));
  g_assert_true (ft_run_writer_set_state (w, state, epochs_done, "why", &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r1", NULL);
  g_autofree char *metrics = g_build_filename (dir, "metrics.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;
  GArray *points;

  write_run (dir, "cancelled", 1);
  g_assert_true (g_file_get_contents (metrics, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "x,train_loss,train_acc,test_acc\n0.5,0.693,0.5,\n1,,,0.875\n");
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_id (run), ==, "r1");
  g_assert_cmpstr (ft_run_get_state (run), ==, "cancelled");
  g_assert_cmpstr (ft_run_get_message (run), ==, "why");
  g_assert_cmpuint (ft_run_get_epochs_done (run), ==, 1);
  g_assert_cmpuint (ft_run_get_config (run)->epochs, ==, 2);
  g_assert_cmpstr (ft_run_get_config (run)->data_dir, ==, "/data/set");
  g_assert_nonnull (ft_run_get_model_path (run));
  g_assert_cmpstr (ft_run_get_class_names (run)[1], ==, "not-hotdog");
  g_assert_null (ft_run_get_class_names (run)[2]);
  points = ft_run_get_points (run);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpfloat (g_array_index (points, FtMetricPoint, 0).train_loss, ==, 0.693);
  g_assert_true (isnan (g_array_index (points, FtMetricPoint, 0).test_acc));
  g_assert_cmpfloat (g_array_index (points, FtMetricPoint, 1).test_acc, ==, 0.875);
  g_assert_true (ft_run_delete (run, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_rmdir (tmp);
}

static void
test_torn_metrics (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);
  g_autofree char *metrics = g_build_filename (dir, "metrics.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;

  write_run (dir, "running", 0);
  /* A line cut short by a crash is not a point. */
  g_assert_true (g_file_set_contents (
    metrics, "x,train_loss,train_acc,test_acc\n0.2,0.6,0.7,\n0.4,0.", -1, &error));
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_run_get_points (run)->len, ==, 1);
  g_assert_true (ft_run_delete (run, &error));
  g_rmdir (tmp);
}

static void
test_not_a_run (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *config = g_build_filename (tmp, "config.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = ft_run_open (tmp, &error);

  g_assert_null (run);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (config, "{\"lr\": \"x\"", -1, NULL));
  run = ft_run_open (tmp, &error);
  g_assert_null (run);
  g_assert_nonnull (error);
  g_unlink (config);
  g_rmdir (tmp);
}

static void
test_list (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *junk = g_build_filename (tmp, "not-a-run", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) runs = NULL;
  g_autofree char *a = ft_run_make_dir (tmp, &error);
  g_autofree char *b = ft_run_make_dir (tmp, &error);
  g_autoptr (FtRun) first = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (a, !=, b);
  write_run (a, "finished", 2);
  g_usleep (1100 * 1000); /* the newer run's files are a second younger */
  write_run (b, "failed", 0);
  g_mkdir (junk, 0755);
  runs = ft_run_list (tmp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 2);
  first = g_list_model_get_item (runs, 0);
  g_assert_cmpstr (ft_run_get_dir (first), ==, b);
  g_assert_cmpstr (ft_run_get_state (first), ==, "failed");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (FtRun) run = g_list_model_get_item (runs, i);
      g_assert_true (ft_run_delete (run, &error));
    }
  g_rmdir (junk);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static void
test_default_dir (void)
{
  g_autofree char *dir = NULL;

  g_setenv ("FINETUNE_RUNS_DIR", "/tmp/somewhere/runs", TRUE);
  dir = ft_run_default_runs_dir ();
  g_assert_cmpstr (dir, ==, "/tmp/somewhere/runs");
  g_unsetenv ("FINETUNE_RUNS_DIR");
  g_free (dir);
  dir = ft_run_default_runs_dir ();
  g_assert_true (g_str_has_suffix (dir, "/finetune/runs"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run/round-trip", test_round_trip);
  g_test_add_func ("/run/torn-metrics", test_torn_metrics);
  g_test_add_func ("/run/not-a-run", test_not_a_run);
  g_test_add_func ("/run/list", test_list);
  g_test_add_func ("/run/default-dir", test_default_dir);
  return g_test_run ();
}
