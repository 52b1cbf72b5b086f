/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ft-json-file.h"

static void
test_numbers_read_back (void)
{
  const double values[] = { 1e-10, 5e-15, 1e-300, 1e300, 0.1, 3.0, -2.5e-7, 5e-5, 0 };
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "values");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    json_builder_add_double_value (b, values[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "name \"quoted\"\n");
  json_builder_add_string_value (b, "ü\t\\");
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, G_GINT64_CONSTANT (12345678901));
  json_builder_set_member_name (b, "none");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "nan");
  json_builder_add_double_value (b, NAN);
  json_builder_set_member_name (b, "empty");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = ft_json_file_to_text (root);
  back = json_from_string (text, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (back), "values");
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (values));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpfloat (json_node_get_double (json_array_get_element (array, i)), ==, values[i]);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "name \"quoted\"\n"),
                   ==, "ü\t\\");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (back), "n"), ==,
                   G_GINT64_CONSTANT (12345678901));
  g_assert_true (json_object_get_null_member (json_node_get_object (back), "nan"));
  g_assert_true (g_str_has_suffix (text, "}\n"));
}

static void
test_read_refuses (void)
{
  const char *bad[] = { "", "\n \t", "[1]", "\"x\"", "{", "{\"a\": 1e-10.0}", "{\"a\": \"\xc3\"}" };
  g_autofree char *tmp = g_dir_make_tmp ("ft-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "state.json", NULL);
  g_autoptr (GString) deep = g_string_new ("{\"a\": ");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      node = ft_json_file_read_object (path, 1024, &error);
      g_assert_null (node);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
      g_assert_nonnull (strstr (error->message, path));
    }
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "[");
  g_assert_true (g_file_set_contents (path, deep->str, -1, NULL));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = ft_json_file_read_object (path, 1024 * 1024, &error);

    g_assert_null (node);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = ft_json_file_read_object (path, 1024, &error);

    g_assert_null (node);
    g_assert_nonnull (strstr (error->message, "larger than"));
  }
  g_unlink (path);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = ft_json_file_read_object (path, 1024, &error);

    g_assert_null (node);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
  /* Brackets inside strings are no nesting. */
  g_assert_true (g_file_set_contents (path, "{\"a\": \"[[[[[[[[[[[[[[[[\\\"[[[\"}", -1, NULL));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = ft_json_file_read_object (path, 1024, &error);

    g_assert_no_error (error);
    g_assert_nonnull (node);
  }
  g_unlink (path);
  g_rmdir (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-file/numbers-read-back", test_numbers_read_back);
  g_test_add_func ("/json-file/read-refuses", test_read_refuses);
  return g_test_run ();
}
