/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-cli-progress.h"

#include <math.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define REDRAW_US (G_USEC_PER_SEC / 10)
#define CLOCK_MS 500

struct _FtCliProgress
{
  FILE *stream;
  gboolean live;
  GMutex lock;
  gboolean shown; /* a line is on screen */
  gint64 last_draw_us;
  char *clock_text;
  gint64 clock_start_us;
  GSource *clock;
};

FtCliProgress *
ft_cli_progress_new (FILE *stream, gboolean quiet)
{
  FtCliProgress *self = g_new0 (FtCliProgress, 1);
  const char *term = g_getenv ("TERM");

  self->stream = stream;
  self->live = !quiet && isatty (fileno (stream)) && g_strcmp0 (term, "dumb") != 0;
  g_mutex_init (&self->lock);
  return self;
}

gboolean
ft_cli_progress_is_live (FtCliProgress *self)
{
  return self->live;
}

gboolean
ft_cli_progress_is_due (FtCliProgress *self)
{
  gboolean due;

  g_mutex_lock (&self->lock);
  due = self->live && g_get_monotonic_time () - self->last_draw_us >= REDRAW_US;
  g_mutex_unlock (&self->lock);
  return due;
}

static int
terminal_columns (FtCliProgress *self)
{
  struct winsize size;

  if (ioctl (fileno (self->stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

/* The longest start of @text that fits in @columns, counting wide (CJK) characters twice. */
static gsize
fitting_length (const char *text, int columns)
{
  const char *p = text;
  int used = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return MIN (strlen (text), (gsize) columns);
  while (*p)
    {
      gunichar c = g_utf8_get_char (p);
      int width = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

      if (used + width > columns)
        break;
      used += width;
      p = g_utf8_next_char (p);
    }
  return p - text;
}

static void
draw_locked (FtCliProgress *self, const char *text)
{
  /* One column short of the edge, where a terminal would wrap and break the \r. */
  gsize length = fitting_length (text, terminal_columns (self) - 1);

  fprintf (self->stream, "\r%.*s\033[K", (int) length, text);
  fflush (self->stream);
  self->shown = TRUE;
  self->last_draw_us = g_get_monotonic_time ();
}

static void
stop_clock_locked (FtCliProgress *self)
{
  if (self->clock == NULL)
    return;
  g_source_destroy (self->clock);
  g_clear_pointer (&self->clock, g_source_unref);
  g_clear_pointer (&self->clock_text, g_free);
}

void
ft_cli_progress_show (FtCliProgress *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (!self->live)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&self->lock);
  stop_clock_locked (self);
  draw_locked (self, text);
  g_mutex_unlock (&self->lock);
}

static void
draw_clock_locked (FtCliProgress *self)
{
  g_autofree char *elapsed
    = ft_cli_progress_format_duration ((g_get_monotonic_time () - self->clock_start_us) / 1e6);
  g_autofree char *text = g_strdup_printf ("%s %s", self->clock_text, elapsed);

  draw_locked (self, text);
}

static gboolean
on_clock (gpointer data)
{
  FtCliProgress *self = data;

  g_mutex_lock (&self->lock);
  /* A clear on another thread may have stopped the clock while this waited for the lock. */
  if (self->clock == NULL || g_source_is_destroyed (g_main_current_source ()))
    {
      g_mutex_unlock (&self->lock);
      return G_SOURCE_REMOVE;
    }
  draw_clock_locked (self);
  g_mutex_unlock (&self->lock);
  return G_SOURCE_CONTINUE;
}

void
ft_cli_progress_start_clock (FtCliProgress *self, const char *text)
{
  if (!self->live)
    return;
  g_mutex_lock (&self->lock);
  stop_clock_locked (self);
  self->clock_text = g_strdup (text);
  self->clock_start_us = g_get_monotonic_time ();
  draw_clock_locked (self);
  self->clock = g_timeout_source_new (CLOCK_MS);
  g_source_set_callback (self->clock, on_clock, self, NULL);
  g_source_set_static_name (self->clock, "[finetune] progress clock");
  g_source_attach (self->clock, NULL);
  g_mutex_unlock (&self->lock);
}

static void
end_line (FtCliProgress *self, const char *how)
{
  if (!self->live)
    return;
  g_mutex_lock (&self->lock);
  stop_clock_locked (self);
  if (self->shown)
    {
      fputs (how, self->stream);
      fflush (self->stream);
    }
  self->shown = FALSE;
  self->last_draw_us = 0;
  g_mutex_unlock (&self->lock);
}

void
ft_cli_progress_clear (FtCliProgress *self)
{
  end_line (self, "\r\033[K");
}

void
ft_cli_progress_keep (FtCliProgress *self)
{
  end_line (self, "\n");
}

void
ft_cli_progress_free (FtCliProgress *self)
{
  if (self == NULL)
    return;
  ft_cli_progress_clear (self);
  g_mutex_clear (&self->lock);
  g_free (self);
}

char *
ft_cli_progress_format_duration (double seconds)
{
  guint64 s;

  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("?");
  s = (guint64) llround (seconds);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600, (guint) (s / 60 % 60),
                            (guint) (s % 60));
  return g_strdup_printf ("%u:%02u", (guint) (s / 60), (guint) (s % 60));
}
