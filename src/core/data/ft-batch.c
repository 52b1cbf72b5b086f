/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-batch.h"

FtBatch *
ft_batch_new (guint capacity, guint size)
{
  FtBatch *batch;

  g_return_val_if_fail (capacity > 0 && size > 0, NULL);

  batch = g_new0 (FtBatch, 1);
  batch->size = size;
  batch->images = g_new (float, (gsize) capacity * 3 * size * size);
  batch->labels = g_new0 (gint64, capacity);
  batch->indices = g_new0 (guint, capacity);
  return batch;
}

void
ft_batch_free (FtBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->images);
  g_free (batch->labels);
  g_free (batch->indices);
  g_free (batch);
}
