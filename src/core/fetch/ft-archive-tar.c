/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ft-archive-private.h"

#define CHUNK (64 * 1024)

/*
 * A tar archive is a stream with no central directory, so each entry is
 * checked from its header before any of its bytes are written, and the
 * size and ratio bounds are applied to the running total of the sizes
 * declared so far, which only grows: a bomb is refused at the header that
 * crosses a bound.  Whatever was written lies in the temporary folder that
 * the caller removes on failure.
 */
typedef struct
{
  const char *path;
  const char *dir;
  const FtArchiveLimits *limits;
  GFileProgressCallback progress;
  gpointer user_data;
  GCancellable *cancellable;
  struct archive *archive;
  guint64 archive_size;
  guint64 declared_total;
  guint64 written_total;
} Job;

static const char *
archive_why (Job *job)
{
  const char *why = archive_error_string (job->archive);

  return why ? why : g_strerror (archive_errno (job->archive));
}

static gboolean
check_kind (struct archive_entry *entry, const char *name, GError **error)
{
  mode_t type = archive_entry_filetype (entry);

  if (archive_entry_hardlink (entry) != NULL)
    return _ft_archive_refuse (name, error, "%s", _ ("it is a hard link"));
  if (type == AE_IFLNK)
    return _ft_archive_refuse (name, error, "%s", _ ("it is a symbolic link"));
  if (type != AE_IFREG && type != AE_IFDIR)
    return _ft_archive_refuse (name, error, "%s", _ ("it is not a plain file or folder"));
  return TRUE;
}

static gboolean
check_size (Job *job, struct archive_entry *entry, const char *name, GError **error)
{
  const FtArchiveLimits *limits = job->limits;
  gint64 size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : 0;

  job->declared_total += MAX (size, 0);
  if (job->declared_total > limits->max_total_bytes)
    {
      g_autofree char *bound = g_format_size (limits->max_total_bytes);
      return _ft_archive_refuse (name, error, _ ("the archive would unpack to more than %s"),
                                 bound);
    }
  if (job->declared_total > limits->ratio_floor
      && job->declared_total / MAX (job->archive_size, 1) > limits->max_ratio)
    return _ft_archive_refuse (name, error, _ ("it would expand more than %u times"),
                               (guint) limits->max_ratio);
  return TRUE;
}

static void
report (Job *job)
{
  guint64 read = (guint64) MAX (archive_filter_bytes (job->archive, -1), 0);

  if (job->progress)
    job->progress (MIN (read, job->archive_size), job->archive_size, job->user_data);
}

static gboolean
copy_data (Job *job, int fd, const char *name, guint64 declared, GError **error)
{
  g_autofree char *buffer = g_malloc (CHUNK);
  guint64 written = 0;
  la_ssize_t n;

  while ((n = archive_read_data (job->archive, buffer, CHUNK)) > 0)
    {
      written += n;
      job->written_total += n;
      /* Sparse entries and damaged headers can produce more than declared. */
      if (written > declared || job->written_total > job->limits->max_total_bytes)
        return _ft_archive_refuse (name, error, "%s", _ ("it holds more data than it declares"));
      if (write (fd, buffer, n) != n)
        return _ft_archive_refuse (name, error, _ ("it cannot be written (%s)"),
                                   g_strerror (errno));
      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      report (job);
    }
  if (n < 0)
    return _ft_archive_refuse (name, error, _ ("its data is damaged (%s)"), archive_why (job));
  return TRUE;
}

static gboolean
extract_file (Job *job, struct archive_entry *entry, const char *name, GError **error)
{
  g_autofree char *target = g_build_filename (job->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (target);
  gint64 size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : 0;
  gboolean ok;
  int fd;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    return _ft_archive_refuse (name, error, _ ("its folder cannot be made (%s)"),
                               g_strerror (errno));
  fd = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST)
    return _ft_archive_refuse (name, error, "%s", _ ("it appears twice"));
  if (fd < 0)
    return _ft_archive_refuse (name, error, _ ("it cannot be written (%s)"), g_strerror (errno));
  ok = copy_data (job, fd, name, (guint64) MAX (size, 0), error);
  if (close (fd) != 0 && ok)
    return _ft_archive_refuse (name, error, _ ("it cannot be written (%s)"), g_strerror (errno));
  return ok;
}

/* Tools that archive "." name every entry "./…"; that prefix stays inside. */
static const char *
strip_dot_slash (const char *name)
{
  while (name[0] == '.' && name[1] == '/')
    {
      name += 2;
      while (name[0] == '/')
        name++;
    }
  return name;
}

static gboolean
extract_entry (Job *job, struct archive_entry *entry, GError **error)
{
  const char *raw = archive_entry_pathname (entry);
  const char *name;
  FtEntryAction action;

  if (raw == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("An entry of the archive %s has no readable name."), job->path);
      return FALSE;
    }
  name = strip_dot_slash (raw);
  if ((name[0] == '\0' || g_str_equal (name, ".")) && archive_entry_filetype (entry) == AE_IFDIR)
    return TRUE; /* "./" itself */
  if (!_ft_archive_check_name (name, &action, error))
    return FALSE;
  if (action == FT_ENTRY_SKIP)
    return TRUE;
  if (!check_kind (entry, name, error) || !check_size (job, entry, name, error))
    return FALSE;
  if (archive_entry_filetype (entry) == AE_IFDIR)
    {
      g_autofree char *target = g_build_filename (job->dir, name, NULL);

      if (g_mkdir_with_parents (target, 0755) != 0)
        return _ft_archive_refuse (name, error, _ ("its folder cannot be made (%s)"),
                                   g_strerror (errno));
      return TRUE;
    }
  return extract_file (job, entry, name, error);
}

/* A stream cut short fails at its first header, or even on opening, once its
 * compression is known: that one is damaged rather than of another kind. */
static gboolean
unreadable (Job *job, gboolean started, GError **error)
{
  gboolean recognised = started || archive_format (job->archive) != 0
                        || archive_filter_code (job->archive, 0) != ARCHIVE_FILTER_NONE;
  g_autofree char *why = _ft_archive_shown (archive_why (job));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               recognised ? _ ("The archive %s is damaged (%s).")
                          : _ ("%s is not a readable zip or tar archive (%s)."),
               job->path, why);
  return FALSE;
}

static gboolean
extract (Job *job, GError **error)
{
  struct archive_entry *entry;
  gboolean first = TRUE;
  int r;

  while ((r = archive_read_next_header (job->archive, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      first = FALSE;
      if (g_cancellable_set_error_if_cancelled (job->cancellable, error)
          || !extract_entry (job, entry, error))
        return FALSE;
      report (job);
    }
  if (r == ARCHIVE_EOF)
    return TRUE;
  return unreadable (job, !first, error);
}

static gboolean
open_tar (Job *job, GError **error)
{
  GStatBuf st;

  if (g_stat (job->path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("%s cannot be read (%s)."),
                   job->path, g_strerror (saved));
      return FALSE;
    }
  job->archive_size = st.st_size;
  job->archive = archive_read_new ();
  /* Tar alone, plain or compressed as people share it: no other format is unpacked here. */
  archive_read_support_format_tar (job->archive);
  archive_read_support_filter_gzip (job->archive);
  archive_read_support_filter_bzip2 (job->archive);
  archive_read_support_filter_xz (job->archive);
  archive_read_support_filter_zstd (job->archive);
  if (archive_read_open_filename (job->archive, job->path, CHUNK) == ARCHIVE_OK)
    return TRUE;
  return unreadable (job, FALSE, error);
}

gboolean
_ft_archive_extract_tar (const char *tar_path,
                         const char *dir,
                         const FtArchiveLimits *limits,
                         GFileProgressCallback progress,
                         gpointer user_data,
                         GCancellable *cancellable,
                         GError **error)
{
  Job job = { tar_path, dir, limits, progress, user_data, cancellable };
  gboolean ok = open_tar (&job, error) && extract (&job, error);

  if (ok && progress)
    progress (job.archive_size, job.archive_size, user_data);
  if (job.archive)
    archive_read_free (job.archive);
  return ok;
}
