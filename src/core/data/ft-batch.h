/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A batch of normalised images, float NCHW (C = 3), with their labels. */
typedef struct
{
  guint n;        /* images in the batch */
  guint size;     /* height = width */
  float *images;  /* n * 3 * size * size */
  gint64 *labels; /* n */
  guint *indices; /* n sample indices into the folder */
} FtBatch;

FtBatch *ft_batch_new (guint capacity, guint size);
void ft_batch_free (FtBatch *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtBatch, ft_batch_free)

G_END_DECLS
