/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <protobuf-c/protobuf-c.h>

G_BEGIN_DECLS

/*
 * ft_onnx_write_message:
 * Serialises @message to @path through a temporary file beside it, which
 * is synced and then renamed over @path: an export that fails, is
 * cancelled or is killed leaves either the old @path or none, never part
 * of one.  The message is streamed, not built in memory first.
 */
gboolean ft_onnx_write_message (const ProtobufCMessage *message,
                                const char *path,
                                GCancellable *cancellable,
                                GError **error);

G_END_DECLS
