/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-cli-interruptible.h"

#include <glib-unix.h>
#include <signal.h>

typedef struct
{
  FtCliWorkFunc func;
  gpointer data;
  GCancellable *cancellable;
  GMainLoop *loop;
} Work;

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
work_thread (gpointer data)
{
  Work *work = data;

  work->func (work->data, work->cancellable);
  /* From inside the loop, so that quick work cannot quit it before it runs. */
  g_idle_add (quit_loop, work->loop);
  return NULL;
}

static gboolean
on_interrupt (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

void
ft_cli_run_interruptible (const char *name, FtCliWorkFunc func, gpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Work work = { func, data, cancellable, loop };
  guint sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  GThread *thread = g_thread_new (name, work_thread, &work);

  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}
