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

/* Entry names and the readers' reasons may hold any bytes: a newline, a control character,
 * bytes that are not UTF-8, thousands of characters.  Shown in a sentence they are valid UTF-8
 * on one line, control characters escaped as C writes them, cut after SHOWN_MAX characters. */
#define SHOWN_MAX 160

char *
_ft_archive_shown (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *shown = g_string_new (NULL);
  const char *p = valid;

  for (guint n = 0; *p && n < SHOWN_MAX; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (shown, "\\%03o", c);
      else
        g_string_append_unichar (shown, c);
    }
  if (*p != '\0')
    g_string_append (shown, "…");
  return g_string_free (shown, FALSE);
}

static gboolean
refuse_as (GQuark domain, int code, const char *name, const char *why, GError **error)
{
  g_autofree char *shown_name = _ft_archive_shown (name);
  g_autofree char *shown_why = _ft_archive_shown (why);

  g_set_error (error, domain, code,
               /* TRANSLATORS: the first %s is an entry of an archive, the second a reason */
               _ ("The archive entry “%s” is refused: %s."), shown_name, shown_why);
  return FALSE;
}

gboolean
_ft_archive_refuse (const char *name, GError **error, const char *why_format, ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, why_format);
  why = g_strdup_vprintf (why_format, args);
  va_end (args);
  return refuse_as (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, name, why, error);
}

static gboolean
refuse (const char *name, const char *why, GError **error)
{
  return refuse_as (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, name, why, error);
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
