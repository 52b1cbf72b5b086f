/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ft-fetch-private.h"

static char *
host_of (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  return g_strdup (g_uri_get_host (uri));
}

/* libcurl's own words are English: they go to the log for whoever debugs, never into the
 * sentence a person reads. */
static void
log_detail (CURLcode code, const char *errbuf)
{
  g_debug ("libcurl error %d: %s", (int) code,
           errbuf[0] != '\0' ? errbuf : curl_easy_strerror (code));
}

static FtTransferResult
http_error (const FtTransfer *t, CURL *curl, GError **error)
{
  long status = 0;

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  if (status == 416)
    {
      /* The .part file is no prefix of the file the server has. */
      g_unlink (t->part_path);
      return FT_TRANSFER_RESTART;
    }
  g_set_error (error, G_IO_ERROR, status == 404 ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_FAILED,
               _ ("The server answered %ld for %s."), status, t->url);
  if (status == 408 || status == 429 || status >= 500)
    return FT_TRANSFER_RETRY;
  return FT_TRANSFER_FAILED;
}

static FtTransferResult
timed_out (const FtTransfer *t, CURL *curl, GError **error)
{
  curl_off_t connected_us = 0;

  curl_easy_getinfo (curl, CURLINFO_CONNECT_TIME_T, &connected_us);
  if (connected_us == 0)
    {
      g_autofree char *host = host_of (t->url);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                   _ ("Could not reach %s: it did not answer in time."), host);
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _ ("The download of %s stalled: no data came for %ld seconds."), t->file_name,
                 t->stall_seconds);
  return FT_TRANSFER_RETRY;
}

FtTransferResult
_ft_fetch_classify (const FtTransfer *t,
                    CURL *curl,
                    CURLcode code,
                    const char *errbuf,
                    int write_errno,
                    GError **error)
{
  g_autofree char *host = host_of (t->url);

  if (code == CURLE_OK)
    return FT_TRANSFER_DONE;
  if (g_cancellable_is_cancelled (t->cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The download of %s was cancelled."),
                   t->file_name);
      return FT_TRANSFER_FAILED;
    }
  if (write_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (write_errno),
                   _ ("Could not write %s: %s."), t->part_path, g_strerror (write_errno));
      return FT_TRANSFER_FAILED;
    }
  log_detail (code, errbuf);
  switch (code)
    {
    case CURLE_HTTP_RETURNED_ERROR:
      return http_error (t, curl, error);
    case CURLE_OPERATION_TIMEDOUT:
      return timed_out (t, curl, error);
    case CURLE_COULDNT_RESOLVE_HOST:
      /* A name that does not resolve almost always means no network: say so
       * at once rather than after a minute of retries. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                   _ ("Could not reach %s: its name could not be looked up, so this computer "
                      "may be offline."),
                   host);
      return FT_TRANSFER_FAILED;
    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                   _ ("Could not reach %s: the proxy’s name could not be looked up."), host);
      return FT_TRANSFER_FAILED;
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                   _ ("Could not reach %s: the connection was refused."), host);
      return FT_TRANSFER_RETRY;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                   _ ("The connection to %s was lost before the download was complete."), host);
      return FT_TRANSFER_RETRY;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("The secure connection to %s could not be verified: check this "
                      "computer’s date and time, or the network’s proxy."),
                   host);
      return FT_TRANSFER_FAILED;
    case CURLE_TOO_MANY_REDIRECTS:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Could not download %s: the server sent it round in circles."), t->url);
      return FT_TRANSFER_FAILED;
    case CURLE_OUT_OF_MEMORY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Could not download %s: this computer ran out of memory."), t->url);
      return FT_TRANSFER_FAILED;
    default:
      /* The number lets a person look the cause up; libcurl's text is in the log. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Could not download %s (network error %d)."), t->url, (int) code);
      return FT_TRANSFER_FAILED;
    }
}
