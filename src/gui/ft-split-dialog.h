/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FT_TYPE_SPLIT_DIALOG (ft_split_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FtSplitDialog, ft_split_dialog, FT, SPLIT_DIALOG, AdwMessageDialog)

/*
 * FtSplitDialog: offers to make a data set of a folder of class folders that has no train/
 * and test/, with the share held out for testing and the seed; its "split" response means
 * the person chose to, and ft_split_dialog_get_test_fraction() and _get_seed() say how.
 */
GtkWidget *ft_split_dialog_new (GtkWindow *parent, const char *source);
const char *ft_split_dialog_get_source (FtSplitDialog *self);
double ft_split_dialog_get_test_fraction (FtSplitDialog *self);
guint64 ft_split_dialog_get_seed (FtSplitDialog *self);

G_END_DECLS
