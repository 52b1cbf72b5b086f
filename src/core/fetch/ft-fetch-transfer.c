/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ft-fetch-private.h"

#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)
#define RATE_MIN_US (G_USEC_PER_SEC / 10)   /* the shortest span a rate is measured over */
#define RATE_WINDOW_US (2 * G_USEC_PER_SEC) /* the span after which it starts afresh */

typedef struct
{
  const FtTransfer *transfer;
  CURL *curl;
  int fd;
  goffset offset; /* size of the .part file before this request */
  goffset base;   /* bytes before this response's body: offset, or 0 on a restart */
  gboolean started;
  gboolean stalled;
  gint64 range_start; /* from Content-Range, -1 when absent */
  gboolean wrong_range;
  gint64 last_data_us;
  goffset last_data_bytes;
  int write_errno;
  gint64 last_report_us;
  gint64 rate_anchor_us;
  goffset rate_anchor_bytes;
  double rate;
  FtFetchProgress progress;
} Ctx;

static gboolean
start_body (Ctx *ctx)
{
  long code = 0;

  curl_easy_getinfo (ctx->curl, CURLINFO_RESPONSE_CODE, &code);
  ctx->started = TRUE;
  ctx->base = ctx->offset;
  if (code == 206 && ctx->range_start == ctx->offset)
    return TRUE;
  if (code != 206 && ctx->offset == 0)
    return TRUE;
  if (code == 206)
    {
      /* A part that does not start where ours ends cannot be appended. */
      ctx->wrong_range = TRUE;
      return FALSE;
    }
  /* The server ignored the range and sends the whole file: start again. */
  ctx->base = 0;
  if (ftruncate (ctx->fd, 0) != 0)
    {
      ctx->write_errno = errno;
      return FALSE;
    }
  return TRUE;
}

static size_t
on_header (char *data, size_t size, size_t nmemb, void *user_data)
{
  Ctx *ctx = user_data;
  size_t length = size * nmemb;
  g_autofree char *line = g_strndup (data, length);

  if (g_str_has_prefix (line, "HTTP/"))
    ctx->range_start = -1; /* a new response, after a redirect */
  else if (g_ascii_strncasecmp (line, "Content-Range:", 14) == 0)
    {
      const char *bytes = strstr (line, "bytes ");
      ctx->range_start = bytes ? g_ascii_strtoll (bytes + 6, NULL, 10) : -1;
    }
  return length;
}

static size_t
on_write (char *data, size_t size, size_t nmemb, void *user_data)
{
  Ctx *ctx = user_data;
  size_t length = size * nmemb;
  size_t done = 0;

  if (g_cancellable_is_cancelled (ctx->transfer->cancellable))
    return 0;
  if (!ctx->started && !start_body (ctx))
    return 0;
  while (done < length)
    {
      ssize_t n = write (ctx->fd, data + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          ctx->write_errno = errno;
          return 0;
        }
      done += n;
    }
  return length;
}

static void
report (Ctx *ctx, goffset received, goffset total, gboolean force)
{
  gint64 now = g_get_monotonic_time ();

  gint64 elapsed;

  if (ctx->rate_anchor_us == 0 || received < ctx->rate_anchor_bytes)
    {
      ctx->rate_anchor_us = now;
      ctx->rate_anchor_bytes = received;
    }
  elapsed = now - ctx->rate_anchor_us;
  if (elapsed >= RATE_MIN_US || (force && elapsed > 0))
    ctx->rate = (double) (received - ctx->rate_anchor_bytes) * G_USEC_PER_SEC / (double) elapsed;
  if (elapsed >= RATE_WINDOW_US)
    {
      ctx->rate_anchor_us = now;
      ctx->rate_anchor_bytes = received;
    }
  if (ctx->transfer->progress == NULL)
    return;
  if (now - ctx->last_report_us < PROGRESS_INTERVAL_US
      && (!force || received == ctx->progress.received))
    return;
  ctx->last_report_us = now;
  ctx->progress.received = received;
  ctx->progress.total = total;
  ctx->progress.rate = ctx->rate;
  ctx->transfer->progress (&ctx->progress, ctx->transfer->user_data);
}

static int
on_progress (
  void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Ctx *ctx = user_data;
  goffset base = ctx->started ? ctx->base : ctx->offset;
  goffset total = dltotal > 0 ? base + dltotal : -1;

  gint64 now = g_get_monotonic_time ();
  curl_off_t connected_us = 0;

  if (g_cancellable_is_cancelled (ctx->transfer->cancellable))
    return 1;
  if (ctx->last_data_us == 0 || dlnow != ctx->last_data_bytes)
    {
      ctx->last_data_us = now;
      ctx->last_data_bytes = dlnow;
    }
  else if (now - ctx->last_data_us > ctx->transfer->stall_seconds * G_USEC_PER_SEC
           && curl_easy_getinfo (ctx->curl, CURLINFO_CONNECT_TIME_T, &connected_us) == CURLE_OK
           && connected_us > 0)
    {
      /* curl's own low-speed check averages over seconds; this one counts silence. */
      ctx->stalled = TRUE;
      return 1;
    }
  report (ctx, base + dlnow, total, dltotal > 0 && dlnow == dltotal);
  return 0;
}

static void
setup (Ctx *ctx, char *errbuf, char *range)
{
  const FtTransfer *t = ctx->transfer;
  CURL *curl = ctx->curl;

  curl_easy_setopt (curl, CURLOPT_URL, t->url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 8L);
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, t->connect_seconds);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, t->stall_seconds);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "finetune/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, ctx);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, ctx);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, ctx);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  /* A plain Range header rather than CURLOPT_RESUME_FROM, which fails outright
   * when a server ignores it: here a 200 answer restarts the file instead. */
  if (ctx->offset > 0)
    {
      g_snprintf (range, 64, "%" G_GINT64_FORMAT "-", (gint64) ctx->offset);
      curl_easy_setopt (curl, CURLOPT_RANGE, range);
    }
}

static void
init_curl_once (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&once, 1);
    }
}

static int
open_part (const char *path, const char *file_name, goffset *size, GError **error)
{
  struct stat st;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not write %s: %s."),
                   path, g_strerror (saved));
      return -1;
    }
  /* Two downloads appending to one file would spoil it. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _ ("Another download of %s is already under way."), file_name);
      return -1;
    }
  *size = st.st_size;
  return fd;
}

FtTransferResult
_ft_fetch_transfer (const FtTransfer *transfer, GError **error)
{
  Ctx ctx = { .transfer = transfer, .range_start = -1 };
  char errbuf[CURL_ERROR_SIZE] = "";
  char range[64];
  FtTransferResult result;
  CURLcode code;

  init_curl_once ();
  ctx.fd = open_part (transfer->part_path, transfer->file_name, &ctx.offset, error);
  if (ctx.fd < 0)
    return FT_TRANSFER_FAILED;
  ctx.curl = curl_easy_init ();
  setup (&ctx, errbuf, range);
  code = curl_easy_perform (ctx.curl);
  if (close (ctx.fd) != 0 && ctx.write_errno == 0 && code == CURLE_OK)
    {
      ctx.write_errno = errno;
      code = CURLE_WRITE_ERROR;
    }
  if (code == CURLE_OK)
    {
      goffset received = ctx.base;
      curl_off_t body = 0;
      curl_easy_getinfo (ctx.curl, CURLINFO_SIZE_DOWNLOAD_T, &body);
      received += body;
      report (&ctx, received, received, TRUE);
    }
  if (ctx.wrong_range)
    {
      curl_easy_cleanup (ctx.curl);
      g_unlink (transfer->part_path);
      return FT_TRANSFER_RESTART;
    }
  result = _ft_fetch_classify (transfer, ctx.curl, ctx.stalled ? CURLE_OPERATION_TIMEDOUT : code,
                               errbuf, ctx.write_errno, error);
  curl_easy_cleanup (ctx.curl);
  return result;
}
