/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-json-file.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ft-file-read.h"

static gboolean
nested_too_deeply (const char *text, gsize length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > FT_JSON_FILE_MAX_DEPTH)
        return TRUE;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}

static JsonNode *
refuse (GError **error, const char *format, const char *path)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, format, path);
  return NULL;
}

JsonNode *
ft_json_file_read_object (const char *path, gsize max_size, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize length = 0;
  JsonNode *root;

  g_return_val_if_fail (path != NULL, NULL);

  if (!ft_file_read_bounded (path, max_size, &text, &length, error))
    return NULL;
  /* A NUL byte would cut the text short of what the parser is told. */
  if (memchr (text, '\0', length) != NULL)
    return refuse (error, _ ("“%s” is not valid JSON."), path);
  if (*g_strstrip (text) == '\0')
    return refuse (error, _ ("“%s” is empty."), path);
  length = strlen (text);
  if (nested_too_deeply (text, length))
    return refuse (error, _ ("“%s” is nested too deeply to be a run file."), path);
  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL))
    return refuse (error, _ ("“%s” is not valid JSON."), path);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return refuse (error, _ ("“%s” does not hold a JSON object."), path);
  return json_node_copy (root);
}

static void append_node (GString *out, JsonNode *node, guint depth);

static void
append_indent (GString *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
append_string (GString *out, const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

static void
append_value (GString *out, JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;
  double d;

  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    {
      text = json_to_string (node, FALSE);
      g_string_append (out, text);
      return;
    }
  d = json_node_get_double (node);
  if (!isfinite (d))
    {
      g_string_append (out, "null");
      return;
    }
  /* The shortest form that reads back exactly, so 5e-4 stays 0.0005; "1e-10" is JSON,
   * "1e-10.0" is not. */
  for (int digits = 15; digits <= 17; digits++)
    {
      g_autofree char *format = g_strdup_printf ("%%.%dg", digits);

      g_ascii_formatd (buffer, sizeof buffer, format, d);
      if (g_ascii_strtod (buffer, NULL) == d)
        break;
    }
  g_string_append (out, buffer);
}

static void
append_object (GString *out, JsonObject *object, guint depth)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      g_string_append (out, first ? "\n" : ",\n");
      first = FALSE;
      append_indent (out, depth + 1);
      append_string (out, name);
      g_string_append (out, ": ");
      append_node (out, member, depth + 1);
    }
  if (!first)
    {
      g_string_append_c (out, '\n');
      append_indent (out, depth);
    }
  g_string_append_c (out, '}');
}

static void
append_array (GString *out, JsonArray *array, guint depth)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_indent (out, depth + 1);
      append_node (out, json_array_get_element (array, i), depth + 1);
    }
  if (n > 0)
    {
      g_string_append_c (out, '\n');
      append_indent (out, depth);
    }
  g_string_append_c (out, ']');
}

static void
append_node (GString *out, JsonNode *node, guint depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node), depth);
      break;
    case JSON_NODE_ARRAY:
      append_array (out, json_node_get_array (node), depth);
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
ft_json_file_to_text (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  append_node (out, node, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

gboolean
ft_json_file_write (const char *path, JsonNode *node, GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (path != NULL && node != NULL, FALSE);

  text = ft_json_file_to_text (node);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
