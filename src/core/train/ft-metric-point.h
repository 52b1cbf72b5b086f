/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One point of the book's plot.  Train points come every num_batches / 5
 * batches and at the last batch, at x = epoch + (i + 1) / num_batches, with
 * the running averages of the epoch so far; test points at x = epoch + 1.
 * A value that a point does not carry is NAN.
 */
typedef struct
{
  double x;
  double train_loss;
  double train_acc;
  double test_acc;
} FtMetricPoint;

G_END_DECLS
