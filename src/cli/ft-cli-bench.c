/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "ft-bench.h"
#include "ft-cli-bench.h"
#include "ft-cli-interruptible.h"
#include "ft-cli-progress.h"
#include "ft-cli-trainer.h"
#include "ft-dataset.h"
#include "ft-torch.h"

#define BENCH_SIZE 224
#define BENCH_BATCH 32
#define BENCH_BATCH_MAX 512
#define BENCH_TIMED_STEPS 2
#define BENCH_DECODE_MAX 200
#define BENCH_PRACTICE_PER_CLASS 24

static const char *
precision_name (FtTorchPrecision precision)
{
  return precision == FT_TORCH_PRECISION_BF16 ? "bf16" : "fp32";
}

static const char *
layout_name (gboolean channels_last)
{
  return channels_last ? "channels-last" : "NCHW";
}

/* The settings worth timing here: bf16 only where this CPU (or a GPU) has it. */
static GArray *
settings_to_try (FtTorchDevice device)
{
  GArray *settings = g_array_new (FALSE, TRUE, sizeof (FtBenchStep));
  gboolean bf16 = device == FT_TORCH_DEVICE_CUDA || ft_torch_cpu_has_bf16 ();

  for (int p = 0; p < (bf16 ? 2 : 1); p++)
    for (int cl = 0; cl < 2; cl++)
      {
        FtBenchStep step = { p ? FT_TORCH_PRECISION_BF16 : FT_TORCH_PRECISION_FP32, cl, 0, 0 };
        g_array_append_val (settings, step);
      }
  return settings;
}

static JsonNode *
to_json (const char *data_name,
         guint n_decoded,
         double decode_rate,
         int batch,
         GArray *settings,
         const FtBenchStep *best,
         double seconds)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, ft_torch_device_name (ft_torch_best_device ()));
  json_builder_set_member_name (b, "threads");
  json_builder_add_int_value (b, ft_torch_get_threads ());
  json_builder_set_member_name (b, "data");
  json_builder_add_string_value (b, data_name);
  json_builder_set_member_name (b, "decoded_images");
  json_builder_add_int_value (b, n_decoded);
  json_builder_set_member_name (b, "decode_images_per_sec_per_thread");
  json_builder_add_double_value (b, decode_rate);
  json_builder_set_member_name (b, "batch");
  json_builder_add_int_value (b, batch);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, BENCH_SIZE);
  json_builder_set_member_name (b, "settings");
  json_builder_begin_array (b);
  for (guint i = 0; i < settings->len; i++)
    {
      const FtBenchStep *s = &g_array_index (settings, FtBenchStep, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "precision");
      json_builder_add_string_value (b, precision_name (s->precision));
      json_builder_set_member_name (b, "channels_last");
      json_builder_add_boolean_value (b, s->channels_last);
      json_builder_set_member_name (b, "train_examples_per_sec");
      json_builder_add_double_value (b, s->train_examples_per_sec);
      json_builder_set_member_name (b, "eval_examples_per_sec");
      json_builder_add_double_value (b, s->eval_examples_per_sec);
      json_builder_set_member_name (b, "best");
      json_builder_add_boolean_value (b, s == best);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "experiment_seconds");
  json_builder_add_double_value (b, seconds);
  json_builder_set_member_name (b, "peak_rss_mib");
  json_builder_add_double_value (b, ft_cli_peak_rss_mib ());
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_estimate (const FtBenchStep *best, double seconds)
{
  int minutes = (int) ceil (seconds / 60);

  /* Translators: the first %s is a precision (fp32, bf16), the second a memory format. */
  printf (g_dngettext (GETTEXT_PACKAGE,
                       "The chapter’s experiment (fine-tuning and training from scratch, 5 epochs "
                       "each over 2000 + 800 images) would take about %d minute here, in %s with "
                       "%s.\n",
                       "The chapter’s experiment (fine-tuning and training from scratch, 5 epochs "
                       "each over 2000 + 800 images) would take about %d minutes here, in %s with "
                       "%s.\n",
                       minutes),
          minutes, precision_name (best->precision), layout_name (best->channels_last));
}

/* Times every setting; the fastest to train is returned in @best. */
/* One measurement, run on its own thread while the main loop waits for Ctrl+C. */
typedef struct
{
  const char *data_dir; /* NULL: draw a practice set */
  char *practice;       /* the practice set drawn, removed by the caller */
  int batch;
  gboolean json;
  FtCliProgress *line;       /* the clock while a setting is timed, on a terminal */
  GCancellable *cancellable; /* set while it runs */
  int status;
} Job;

static gboolean
time_settings (GArray *settings,
               int batch,
               gboolean json,
               FtCliProgress *line,
               GCancellable *cancellable,
               const FtBenchStep **best,
               GError **error)
{
  FtTorchDevice device = ft_torch_best_device ();

  if (!json)
    printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Training and evaluating ResNet-18 on %d thread [%s], batch %d at %d px:\n",
                   "Training and evaluating ResNet-18 on %d threads [%s], batch %d at %d px:\n",
                   ft_torch_get_threads ()),
      ft_torch_get_threads (), ft_torch_device_name (device), batch, BENCH_SIZE);
  *best = NULL;
  for (guint i = 0; i < settings->len; i++)
    {
      FtBenchStep *s = &g_array_index (settings, FtBenchStep, i);
      g_autofree char *name
        = g_strdup_printf ("%s, %s", precision_name (s->precision), layout_name (s->channels_last));
      g_autofree char *timing
        = g_strdup_printf (_ ("  %-20s timing (%u of %u)…"), name, i + 1, settings->len);
      gboolean ok;

      ft_cli_progress_start_clock (line, timing);
      ok = ft_bench_step (s, batch, BENCH_SIZE, BENCH_TIMED_STEPS, device, cancellable, error);
      ft_cli_progress_clear (line);
      if (!ok)
        return FALSE;
      if (*best == NULL || s->train_examples_per_sec > (*best)->train_examples_per_sec)
        *best = s;
      if (!json)
        {
          printf (_ ("  %-20s %7.1f examples/s training, %7.1f evaluating\n"), name,
                  s->train_examples_per_sec, s->eval_examples_per_sec);
          fflush (stdout);
        }
    }
  return TRUE;
}

/* The measurement and its report; FALSE with @error set when it failed or was interrupted. */
static gboolean
bench (Job *job, GError **error)
{
  g_autoptr (FtDataset) dataset = NULL;
  g_autoptr (GArray) settings = NULL;
  const FtBenchStep *best = NULL;
  double decode_rate, seconds;
  guint n_decoded = 0;

  if (job->data_dir == NULL)
    {
      if (!job->json)
        {
          printf ("%s\n", _ ("Drawing a small practice set to decode…"));
          fflush (stdout);
        }
      job->practice = ft_bench_draw_set (BENCH_PRACTICE_PER_CLASS, job->cancellable, error);
      if (job->practice == NULL)
        return FALSE;
    }
  dataset = ft_dataset_open (job->data_dir ? job->data_dir : job->practice, error);
  if (dataset == NULL)
    return FALSE;
  ft_cli_progress_start_clock (job->line, _ ("Decoding and augmenting images…"));
  decode_rate = ft_bench_decode (ft_dataset_get_train (dataset), BENCH_DECODE_MAX, BENCH_SIZE,
                                 &n_decoded, job->cancellable, error);
  ft_cli_progress_clear (job->line);
  if (decode_rate <= 0)
    return FALSE;
  if (!job->json)
    {
      printf (_ ("Decoding and augmenting %u images of %s: %.1f images/s on one thread\n"),
              n_decoded, ft_dataset_get_name (dataset), decode_rate);
      fflush (stdout);
    }
  settings = settings_to_try (ft_torch_best_device ());
  if (!time_settings (settings, job->batch, job->json, job->line, job->cancellable, &best, error))
    return FALSE;
  seconds = ft_bench_experiment_seconds (best, decode_rate, ft_torch_cpu_count ());
  if (job->json)
    {
      g_autoptr (JsonNode) node = to_json (ft_dataset_get_name (dataset), n_decoded, decode_rate,
                                           job->batch, settings, best, seconds);
      ft_cli_print_json (node);
    }
  else
    print_estimate (best, seconds);
  return TRUE;
}

/* Measures on a thread while the main loop waits for Ctrl+C. */
static void
bench_work (gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;

  job->cancellable = cancellable;
  if (bench (job, &error))
    job->status = 0;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    job->status = ft_cli_fail ("%s", _ ("The measurement was interrupted."));
  else
    job->status = ft_cli_fail ("%s", error->message);
  job->cancellable = NULL;
}

int
ft_cli_bench (int argc, char **argv)
{
  g_autofree char *data = NULL;
  int batch = BENCH_BATCH, threads = 0, status;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      N_ ("A data set to decode (a practice set is drawn when none is given)"), N_ ("DIR") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_ ("Images per training step (32)"), "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_ ("libtorch threads (every CPU this process may use)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the figures as one JSON object"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("— how fast this machine decodes, trains and evaluates"));
  g_autoptr (GError) error = NULL;
  Job job = { 0 };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (argc > 1)
    return ft_cli_fail (_ ("bench takes no arguments, only options; “%s” is not one."), argv[1]);
  if (batch < 1 || batch > BENCH_BATCH_MAX)
    return ft_cli_fail (_ ("The batch size must be between 1 and %d."), BENCH_BATCH_MAX);
  if (threads < 0 || threads > 1024)
    return ft_cli_fail ("%s", _ ("The number of threads must be between 1 and 1024."));
  ft_torch_set_threads (threads);
  job.data_dir = data;
  job.batch = batch;
  job.json = json;
  job.line = ft_cli_progress_new (stdout, json);
  ft_cli_run_interruptible ("bench", bench_work, &job);
  ft_cli_progress_free (job.line);
  status = job.status;
  if (job.practice != NULL)
    ft_bench_remove_set (job.practice);
  g_free (job.practice);
  return status;
}
