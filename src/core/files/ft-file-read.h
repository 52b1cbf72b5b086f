/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ft_file_read_bounded:
 * @path: a file that came from anywhere, such as a run folder copied from another machine
 * @max_size: the most bytes the caller accepts
 * @contents: (out) (transfer full): the bytes read, followed by a NUL byte
 * @length: (out) (optional): how many bytes were read
 *
 * Reads a regular file of at most @max_size bytes. A missing file is G_FILE_ERROR_NOENT; a
 * folder, FIFO or device (which would block or never end) and a larger file are refused. Every
 * error is one sentence naming @path.
 */
gboolean ft_file_read_bounded (
  const char *path, gsize max_size, char **contents, gsize *length, GError **error);

G_END_DECLS
