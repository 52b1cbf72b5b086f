/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-dataset.h"

G_BEGIN_DECLS

#define FT_TYPE_DATA_PAGE (ft_data_page_get_type ())
G_DECLARE_FINAL_TYPE (FtDataPage, ft_data_page, FT, DATA_PAGE, GtkWidget)

/*
 * FtDataPage: where the data set comes from (the book's hot dogs, the
 * offline practice set, or a folder or zip of one's own), its classes, the
 * book's figure and a gallery of every image.  The chosen folder is kept in
 * the "data-dir" setting.
 */
gboolean ft_data_page_has_dataset (FtDataPage *self);
/* (transfer none) (nullable): the data set shown, once opened. */
FtDataset *ft_data_page_get_dataset (FtDataPage *self);

/* Downloads the book's hot dogs. */
void ft_data_page_download (FtDataPage *self);
/* Draws the offline practice set and opens it. */
void ft_data_page_make_practice (FtDataPage *self);
/* Asks whether a folder or an archive, then opens the chooser for a data set of one's own. */
void ft_data_page_open (FtDataPage *self);

G_END_DECLS
