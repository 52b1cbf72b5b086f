/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-scratch.h"

/* Buffers larger than this are not kept between images. */
#define KEEP_MAX ((gsize) 32 << 20)

typedef struct
{
  guint8 *data;
  gsize capacity;
} Buffer;

static void
buffers_free (gpointer data)
{
  Buffer *buffers = data;

  for (int i = 0; i < FT_SCRATCH_N_SLOTS; i++)
    g_free (buffers[i].data);
  g_free (buffers);
}

static Buffer *
buffer_of (FtScratchSlot slot)
{
  static GPrivate key = G_PRIVATE_INIT (buffers_free);
  Buffer *buffers = g_private_get (&key);

  if (buffers == NULL)
    {
      buffers = g_new0 (Buffer, FT_SCRATCH_N_SLOTS);
      g_private_set (&key, buffers);
    }
  return &buffers[slot];
}

guint8 *
ft_scratch_get (FtScratchSlot slot, gsize size)
{
  Buffer *buffer;

  g_return_val_if_fail (slot < FT_SCRATCH_N_SLOTS, NULL);

  if (size > G_MAXSIZE / 2)
    return NULL;
  buffer = buffer_of (slot);
  size = MAX (size, 1);
  if (size > buffer->capacity)
    {
      g_free (buffer->data);
      buffer->capacity = 0;
      /* A little room to spare, so that slightly larger files do not each reallocate. */
      buffer->data = g_try_malloc (size + size / 4);
      if (buffer->data == NULL)
        return NULL;
      buffer->capacity = size + size / 4;
    }
  return buffer->data;
}

void
ft_scratch_release (FtScratchSlot slot)
{
  Buffer *buffer;

  g_return_if_fail (slot < FT_SCRATCH_N_SLOTS);

  buffer = buffer_of (slot);
  if (buffer->capacity > KEEP_MAX)
    {
      g_clear_pointer (&buffer->data, g_free);
      buffer->capacity = 0;
    }
}
