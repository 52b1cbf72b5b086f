/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-image-folder.h"

G_BEGIN_DECLS

#define FT_TYPE_DATASET (ft_dataset_get_type ())
G_DECLARE_FINAL_TYPE (FtDataset, ft_dataset, FT, DATASET, GObject)

/*
 * ft_dataset_open:
 * @dir: a folder holding train/ and test/ (possibly under one top folder,
 *   as hotdog.zip has hotdog/), each an ImageFolder with the same classes.
 * Returns: (transfer full): the data set, or NULL with @error set to one
 *   clear sentence (no train/ folder, fewer than 2 classes, an empty class,
 *   test classes that differ from the training classes).
 */
FtDataset *ft_dataset_open (const char *dir, GError **error);

/* The folder that holds train/ and test/. */
const char *ft_dataset_get_root (FtDataset *self);
/* The folder's base name, used as the data set's display name. */
const char *ft_dataset_get_name (FtDataset *self);
/* (transfer none) */
FtImageFolder *ft_dataset_get_train (FtDataset *self);
/* (transfer none) */
FtImageFolder *ft_dataset_get_test (FtDataset *self);

G_END_DECLS
