/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-trainer.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "ft-cli-dist.h"
#include "ft-cli-progress.h"
#include "ft-run.h"
#include "ft-torch.h"

#define BAR_WIDTH 10

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  const char *prefix;
  FtCliRunResult *result;
  gint64 start_us;
  gboolean ok;
  gboolean matches_shown;
  GError *error;
  FtCliProgress *line;   /* the live line, on a terminal only */
  gint64 epoch_start_us; /* 0 until the first epoch is seen to run */
  double timed_seconds;  /* the epochs timed so far, together */
  guint epochs_finished;
  guint epochs_timed;
} RunState;

void
ft_cli_run_result_clear (FtCliRunResult *result)
{
  g_clear_pointer (&result->run_dir, g_free);
  g_clear_pointer (&result->snapshot, ft_trainer_snapshot_free);
  g_clear_pointer (&result->epochs, json_array_unref);
  g_clear_pointer (&result->matched, g_strfreev);
}

double
ft_cli_peak_rss_mib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return NAN;
  return usage.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

static void
print_prefix (RunState *state)
{
  if (state->prefix)
    printf ("%s ", state->prefix);
}

/*
 * The trainer's ETA is elapsed × (1 − done) / done, its clock starting when
 * the epochs begin, so that moment follows from what it publishes; without a
 * usable snapshot (one epoch of one batch), the run's start stands in.
 */
static void
find_epochs_start (RunState *state, const FtTrainerSnapshot *s)
{
  gint64 now = g_get_monotonic_time ();
  double elapsed;

  if (state->epoch_start_us != 0
      || (s->phase != FT_TRAINER_TRAINING && s->phase != FT_TRAINER_EVALUATING))
    return;
  if (s->fraction <= 0 || s->fraction >= 1 || !isfinite (s->eta_seconds))
    {
      state->epoch_start_us = state->start_us;
      return;
    }
  elapsed = s->eta_seconds * s->fraction / (1 - s->fraction);
  state->epoch_start_us = MAX (now - (gint64) (elapsed * G_USEC_PER_SEC), state->start_us);
}

/* The notes' tqdm bar: where the epoch stands, its running figures and its time left. */
static void
draw_line (RunState *state, const FtTrainerSnapshot *s)
{
  g_autofree char *text = NULL;

  /* The snapshot after an epoch's end still says it is testing. */
  if (s->epoch < state->epochs_finished)
    return;
  if (s->phase == FT_TRAINER_PREPARING)
    text = g_strdup (_ ("Preparing the network and the data…"));
  else if (s->phase == FT_TRAINER_EVALUATING)
    text = g_strdup_printf (_ ("Epoch %u/%u: testing…"), s->epoch + 1, s->epochs);
  else if (s->phase == FT_TRAINER_TRAINING && s->n_batches > 0 && s->batch > 0)
    {
      double elapsed = (g_get_monotonic_time () - state->epoch_start_us) / 1e6;
      g_autofree char *left
        = ft_cli_progress_format_duration (elapsed / s->batch * (s->n_batches - s->batch));
      char bar[BAR_WIDTH + 1];
      guint filled = MIN (BAR_WIDTH * s->batch / s->n_batches, BAR_WIDTH);

      memset (bar, '#', filled);
      memset (bar + filled, '.', BAR_WIDTH - filled);
      bar[BAR_WIDTH] = '\0';
      /* The most useful figures first: a narrow terminal cuts the end. */
      text = g_strdup_printf (_ ("Epoch %u/%u [%s] %u/%u, %s left, loss %.3f, train acc %.3f, "
                                 "%.1f examples/s"),
                              s->epoch + 1, s->epochs, bar, s->batch, s->n_batches, left,
                              s->train_loss, s->train_acc, s->examples_per_sec);
    }
  if (text)
    ft_cli_progress_show (state->line, "%s%s%s", state->prefix ? state->prefix : "",
                          state->prefix ? " " : "", text);
}

/* On a terminal, the notes' script prints each epoch's time before the book's line. */
static void
print_epoch_time (FtTrainer *trainer, guint epoch, RunState *state)
{
  gint64 now = g_get_monotonic_time ();
  double seconds;

  if (!ft_cli_progress_is_live (state->line))
    return;
  ft_cli_progress_clear (state->line);
  if (state->epoch_start_us == 0)
    {
      g_autoptr (FtTrainerSnapshot) s = ft_trainer_get_snapshot (trainer);
      find_epochs_start (state, s);
    }
  seconds = (now - (state->epoch_start_us ? state->epoch_start_us : state->start_us)) / 1e6;
  state->timed_seconds += seconds;
  state->epochs_timed++;
  state->epoch_start_us = now;
  print_prefix (state);
  printf (_ ("Epoch %u training time: %.2f seconds\n"), epoch, seconds);
}

static void
print_total_time (RunState *state)
{
  if (!ft_cli_progress_is_live (state->line) || state->epochs_timed == 0)
    return;
  print_prefix (state);
  printf (g_dngettext (GETTEXT_PACKAGE, "Total training time for %u epoch: %.2f seconds\n",
                       "Total training time for %u epochs: %.2f seconds\n", state->epochs_timed),
          state->epochs_timed, state->timed_seconds);
  fflush (stdout);
}

static void
on_epoch_finished (
  FtTrainer *trainer, guint epoch, double loss, double train_acc, double test_acc, RunState *state)
{
  JsonObject *o = json_object_new ();

  state->epochs_finished = epoch;
  print_epoch_time (trainer, epoch, state);
  if (state->prefix)
    printf ("%s ", state->prefix);
  printf ("epoch %u: loss %.3f, train acc %.3f, test acc %.3f\n", epoch, loss, train_acc, test_acc);
  fflush (stdout);
  json_object_set_int_member (o, "epoch", epoch);
  json_object_set_double_member (o, "train_loss", loss);
  json_object_set_double_member (o, "train_acc", train_acc);
  json_object_set_double_member (o, "test_acc", test_acc);
  json_object_set_double_member (o, "seconds", (g_get_monotonic_time () - state->start_us) / 1e6);
  json_array_add_object_element (state->result->epochs, o);
}

/* Says which classes start from ImageNet rows as soon as the network is built. */
static void
show_matches (FtTrainer *trainer, RunState *state)
{
  const char *const *matched = ft_trainer_get_matched_classes (trainer);

  if (state->matches_shown || matched == NULL)
    return;
  state->matches_shown = TRUE;
  ft_cli_progress_clear (state->line);
  for (guint i = 0; matched[i]; i++)
    {
      const char *eq = strrchr (matched[i], '=');
      g_autofree char *name = g_strndup (matched[i], eq - matched[i]);

      if (state->prefix)
        printf ("%s ", state->prefix);
      printf (_ ("class %s starts from ImageNet class %s\n"), name, eq + 1);
    }
  fflush (stdout);
}

/* Redraws the live line from the snapshot the trainer publishes, ten times a second at most. */
static void
on_progress (FtTrainer *trainer, RunState *state)
{
  g_autoptr (FtTrainerSnapshot) snapshot = NULL;

  show_matches (trainer, state);
  if (!ft_cli_progress_is_live (state->line)
      || (state->epoch_start_us != 0 && !ft_cli_progress_is_due (state->line)))
    return;
  snapshot = ft_trainer_get_snapshot (trainer);
  find_epochs_start (state, snapshot);
  if (ft_cli_progress_is_due (state->line))
    draw_line (state, snapshot);
}

static void
on_run_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  RunState *state = user_data;

  state->ok = ft_trainer_run_finish (FT_TRAINER (source), res, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

gboolean
ft_cli_run_trainer (const FtTrainerConfig *config,
                    const char *run_dir,
                    const char *prefix,
                    gboolean quiet,
                    FtCliRunResult *result,
                    GError **error)
{
  g_autoptr (FtCliProgress) line = ft_cli_progress_new (stdout, quiet);
  g_autoptr (FtTrainer) trainer = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *runs_dir = NULL;
  RunState state
    = { loop, cancellable, prefix, result, g_get_monotonic_time (), FALSE, FALSE, NULL, line };
  FtTorchDist *dist = NULL;
  guint signals[3];

  if (!ft_trainer_config_validate (config, error)
      || !ft_cli_dist_join (config->dist_timeout, &dist, error))
    return FALSE;
  /* Rank 0 alone writes the run folder. */
  if (dist && ft_torch_dist_rank (dist) != 0)
    result->run_dir = g_strdup ("");
  else if (run_dir)
    result->run_dir = g_canonicalize_filename (run_dir, NULL);
  else if (!(result->run_dir = ft_run_make_dir ((runs_dir = ft_run_default_runs_dir ()), error)))
    return FALSE;
  result->epochs = json_array_new ();
  trainer = ft_trainer_new (config, *result->run_dir ? result->run_dir : NULL);
  ft_trainer_set_dist (trainer, dist);
  g_signal_connect (trainer, "epoch-finished", G_CALLBACK (on_epoch_finished), &state);
  g_signal_connect (trainer, "progress", G_CALLBACK (on_progress), &state);
  /* SIGTERM is how torchrun's agent, a scheduler or systemd stop a run; SIGHUP a closed
   * terminal: both stop it as Ctrl+C does. */
  signals[0] = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  signals[1] = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  signals[2] = g_unix_signal_add (SIGHUP, on_interrupt, cancellable);
  ft_trainer_run_async (trainer, cancellable, on_run_done, &state);
  g_main_loop_run (loop);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (signals[i]);
  ft_cli_progress_clear (line);
  if (state.ok)
    print_total_time (&state);
  result->snapshot = ft_trainer_get_snapshot (trainer);
  result->matched = g_strdupv ((char **) ft_trainer_get_matched_classes (trainer));
  if (!state.ok)
    {
      /* A run that could not start leaves no empty folder behind (rmdir spares a full one). */
      if (run_dir == NULL && *result->run_dir)
        g_rmdir (result->run_dir);
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *model = g_build_filename (result->run_dir, "model.pth", NULL);

          g_clear_error (&state.error);
          /* A rank other than 0 keeps no run folder. */
          if (*result->run_dir == '\0')
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _ ("Training was interrupted."));
          else if (g_file_test (model, G_FILE_TEST_EXISTS))
            g_set_error (
              error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
              _ ("Training was interrupted; “%s” keeps the model of the last finished epoch."),
              result->run_dir);
          else
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _ ("Training was interrupted before the first epoch finished."));
          return FALSE;
        }
      g_propagate_error (error, state.error);
      return FALSE;
    }
  return TRUE;
}

/* JSON has no NaN: a value that does not exist is null. */
static void
set_number (JsonObject *o, const char *name, double value)
{
  if (isfinite (value))
    json_object_set_double_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static JsonNode *
strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strv && strv[i]; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_take_array (node, array);
  return node;
}

JsonNode *
ft_cli_run_result_to_json (const FtCliRunResult *result)
{
  const FtTrainerSnapshot *s = result->snapshot;
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  set_number (o, "examples_per_sec", s->examples_per_sec);
  set_number (o, "end_to_end_examples_per_sec", s->end_to_end_examples_per_sec);
  set_number (o, "train_loss", s->train_loss);
  set_number (o, "train_acc", s->train_acc);
  set_number (o, "test_acc", s->test_acc);
  json_object_set_array_member (o, "epochs", json_array_ref (result->epochs));
  set_number (o, "peak_rss_mib", ft_cli_peak_rss_mib ());
  json_object_set_string_member (o, "run_dir", result->run_dir);
  json_object_set_string_member (o, "device", ft_torch_device_name (ft_torch_best_device ()));
  json_object_set_int_member (o, "threads", ft_torch_get_threads ());
  json_object_set_member (o, "matched_classes", strv_to_json (result->matched));
  json_node_take_object (node, o);
  return node;
}

void
ft_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}
