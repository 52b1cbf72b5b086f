/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-scratch.h"

#include <stdlib.h>

char *
ft_fuzz_scratch_new (const char *prefix)
{
  const char *tmp = g_getenv ("TMPDIR");
  g_autofree char *template = NULL;

  if (tmp == NULL || *tmp == '\0')
    tmp = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  template = g_strdup_printf ("%s/%s-XXXXXX", tmp, prefix);
  if (g_mkdtemp (template) == NULL)
    abort ();
  return g_steal_pointer (&template);
}
