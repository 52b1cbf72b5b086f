/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A loopback HTTP/1.1 server on its own thread, one connection at a time,
 * that serves files from memory and can misbehave on request. */
typedef struct FtTestServer FtTestServer;

FtTestServer *ft_test_server_new (void);
void ft_test_server_free (FtTestServer *server);
/* "http://127.0.0.1:PORT/" (transfer none) */
const char *ft_test_server_url (FtTestServer *server);
void ft_test_server_add (FtTestServer *server, const char *name, GBytes *content);
/* The first response that sends a body closes the connection after @bytes. */
void ft_test_server_drop_after (FtTestServer *server, gsize bytes);
/* Every response sends @bytes of its body, then nothing until the client leaves. */
void ft_test_server_stall_after (FtTestServer *server, gsize bytes);
/* Answers 200 with the whole file even to a Range request. */
void ft_test_server_ignore_range (FtTestServer *server);
/* Answers a Range request from @shift bytes away from where it asked (and says so). */
void ft_test_server_shift_range (FtTestServer *server, gssize shift);
guint ft_test_server_requests (FtTestServer *server);
/* The Range header of request @index (0-based), or NULL. (transfer full) */
char *ft_test_server_range (FtTestServer *server, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtTestServer, ft_test_server_free)

G_END_DECLS
