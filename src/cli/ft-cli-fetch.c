/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "ft-cli-data.h"
#include "ft-cli-interruptible.h"
#include "ft-cli-progress.h"
#include "ft-fetch.h"

/* Narrow enough for the sizes, the time left and the rate on 80 columns. */
#define BAR_WIDTH 20

typedef struct
{
  const char *name;
  FtCliProgress *line; /* live on a terminal only */
  int last_tenth;      /* plain lines: the last tenth (or 10 MB step) reported */
} Report;

static void
draw_bar (const Report *report, const FtFetchProgress *p)
{
  g_autofree char *got = g_format_size (p->received);
  g_autofree char *rate = g_format_size ((guint64) p->rate);
  char bar[BAR_WIDTH + 1];
  int filled = p->total > 0 ? (int) (BAR_WIDTH * p->received / p->total) : 0;

  for (int i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[BAR_WIDTH] = '\0';
  if (p->total > 0)
    {
      g_autofree char *total = g_format_size (p->total);
      g_autofree char *duration
        = ft_cli_progress_format_duration (p->rate > 0 ? (p->total - p->received) / p->rate : NAN);
      g_autofree char *left = g_strdup_printf (_ ("%s left"), duration);

      /* The time left before the rate, which a narrow terminal cuts first. */
      ft_cli_progress_show (report->line, "%s [%s] %3d%%  %s / %s  %s  %s/s", report->name, bar,
                            (int) (100 * p->received / p->total), got, total, left, rate);
    }
  else
    ft_cli_progress_show (report->line, "%s  %s  %s/s", report->name, got, rate);
}

static void
on_progress (const FtFetchProgress *p, gpointer data)
{
  Report *report = data;
  int step;

  if (p->received == 0 && p->total <= 0)
    return; /* still connecting */
  if (ft_cli_progress_is_live (report->line))
    {
      if (ft_cli_progress_is_due (report->line) || p->received == p->total)
        draw_bar (report, p);
      return;
    }
  step = p->total > 0 ? (int) (10 * p->received / p->total) : (int) (p->received / 10000000);
  if (step == report->last_tenth)
    return;
  report->last_tenth = step;
  if (p->total > 0)
    {
      g_autofree char *total = g_format_size (p->total);
      fprintf (stderr, _ ("%s: %d%% of %s\n"), report->name, step * 10, total);
    }
  else
    {
      g_autofree char *got = g_format_size (p->received);
      fprintf (stderr, _ ("%s: %s\n"), report->name, got);
    }
}

typedef struct
{
  FtFetchItem item;
  const char *cache;
  const char *base_url;
  Report report;
  char *path;
  GError *error;
} Job;

static void
fetch_work (gpointer data, GCancellable *cancellable)
{
  Job *job = data;

  job->path = ft_fetch_item (job->item, job->cache, job->base_url, on_progress, &job->report,
                             cancellable, &job->error);
}

/* Fetches on a thread while the main loop waits for Ctrl+C, which cancels
 * the download and keeps its .part file for the next time. */
static gboolean
fetch_one (FtFetchItem item, const char *cache, const char *base_url, GError **error)
{
  Job job = { item, cache, base_url };
  g_autofree char *path = NULL;

  g_autoptr (FtCliProgress) line = ft_cli_progress_new (stderr, FALSE);

  job.report = (Report){ ft_fetch_item_file_name (item), line, -1 };
  ft_cli_run_interruptible ("fetch", fetch_work, &job);
  path = job.path;
  /* The bar stays, as it ended, above what follows. */
  ft_cli_progress_keep (line);
  if (path == NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  printf ("%s\n", path);
  fflush (stdout);
  return TRUE;
}

int
ft_cli_fetch (int argc, char **argv)
{
  g_autofree char *dataset = NULL;
  g_autofree char *weights = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *base_url = NULL;
  const GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, N_ ("Data set to download: hotdog"),
      N_ ("NAME") },
    { "weights", 0, 0, G_OPTION_ARG_STRING, &weights, N_ ("Weights to download: resnet18"),
      N_ ("NAME") },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache,
      N_ ("Download folder; $XDG_CACHE_HOME/finetune by default"), N_ ("DIR") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_ ("Fetch the files from this address instead (also $FINETUNE_BASE_URL)"), N_ ("URL") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context,
                                _ ("Download and verify the hotdog data set and the "
                                   "ImageNet weights of ResNet-18; with no option, both."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ft_cli_fail ("%s", error->message);
  if (argc != 1)
    return ft_cli_fail (_ ("fetch takes no argument “%s”."), argv[1]);
  if (dataset && !g_str_equal (dataset, "hotdog"))
    return ft_cli_fail (_ ("Unknown data set “%s”: the one available is hotdog."), dataset);
  if (weights && !g_str_equal (weights, "resnet18"))
    return ft_cli_fail (_ ("Unknown weights “%s”: the ones available are resnet18."), weights);
  if ((dataset || !weights) && !fetch_one (FT_FETCH_HOTDOG, cache, base_url, &error))
    return ft_cli_fail ("%s", error->message);
  if ((weights || !dataset) && !fetch_one (FT_FETCH_RESNET18, cache, base_url, &error))
    return ft_cli_fail ("%s", error->message);
  return 0;
}
