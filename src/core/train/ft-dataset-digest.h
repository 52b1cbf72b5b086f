/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-dataset.h"

G_BEGIN_DECLS

/* SHA-256 of what makes @dataset itself: its class names and, for each training and test
 * sample, its path under the data set folder, its label and its size in bytes.  Two ranks with
 * equal digests train on the same data.  (transfer full) */
char *ft_dataset_digest (FtDataset *dataset);

G_END_DECLS
