/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes as an archive, imported into a fresh folder; nothing may be written
 * outside that folder, and nothing inside it may be a link.  The file's name says neither zip nor
 * tar, so the importer chooses by the first bytes, as it does for a download: "PK" goes to the
 * zip reader, anything else (tar, and tar compressed with gzip, xz, bzip2 or zstd) to the tar
 * reader. */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ft-archive.h"
#include "ft-file-tree.h"
#include "fuzz-scratch.h"

/* base/work/in.archive is imported into base/work/out/sets; base and work hold nothing else. */
static char *base;
static char *work;
static char *archive_path;
static char *dest;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
remove_scratch (void)
{
  ft_file_tree_remove (base);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  base = ft_fuzz_scratch_new ("ft-fuzz-archive");
  work = g_build_filename (base, "work", NULL);
  archive_path = g_build_filename (work, "in.archive", NULL);
  dest = g_build_filename (work, "out", "sets", NULL);
  atexit (remove_scratch);
  /* Keeps a bomb that is refused only at the bound from taking seconds per input. */
  g_setenv ("FINETUNE_IMPORT_MAX_BYTES", "16777216", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Everything under @dir is a folder or a regular file. */
static void
check_no_links (const char *dir)
{
  g_autoptr (GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;

  while (gdir && (name = g_dir_read_name (gdir)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        abort ();
      if (S_ISDIR (st.st_mode))
        check_no_links (path);
      else if (!S_ISREG (st.st_mode))
        abort ();
    }
}

/* @dir holds exactly @expected (a NULL-terminated list of names). */
static void
check_only (const char *dir, const char *const *expected)
{
  g_autoptr (GDir) gdir = g_dir_open (dir, 0, NULL);
  guint n = 0;
  const char *name;

  if (gdir == NULL)
    abort ();
  while ((name = g_dir_read_name (gdir)))
    {
      if (!g_strv_contains (expected, name))
        abort ();
      n++;
    }
  if (n != g_strv_length ((char **) expected))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *in_base[] = { "work", NULL };
  const char *in_work[] = { "in.archive", "out", NULL };
  const char *in_out[] = { "sets", NULL };
  const char *in_set[] = { "set", NULL };
  const char *in_none[] = { NULL };
  g_autofree char *out = g_path_get_dirname (dest);
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;

  ft_file_tree_remove (work);
  if (g_mkdir (work, 0755) != 0
      || !g_file_set_contents (archive_path, (const char *) data, (gssize) size, NULL))
    abort ();
  folder = ft_archive_import (archive_path, dest, "set", NULL, NULL, NULL, &error);
  if (folder == NULL
      && (error == NULL || strchr (error->message, '\n') != NULL
          || !g_str_has_suffix (error->message, ".")))
    abort ();
  if (folder != NULL && !g_str_has_prefix (folder, dest))
    abort ();
  check_only (base, in_base);
  /* The importer makes its destination; a refusal before that leaves none. */
  if (g_file_test (out, G_FILE_TEST_EXISTS))
    {
      check_only (work, in_work);
      check_only (out, in_out);
      check_no_links (dest);
      /* The temporary folder is gone; only the data set, when it was imported, is left. */
      check_only (dest, folder ? in_set : in_none);
    }
  else
    {
      const char *only_archive[] = { "in.archive", NULL };
      check_only (work, only_archive);
    }
  return 0;
}
