/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-archive-private.h"

#define DEFAULT_MAX_TOTAL_BYTES (G_GUINT64_CONSTANT (64) << 30)

void
_ft_archive_limits_init (FtArchiveLimits *limits)
{
  const char *text = g_getenv ("FINETUNE_IMPORT_MAX_BYTES");
  guint64 value;

  limits->max_total_bytes = DEFAULT_MAX_TOTAL_BYTES;
  limits->max_ratio = 200;
  limits->ratio_floor = 1 << 20;
  if (text && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &value, NULL))
    limits->max_total_bytes = value;
}

gboolean
_ft_archive_refuse (const char *name, GError **error, const char *why_format, ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, why_format);
  why = g_strdup_vprintf (why_format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* TRANSLATORS: the first %s is an entry of an archive, the second a reason */
               _ ("The archive entry “%s” is refused: %s."), name, why);
  return FALSE;
}

static gboolean
refuse (const char *name, const char *why, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               /* TRANSLATORS: the first %s is an entry of a zip archive, the second a reason */
               _ ("The archive entry “%s” is refused: %s."), name, why);
  return FALSE;
}

gboolean
_ft_archive_check_name (const char *name, FtEntryAction *action, GError **error)
{
  g_auto (GStrv) parts = NULL;
  guint n;

  if (name[0] == '\0')
    return refuse (name, _ ("it has no name"), error);
  if (strchr (name, '\\'))
    return refuse (name, _ ("it contains a backslash"), error);
  if (name[0] == '/')
    return refuse (name, _ ("it is an absolute path"), error);
  if (g_ascii_isalpha (name[0]) && name[1] == ':')
    return refuse (name, _ ("it starts with a drive letter"), error);
  parts = g_strsplit (name, "/", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (parts[i], ".."))
        return refuse (name, _ ("it leads out of its folder"), error);
      if (g_str_equal (parts[i], ".") || (parts[i][0] == '\0' && i + 1 < n))
        return refuse (name, _ ("it has an empty or “.” part"), error);
    }
  *action = FT_ENTRY_EXTRACT;
  for (guint i = 0; i < n; i++)
    if (parts[i][0] == '.' || (i == 0 && g_str_equal (parts[i], "__MACOSX")))
      *action = FT_ENTRY_SKIP;
  return TRUE;
}
