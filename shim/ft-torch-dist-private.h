/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-torch-private.h"

/* Broadcasts from rank 0 the parameters and/or the buffers of @model; throws on failure. */
void ft_torch_dist_sync (FtTorchDist *dist, FtTorchModel *model, bool parameters, bool buffers);
/* Sums the trainable parameters' gradients over the ranks and divides them by their number,
 * as DistributedDataParallel does; throws on failure. */
void ft_torch_dist_average_gradients (FtTorchDist *dist, FtTorchModel *model);
/* A failed training step's @status, marked as a lost rank and naming it. */
FtTorchStatus *ft_torch_dist_step_status (FtTorchDist *dist, FtTorchStatus *status);
