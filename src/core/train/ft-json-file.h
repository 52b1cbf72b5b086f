/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Run files are flat objects; deeper input is refused before json-glib's parser, which recurses
 * once per level and overflows the stack on a file of nothing but brackets. */
#define FT_JSON_FILE_MAX_DEPTH 8

/*
 * ft_json_file_read_object:
 * Reads the JSON object in @path, a file of at most @max_size bytes. A missing file is
 * G_FILE_ERROR_NOENT; an empty, malformed, too deeply nested or non-object file is refused.
 * Every error is one sentence naming @path.
 * Returns: (transfer full): an object node, or NULL with @error set.
 */
JsonNode *ft_json_file_read_object (const char *path, gsize max_size, GError **error);

/*
 * ft_json_file_to_text:
 * Pretty JSON for @node whose numbers read back: json-glib's generator writes 1e-10 as
 * "1e-10.0", which its own parser refuses.  Non-finite numbers, which JSON lacks, become null.
 * Returns: (transfer full): the text, ending in a newline.
 */
char *ft_json_file_to_text (JsonNode *node);

/* Writes ft_json_file_to_text() of @node to @path atomically. */
gboolean ft_json_file_write (const char *path, JsonNode *node, GError **error);

G_END_DECLS
