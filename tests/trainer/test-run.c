/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "ft-file-tree.h"

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
set_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* Opening @dir fails with one sentence that names @file. */
static void
assert_refused (const char *dir, const char *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = ft_run_open (dir, &error);

  g_assert_null (run);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_empty_metrics (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;

  write_run (dir, "finished", 1);
  set_file (dir, "metrics.csv", "");
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_run_get_points (run)->len, ==, 0);
  g_clear_object (&run);
  set_file (dir, "metrics.csv", "x,train_loss,train_acc,test_acc");
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_run_get_points (run)->len, ==, 0);
  g_assert_true (ft_run_delete (run, &error));
  g_rmdir (tmp);
}

static void
test_bad_metrics (void)
{
  const char *bad[] = {
    "x,train_loss,train_acc,test_acc\n0.5,abc,0.5,\n",
    "x,train_loss,train_acc,test_acc\n0.5,0.1,2,\n",
    "x,train_loss,train_acc,test_acc\n0.5,0.1\n",
    "x,train_loss,train_acc,test_acc\n,0.1,0.5,\n",
    "x,train_loss,train_acc,test_acc\n1e300,0.1,0.5,\n",
    "x,train_loss,train_acc,test_acc\n0.5,0.1,0.5,0.5,0.5\n",
    "x,train_loss,train_acc,test_acc\n0.5,-inf,0.5,\n",
    "x,train_loss,train_acc,test_acc\n0.5,0.1,0.5,\n\n1,,,0.5\n",
    "x,train_loss,train_acc,test_acc\n0.5,0.1,\xff,\n",
  };
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;

  write_run (dir, "finished", 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      set_file (dir, "metrics.csv", bad[i]);
      assert_refused (dir, "metrics.csv");
    }
  /* Lines written on another system keep their carriage returns. */
  set_file (dir, "metrics.csv", "x,train_loss,train_acc,test_acc\r\n0.5,0.1,0.5,\r\n");
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_run_get_points (run)->len, ==, 1);
  g_assert_true (ft_run_delete (run, &error));
  g_rmdir (tmp);
}

static void
test_bad_state (void)
{
  const char *bad[] = {
    "{\"state\": 0}",
    "{\"state\": {\"a\": 1}}",
    "{\"state\": [\"finished\"]}",
    "{\"state\": null}",
    "{\"state\": \"exploded\"}",
    "{}",
    "{\"state\": \"finished\", \"epochs_done\": \"2\"}",
    "{\"state\": \"finished\", \"epochs_done\": -1}",
    "{\"state\": \"finished\", \"epochs_done\": 4294967297}",
    "{\"state\": \"finished\", \"epochs_done\": 1.5}",
    "{\"state\": \"finished\", \"message\": 3}",
    "{\"state\": \"finished\", \"message\": {}}",
    "",
    "   \n",
    "[\"finished\"]",
    "{\"state\": \"finish",
  };
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;

  write_run (dir, "finished", 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      set_file (dir, "state.json", bad[i]);
      assert_refused (dir, "state.json");
    }
  run = ft_run_open (dir, &error);
  g_assert_null (run);
  g_clear_error (&error);
  set_file (dir, "state.json", "{\"state\": \"running\"}");
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_state (run), ==, "running");
  g_assert_null (ft_run_get_message (run));
  g_assert_true (ft_run_delete (run, &error));
  g_rmdir (tmp);
}

static void
test_bad_config (void)
{
  const char *bad[] = {
    "",
    " \n",
    "[]",
    "null",
    "{\"data_dir\": \"/d\", \"image_size\": 0}",
    "{\"data_dir\": \"/d\", \"image_size\": 60000}",
    "{\"data_dir\": \"/d\", \"image_size\": 4294967295}",
    "{\"data_dir\": \"/d\", \"image_size\": 4294967296}",
    "{\"data_dir\": \"/d\", \"lr\": 1e999}",
    "{\"data_dir\": \"/d\", \"lr\": 1e-10.0}",
    "{\"data_dir\": \"/d\", \"epochs\": 0}",
    "{\"image_size\": 224}",
    "{\"data_dir\": \"/d\", \"label\": \"\xff\"}",
  };
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtRun) run = NULL;

  write_run (dir, "finished", 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      set_file (dir, "config.json", bad[i]);
      assert_refused (dir, "config.json");
    }
  /* json-glib's parser recurses once a level: this much nesting overflows its stack. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  set_file (dir, "config.json", deep->str);
  assert_refused (dir, "config.json");
  g_string_set_size (deep, 0);
  /* Larger than any run configuration. */
  g_string_append (deep, "{\"data_dir\": \"/d\", \"label\": \"");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (deep, 'a');
  g_string_append (deep, "\"}");
  set_file (dir, "config.json", deep->str);
  assert_refused (dir, "config.json");
  set_file (dir, "config.json", "{\"data_dir\": \"/d\", \"epochs\": 2}");
  run = ft_run_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ft_run_get_config (run)->data_dir, ==, "/d");
  g_assert_true (ft_run_delete (run, &error));
  g_rmdir (tmp);
}

static void
test_bad_classes (void)
{
  const char *bad[] = { "", "\n\n", "a\n\nb\n", "a\n\xfe\n" };
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);

  write_run (dir, "finished", 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      set_file (dir, "classes.txt", bad[i]);
      assert_refused (dir, "classes.txt");
    }
  ft_file_tree_remove (tmp);
}

static void
test_not_regular (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "r", NULL);
  g_autofree char *metrics = g_build_filename (dir, "metrics.csv", NULL);

  write_run (dir, "finished", 1);
  g_unlink (metrics);
  /* Reading a FIFO would wait for a writer forever. */
  g_assert_cmpint (mkfifo (metrics, 0644), ==, 0);
  assert_refused (dir, "metrics.csv");
  ft_file_tree_remove (tmp);
}

static void
test_tiny_numbers (void)
{
  const double rates[] = { 1e-10, 5e-15, 1e-300, 3.0, 1e-5 };
  g_autofree char *tmp = make_tmp ();

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/r%u", tmp, i);
      g_autoptr (FtTrainerConfig) c = sample_config ();
      g_autoptr (GError) error = NULL;
      g_autoptr (FtRunWriter) w = NULL;
      g_autoptr (FtRun) run = NULL;

      c->lr = rates[i];
      c->weight_decay = rates[i] / 10;
      w = ft_run_writer_new (dir, c, &error);
      g_assert_no_error (error);
      run = ft_run_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (ft_run_get_config (run)->lr, ==, rates[i]);
      g_assert_cmpfloat (ft_run_get_config (run)->weight_decay, ==, rates[i] / 10);
    }
  ft_file_tree_remove (tmp);
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
test_list_problems (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *good = g_build_filename (tmp, "good", NULL);
  g_autofree char *bad = g_build_filename (tmp, "bad", NULL);
  g_autofree char *junk = g_build_filename (tmp, "junk", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) runs = NULL;
  g_auto (GStrv) problems = NULL;

  write_run (good, "finished", 1);
  write_run (bad, "finished", 1);
  set_file (bad, "state.json", "{\"state\": 0}");
  g_mkdir (junk, 0755);
  runs = ft_run_list_with_problems (tmp, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  /* The junk folder is no run, so it is not a problem either. */
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "bad/state.json"));
  g_clear_pointer (&problems, g_strfreev);
  g_clear_object (&runs);
  ft_file_tree_remove (bad);
  runs = ft_run_list_with_problems (tmp, &problems, &error);
  g_assert_null (problems);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  ft_file_tree_remove (tmp);
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
  g_test_add_func ("/run/empty-metrics", test_empty_metrics);
  g_test_add_func ("/run/bad-metrics", test_bad_metrics);
  g_test_add_func ("/run/bad-state", test_bad_state);
  g_test_add_func ("/run/bad-config", test_bad_config);
  g_test_add_func ("/run/bad-classes", test_bad_classes);
  g_test_add_func ("/run/not-regular", test_not_regular);
  g_test_add_func ("/run/tiny-numbers", test_tiny_numbers);
  g_test_add_func ("/run/list", test_list);
  g_test_add_func ("/run/list-problems", test_list_problems);
  g_test_add_func ("/run/default-dir", test_default_dir);
  return g_test_run ();
}
