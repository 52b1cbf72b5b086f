/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-test-server.h"

#include <string.h>

struct FtTestServer
{
  GSocket *socket;
  GThread *thread;
  GCancellable *stop;
  char *url;
  GMutex lock;
  GHashTable *files;  /* name -> GBytes */
  GPtrArray *ranges;  /* per request: the Range header or "" */
  gssize drop_after;  /* -1: never */
  gssize stall_after; /* -1: never */
  gboolean ignore_range;
  gssize shift;
};

static char *
read_request (GSocket *conn, GCancellable *stop)
{
  GString *text = g_string_new (NULL);
  char buffer[1024];

  while (strstr (text->str, "\r\n\r\n") == NULL && text->len < 16384)
    {
      gssize n = g_socket_receive (conn, buffer, sizeof buffer, stop, NULL);
      if (n <= 0)
        break;
      g_string_append_len (text, buffer, n);
    }
  return g_string_free (text, FALSE);
}

static char *
header_value (const char *request, const char *name)
{
  g_auto (GStrv) lines = g_strsplit (request, "\r\n", -1);

  for (guint i = 1; lines[i] && lines[i][0]; i++)
    if (g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0 && lines[i][strlen (name)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (name) + 1));
  return NULL;
}

static gboolean
send_all (GSocket *conn, const char *data, gsize length, GCancellable *stop)
{
  while (length > 0)
    {
      gssize n = g_socket_send (conn, data, length, stop, NULL);
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

static void
send_head (GSocket *conn, int status, const char *extra, gsize length, GCancellable *stop)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %d X\r\nContent-Length: %" G_GSIZE_FORMAT
                                           "\r\n%sConnection: close\r\n\r\n",
                                           status, length, extra);
  send_all (conn, head, strlen (head), stop);
}

static void
send_body (FtTestServer *server, GSocket *conn, const char *data, gsize length)
{
  gssize limit;

  g_mutex_lock (&server->lock);
  limit = server->stall_after >= 0 ? server->stall_after : server->drop_after;
  server->drop_after = -1;
  g_mutex_unlock (&server->lock);
  if (limit < 0 || (gsize) limit > length)
    limit = length;
  if (!send_all (conn, data, limit, server->stop))
    return;
  if (server->stall_after < 0)
    return;
  /* Hold the connection open, silent, until the client gives up. */
  while (!g_cancellable_is_cancelled (server->stop)
         && g_socket_condition_timed_wait (conn, G_IO_IN, 20000, NULL, NULL) == FALSE)
    ;
}

static void
serve (FtTestServer *server, GSocket *conn)
{
  g_autofree char *request = read_request (conn, server->stop);
  g_autofree char *range = header_value (request, "Range");
  g_auto (GStrv) words = g_strsplit (request, " ", 3);
  GBytes *content = NULL;
  gsize length = 0;
  const char *data;
  guint64 start = 0;

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->ranges, g_strdup (range ? range : ""));
  if (words[0] && words[1] && words[1][0] == '/')
    content = g_hash_table_lookup (server->files, words[1] + 1);
  g_mutex_unlock (&server->lock);
  if (content == NULL)
    {
      send_head (conn, 404, "", 0, server->stop);
      return;
    }
  data = g_bytes_get_data (content, &length);
  if (range && !server->ignore_range && g_str_has_prefix (range, "bytes="))
    start = g_ascii_strtoull (range + 6, NULL, 10) + server->shift;
  if (start >= length && start > 0)
    {
      send_head (conn, 416, "", 0, server->stop);
      return;
    }
  if (start > 0)
    {
      g_autofree char *extra = g_strdup_printf ("Content-Range: bytes %" G_GUINT64_FORMAT
                                                "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT "\r\n",
                                                start, length - 1, length);
      send_head (conn, 206, extra, length - start, server->stop);
    }
  else
    send_head (conn, 200, "", length, server->stop);
  send_body (server, conn, data + start, length - start);
}

static gpointer
run (gpointer data)
{
  FtTestServer *server = data;

  for (;;)
    {
      g_autoptr (GSocket) conn = g_socket_accept (server->socket, server->stop, NULL);
      if (conn == NULL)
        break;
      serve (server, conn);
      g_socket_shutdown (conn, FALSE, TRUE, NULL);
      g_socket_close (conn, NULL);
    }
  return NULL;
}

FtTestServer *
ft_test_server_new (void)
{
  FtTestServer *server = g_new0 (FtTestServer, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  server->socket
    = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (server->socket, any, TRUE, NULL));
  g_assert_true (g_socket_listen (server->socket, NULL));
  bound = g_socket_get_local_address (server->socket, NULL);
  server->url = g_strdup_printf ("http://127.0.0.1:%u/",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server->stop = g_cancellable_new ();
  g_mutex_init (&server->lock);
  server->files
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  server->ranges = g_ptr_array_new_with_free_func (g_free);
  server->drop_after = -1;
  server->stall_after = -1;
  server->thread = g_thread_new ("test-server", run, server);
  return server;
}

void
ft_test_server_free (FtTestServer *server)
{
  g_cancellable_cancel (server->stop);
  g_thread_join (server->thread);
  g_socket_close (server->socket, NULL);
  g_object_unref (server->socket);
  g_object_unref (server->stop);
  g_hash_table_unref (server->files);
  g_ptr_array_unref (server->ranges);
  g_mutex_clear (&server->lock);
  g_free (server->url);
  g_free (server);
}

const char *
ft_test_server_url (FtTestServer *server)
{
  return server->url;
}

void
ft_test_server_add (FtTestServer *server, const char *name, GBytes *content)
{
  g_mutex_lock (&server->lock);
  g_hash_table_insert (server->files, g_strdup (name), g_bytes_ref (content));
  g_mutex_unlock (&server->lock);
}

void
ft_test_server_drop_after (FtTestServer *server, gsize bytes)
{
  g_mutex_lock (&server->lock);
  server->drop_after = bytes;
  g_mutex_unlock (&server->lock);
}

void
ft_test_server_stall_after (FtTestServer *server, gsize bytes)
{
  g_mutex_lock (&server->lock);
  server->stall_after = bytes;
  g_mutex_unlock (&server->lock);
}

void
ft_test_server_ignore_range (FtTestServer *server)
{
  server->ignore_range = TRUE;
}

void
ft_test_server_shift_range (FtTestServer *server, gssize shift)
{
  server->shift = shift;
}

guint
ft_test_server_requests (FtTestServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->ranges->len;
  g_mutex_unlock (&server->lock);
  return n;
}

char *
ft_test_server_range (FtTestServer *server, guint index)
{
  char *range = NULL;

  g_mutex_lock (&server->lock);
  if (index < server->ranges->len && ((char *) server->ranges->pdata[index])[0])
    range = g_strdup (server->ranges->pdata[index]);
  g_mutex_unlock (&server->lock);
  return range;
}
