/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-torch.h"

G_BEGIN_DECLS

/* Non-zero when RANK or WORLD_SIZE is set: a launcher (torchrun, SLURM, a PyTorchJob) or a
 * person asks for a data-parallel run. */
gboolean ft_dist_requested (void);

/*
 * ft_dist_check_device:
 * Whether ranks can train together with the model on @device: gloo on the
 * CPU, NCCL on CUDA (each local rank on device LOCAL_RANK), which the
 * libtorch must have.
 */
gboolean ft_dist_check_device (FtTorchDevice device, GError **error);

/*
 * ft_dist_join_from_env:
 * Joins the other ranks as torch.distributed's env:// does, from RANK,
 * WORLD_SIZE, MASTER_ADDR, MASTER_PORT, LOCAL_RANK and, under torchrun,
 * TORCHELASTIC_USE_AGENT_STORE and TORCHELASTIC_RESTART_COUNT, waiting at
 * most @timeout seconds.  Returns NULL without an error when no rank is
 * asked for or WORLD_SIZE is 1: one process trains alone.
 * Returns: (transfer full) (nullable): free with ft_torch_dist_free().
 */
FtTorchDist *ft_dist_join_from_env (double timeout, GError **error);

/*
 * ft_dist_take_status:
 * As ft_trainer_take_status(), with the sentence a person needs when
 * @status says a rank is gone, counts other ranks or could not be reached.
 * Takes @status; TRUE when it was NULL.
 */
gboolean ft_dist_take_status (FtTorchStatus *status, double timeout, GError **error);

G_END_DECLS
