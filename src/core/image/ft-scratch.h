/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The buffers a thread keeps from one image to the next. */
typedef enum
{
  FT_SCRATCH_FILE, /* the bytes of the file being decoded */
  FT_SCRATCH_IDAT, /* a PNG's compressed data, its chunks joined */
  FT_SCRATCH_N_SLOTS
} FtScratchSlot;

/*
 * ft_scratch_get:
 * Returns: (transfer none): this thread's buffer @slot, grown to at least
 * @size bytes; its former contents are lost.  It stays valid on this thread
 * until the next ft_scratch_get() or ft_scratch_release() of @slot; NULL when
 * memory for it cannot be had.  Reusing it spares the page faults of fresh
 * memory for every image.
 */
guint8 *ft_scratch_get (FtScratchSlot slot, gsize size);

/* Ends a use of @slot; a buffer grown very large for an unusual file is freed. */
void ft_scratch_release (FtScratchSlot slot);

G_END_DECLS
