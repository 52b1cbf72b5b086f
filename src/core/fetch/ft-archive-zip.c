/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "ft-archive-private.h"

#define CHUNK (64 * 1024)

typedef struct
{
  const char *dir;
  const FtArchiveLimits *limits;
  GFileProgressCallback progress;
  gpointer user_data;
  GCancellable *cancellable;
  zip_t *zip;
  GArray *plan; /* zip_uint64_t indices to extract */
  guint64 declared_total;
  guint64 written_total;
} Job;

static gboolean
check_kind (Job *job, zip_uint64_t index, const char *name, GError **error)
{
  zip_uint8_t opsys;
  zip_uint32_t attributes;
  mode_t mode;

  if (zip_file_get_external_attributes (job->zip, index, 0, &opsys, &attributes) != 0)
    return _ft_archive_refuse (name, error, "%s", _ ("its attributes cannot be read"));
  if (opsys != ZIP_OPSYS_UNIX)
    return TRUE;
  mode = attributes >> 16;
  if (S_ISLNK (mode))
    return _ft_archive_refuse (name, error, "%s", _ ("it is a symbolic link"));
  if ((mode & S_IFMT) != 0 && !S_ISREG (mode) && !S_ISDIR (mode))
    return _ft_archive_refuse (name, error, "%s", _ ("it is not a plain file or folder"));
  return TRUE;
}

static gboolean
check_entry (Job *job, zip_uint64_t index, const zip_stat_t *st, GError **error)
{
  const FtArchiveLimits *limits = job->limits;

  if (!check_kind (job, index, st->name, error))
    return FALSE;
  if (st->encryption_method != ZIP_EM_NONE)
    return _ft_archive_refuse (st->name, error, "%s", _ ("it is encrypted"));
  if (!zip_compression_method_supported (st->comp_method, 0))
    return _ft_archive_refuse (st->name, error, "%s",
                               _ ("its compression method is not supported"));
  if (st->size > limits->ratio_floor && st->size / MAX (st->comp_size, 1) > limits->max_ratio)
    return _ft_archive_refuse (st->name, error, _ ("it would expand more than %u times"),
                               (guint) limits->max_ratio);
  job->declared_total += st->size;
  if (job->declared_total > limits->max_total_bytes)
    {
      g_autofree char *size = g_format_size (limits->max_total_bytes);
      return _ft_archive_refuse (st->name, error, _ ("the archive would unpack to more than %s"),
                                 size);
    }
  return TRUE;
}

static gboolean
plan (Job *job, const char *zip_path, GError **error)
{
  zip_int64_t n = zip_get_num_entries (job->zip, 0);
  GStatBuf zst;

  for (zip_int64_t i = 0; i < n; i++)
    {
      zip_stat_t st;
      FtEntryAction action;

      if (zip_stat_index (job->zip, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _ ("Entry %" PRId64 " of the archive cannot be read."), (gint64) i);
          return FALSE;
        }
      if (!_ft_archive_check_name (st.name, &action, error))
        return FALSE;
      if (action == FT_ENTRY_SKIP)
        continue;
      if (!check_entry (job, i, &st, error))
        return FALSE;
      g_array_append_val (job->plan, i);
    }
  if (g_stat (zip_path, &zst) == 0 && job->declared_total > job->limits->ratio_floor
      && job->declared_total / MAX ((guint64) zst.st_size, 1) > job->limits->max_ratio)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The archive %s is refused: it would expand more than %u times."), zip_path,
                   (guint) job->limits->max_ratio);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_parent (const char *target, const char *name, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (target);

  if (g_mkdir_with_parents (parent, 0755) == 0)
    return TRUE;
  return _ft_archive_refuse (name, error, _ ("its folder cannot be made (%s)"), g_strerror (errno));
}

static gboolean
copy_data (Job *job, zip_file_t *in, int fd, const char *name, guint64 declared, GError **error)
{
  g_autofree char *buffer = g_malloc (CHUNK);
  guint64 written = 0;
  zip_int64_t n;

  while ((n = zip_fread (in, buffer, CHUNK)) > 0)
    {
      written += n;
      job->written_total += n;
      /* Declared sizes can lie: count what really comes out. */
      if (written > declared || job->written_total > job->limits->max_total_bytes)
        return _ft_archive_refuse (name, error, "%s", _ ("it holds more data than it declares"));
      if (write (fd, buffer, n) != n)
        return _ft_archive_refuse (name, error, _ ("it cannot be written (%s)"),
                                   g_strerror (errno));
      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      if (job->progress)
        job->progress (job->written_total, job->declared_total, job->user_data);
    }
  if (n < 0)
    return _ft_archive_refuse (name, error, _ ("its data is damaged (%s)"), zip_file_strerror (in));
  return TRUE;
}

static gboolean
extract_file (Job *job, zip_uint64_t index, const char *name, const char *target, GError **error)
{
  zip_stat_t st;
  zip_file_t *in;
  gboolean ok;
  int fd;

  if (!make_parent (target, name, error) || zip_stat_index (job->zip, index, 0, &st) != 0)
    return FALSE;
  fd = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST)
    return _ft_archive_refuse (name, error, "%s", _ ("it appears twice"));
  if (fd < 0)
    return _ft_archive_refuse (name, error, _ ("it cannot be written (%s)"), g_strerror (errno));
  in = zip_fopen_index (job->zip, index, 0);
  if (in == NULL)
    {
      close (fd);
      return _ft_archive_refuse (name, error, _ ("its data is damaged (%s)"),
                                 zip_strerror (job->zip));
    }
  ok = copy_data (job, in, fd, name, st.size, error);
  zip_fclose (in);
  if (close (fd) != 0 && ok)
    return _ft_archive_refuse (name, error, _ ("it cannot be written (%s)"), g_strerror (errno));
  return ok;
}

static gboolean
extract (Job *job, GError **error)
{
  for (guint i = 0; i < job->plan->len; i++)
    {
      zip_uint64_t index = g_array_index (job->plan, zip_uint64_t, i);
      const char *name = zip_get_name (job->zip, index, 0);
      g_autofree char *target = g_build_filename (job->dir, name, NULL);

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      if (g_str_has_suffix (name, "/"))
        {
          if (g_mkdir_with_parents (target, 0755) != 0)
            return _ft_archive_refuse (name, error, _ ("its folder cannot be made (%s)"),
                                       g_strerror (errno));
        }
      else if (!extract_file (job, index, name, target, error))
        return FALSE;
    }
  return TRUE;
}

static zip_t *
open_zip (const char *zip_path, GError **error)
{
  int code = 0;
  zip_t *zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
  zip_error_t zerror;

  if (zip != NULL)
    return zip;
  zip_error_init_with_code (&zerror, code);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _ ("%s is not a readable zip archive (%s)."), zip_path,
               zip_error_strerror (&zerror));
  zip_error_fini (&zerror);
  return NULL;
}

gboolean
_ft_archive_extract_zip (const char *zip_path,
                         const char *dir,
                         const FtArchiveLimits *limits,
                         GFileProgressCallback progress,
                         gpointer user_data,
                         GCancellable *cancellable,
                         GError **error)
{
  Job job = { dir, limits, progress, user_data, cancellable };
  gboolean ok;

  job.zip = open_zip (zip_path, error);
  if (job.zip == NULL)
    return FALSE;
  job.plan = g_array_new (FALSE, FALSE, sizeof (zip_uint64_t));
  ok = plan (&job, zip_path, error) && extract (&job, error);
  g_array_unref (job.plan);
  zip_discard (job.zip);
  return ok;
}
