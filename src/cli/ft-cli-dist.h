/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-torch.h"

G_BEGIN_DECLS

/*
 * ft_cli_dist_join:
 * The ranks this process trains with when torchrun, a scheduler or a person
 * set RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, joined on the first call
 * (waiting at most @timeout seconds) and kept for the process; NULL in @out
 * for a process alone.  From then on a rank other than 0 prints only errors:
 * its standard output goes to /dev/null.
 */
gboolean ft_cli_dist_join (double timeout, FtTorchDist **out, GError **error);

/*
 * ft_cli_dist_leave:
 * Returns @status for a process that joined no ranks.  One that did ends here
 * with @status, its output flushed, without running libtorch's exit-time
 * destructors: a stopped run may leave an exchange in flight on the process
 * group's threads, which would free its tensors after libtorch's memory is gone.
 */
int ft_cli_dist_leave (int status);

G_END_DECLS
