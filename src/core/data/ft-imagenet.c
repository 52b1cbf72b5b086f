/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-imagenet.h"

#include <gio/gio.h>

#include "ft-core-resources.h"

static char **
load_names (void)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  char **names;

  /* Looked up in the resource itself, which also keeps it linked in from the static library. */
  bytes = g_resource_lookup_data (ft_core_get_resource (),
                                  "/io/github/finetune/Finetune/core/imagenet-classes.txt",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  names = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", FT_IMAGENET_N_CLASSES + 1);
  g_assert (g_strv_length (names) >= FT_IMAGENET_N_CLASSES);
  return names;
}

static char **
names (void)
{
  static gsize cached;

  if (g_once_init_enter (&cached))
    g_once_init_leave (&cached, (gsize) load_names ());
  return (char **) cached;
}

const char *
ft_imagenet_class_name (guint index)
{
  g_return_val_if_fail (index < FT_IMAGENET_N_CLASSES, NULL);
  return names ()[index];
}

static char *
fold (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    if (*p != ' ' && *p != '-' && *p != '_')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

int
ft_imagenet_find_class (const char *name)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (name != NULL, -1);
  wanted = fold (name);
  for (guint i = 0; i < FT_IMAGENET_N_CLASSES; i++)
    {
      g_autofree char *candidate = fold (names ()[i]);
      if (g_str_equal (candidate, wanted))
        return (int) i;
    }
  return -1;
}
