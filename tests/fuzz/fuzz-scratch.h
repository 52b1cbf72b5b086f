/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* A new empty folder for one harness's files, on tmpfs when /dev/shm is there: the code under
 * test syncs what it writes, which on a disk takes most of each run.  $TMPDIR, when set, wins.
 * (transfer full) */
char *ft_fuzz_scratch_new (const char *prefix);
