/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-loader.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ft-image.h"
#include "ft-rng.h"
#include "ft-transform.h"

/* Batches the workers may fill ahead of the one the consumer holds.  One is enough: a batch
 * decodes in a small fraction of a training step, and each batch of 128 at 224 px held
 * ahead is 77 MB more at the step's peak. */
#define DEPTH 1

/* One batch being filled: each position is written by exactly one worker. */
typedef struct
{
  FtBatch *batch;
  guint index;
  guint expected;
  guint done;
  gboolean *ok;
} Slot;

struct _FtLoader
{
  GObject parent_instance;

  FtImageFolder *folder;
  FtLoaderOptions options;
  guint n_samples;
  guint n_batches;
  GPtrArray *threads;

  GMutex lock;
  GCond work_cond;  /* workers wait here for work */
  GCond ready_cond; /* the consumer waits here for a batch, or for workers to go idle */
  gboolean quit;
  gboolean running; /* an epoch is in progress and workers may take samples */
  gboolean begun;   /* some epoch was started */
  guint busy;       /* workers processing a sample */
  guint epoch;
  guint *order;
  gboolean given_order; /* order holds a shard set by ft_loader_set_epoch_order() */
  guint next_pos;
  guint consumed;
  Slot slots[DEPTH];

  GHashTable *bad; /* sample index -> TRUE, for files that failed to decode */
  guint n_skipped;
  GHashTable *cache; /* sample index -> FtImage */
  gsize cache_used;
};

G_DEFINE_FINAL_TYPE (FtLoader, ft_loader, G_TYPE_OBJECT)

static gsize
floats_per_image (FtLoader *self)
{
  return (gsize) 3 * self->options.image_size * self->options.image_size;
}

/* Decodes and transforms one sample into @dst; the lock is not held. */
static gboolean
produce (FtLoader *self,
         guint sample,
         guint epoch,
         FtImage *cached,
         FtImage **decoded,
         float *dst,
         GError **error)
{
  g_autoptr (FtImage) image = cached ? ft_image_ref (cached) : NULL;
  FtRng rng;

  if (image == NULL)
    {
      image = ft_image_load (ft_image_folder_get_path (self->folder, sample), 0, error);
      if (image == NULL)
        return FALSE;
      *decoded = ft_image_ref (image);
    }
  ft_rng_init (&rng, self->options.seed, epoch, sample, FT_RNG_AUGMENT);
  ft_transform_apply (image, self->options.image_size, self->options.augment, &rng, dst);
  return TRUE;
}

/* With the lock held: records the outcome of one sample. */
static void
record (FtLoader *self, guint sample, FtImage *decoded, GError *error)
{
  if (error != NULL && !g_hash_table_contains (self->bad, GUINT_TO_POINTER (sample)))
    {
      g_hash_table_add (self->bad, GUINT_TO_POINTER (sample));
      self->n_skipped++;
      g_message (_ ("Skipped an unreadable image: %s"), error->message);
    }
  if (decoded != NULL && self->cache != NULL
      && self->cache_used + ft_image_get_size (decoded) <= self->options.cache_bytes
      && !g_hash_table_contains (self->cache, GUINT_TO_POINTER (sample)))
    {
      self->cache_used += ft_image_get_size (decoded);
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (sample), ft_image_ref (decoded));
    }
}

static Slot *
slot_for (FtLoader *self, guint pos)
{
  guint b = pos / self->options.batch_size;
  Slot *slot = &self->slots[b % DEPTH];

  if (slot->batch == NULL)
    {
      slot->batch = ft_batch_new (self->options.batch_size, self->options.image_size);
      slot->index = b;
      slot->done = 0;
      slot->expected
        = MIN (self->options.batch_size, self->n_samples - b * self->options.batch_size);
    }
  g_assert (slot->index == b);
  return slot;
}

static gboolean
has_work (FtLoader *self)
{
  return self->running && self->next_pos < self->n_samples
         && self->next_pos / self->options.batch_size < self->consumed + DEPTH;
}

/* With the lock held: takes the next position, processes it unlocked, and files the result. */
static void
work_one (FtLoader *self)
{
  guint pos = self->next_pos++;
  guint sample = self->order[pos];
  guint epoch = self->epoch;
  Slot *slot = slot_for (self, pos);
  guint at = pos % self->options.batch_size;
  FtImage *cached
    = self->cache ? g_hash_table_lookup (self->cache, GUINT_TO_POINTER (sample)) : NULL;
  gboolean known_bad = g_hash_table_contains (self->bad, GUINT_TO_POINTER (sample));
  float *dst = slot->batch->images + at * floats_per_image (self);
  g_autoptr (GError) error = NULL;
  FtImage *decoded = NULL;
  gboolean ok = FALSE;

  self->busy++;
  g_mutex_unlock (&self->lock);
  if (!known_bad)
    ok = produce (self, sample, epoch, cached, &decoded, dst, &error);
  g_mutex_lock (&self->lock);

  record (self, sample, decoded, error);
  g_clear_pointer (&decoded, ft_image_unref);
  slot->ok[at] = ok;
  slot->batch->indices[at] = sample;
  slot->batch->labels[at] = ft_image_folder_get_label (self->folder, sample);
  slot->done++;
  self->busy--;
  if (slot->done == slot->expected || self->busy == 0)
    g_cond_broadcast (&self->ready_cond);
}

static gpointer
worker (gpointer data)
{
  FtLoader *self = data;

  g_mutex_lock (&self->lock);
  while (!self->quit)
    {
      if (has_work (self))
        work_one (self);
      else
        g_cond_wait (&self->work_cond, &self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* With the lock held: stops the epoch in progress and waits for the workers to let go of it. */
static void
abandon_epoch (FtLoader *self)
{
  self->running = FALSE;
  while (self->busy > 0)
    g_cond_wait (&self->ready_cond, &self->lock);
  for (guint i = 0; i < DEPTH; i++)
    g_clear_pointer (&self->slots[i].batch, ft_batch_free);
  self->consumed = self->n_batches;
}

static void
shuffle (FtLoader *self, guint epoch)
{
  FtRng rng;

  if (self->given_order)
    return;
  for (guint i = 0; i < self->n_samples; i++)
    self->order[i] = i;
  if (!self->options.shuffle)
    return;
  ft_rng_init (&rng, self->options.seed, epoch, 0, FT_RNG_SHUFFLE);
  for (guint i = self->n_samples; i > 1; i--)
    {
      guint j = (guint) ft_rng_below (&rng, i);
      guint t = self->order[i - 1];

      self->order[i - 1] = self->order[j];
      self->order[j] = t;
    }
}

void
ft_loader_set_epoch_order (FtLoader *self, const guint *order, guint n)
{
  guint n_folder;

  g_return_if_fail (FT_IS_LOADER (self));
  g_return_if_fail (order != NULL || n == 0);

  n_folder = ft_image_folder_get_n_samples (self->folder);
  for (guint i = 0; i < n; i++)
    g_return_if_fail (order[i] < n_folder);
  g_mutex_lock (&self->lock);
  abandon_epoch (self);
  g_free (self->order);
  self->order = g_new (guint, MAX (n, 1));
  if (n > 0)
    memcpy (self->order, order, n * sizeof (guint));
  self->n_samples = n;
  self->n_batches = (n + self->options.batch_size - 1) / self->options.batch_size;
  self->consumed = self->n_batches;
  self->given_order = TRUE;
  g_mutex_unlock (&self->lock);
}

void
ft_loader_start_epoch (FtLoader *self, guint epoch)
{
  g_return_if_fail (FT_IS_LOADER (self));

  g_mutex_lock (&self->lock);
  abandon_epoch (self);
  shuffle (self, epoch);
  self->epoch = epoch;
  self->next_pos = 0;
  self->consumed = 0;
  self->running = TRUE;
  self->begun = TRUE;
  g_cond_broadcast (&self->work_cond);
  g_mutex_unlock (&self->lock);
}

/* With the lock held: hands over the consumer's next batch, without the skipped images. */
static FtBatch *
take_batch (FtLoader *self, Slot *slot)
{
  FtBatch *batch = g_steal_pointer (&slot->batch);
  gsize per = floats_per_image (self);
  guint n = 0;

  for (guint i = 0; i < slot->expected; i++)
    {
      if (!slot->ok[i])
        continue;
      if (n != i)
        memmove (batch->images + n * per, batch->images + i * per, per * sizeof (float));
      batch->labels[n] = batch->labels[i];
      batch->indices[n] = batch->indices[i];
      n++;
    }
  batch->n = n;
  self->consumed++;
  g_cond_broadcast (&self->work_cond);
  return batch;
}

static void
on_cancelled (GCancellable *cancellable, gpointer data)
{
  FtLoader *self = data;

  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->ready_cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
batch_ready (FtLoader *self)
{
  Slot *slot = &self->slots[self->consumed % DEPTH];

  return slot->batch != NULL && slot->index == self->consumed && slot->done == slot->expected;
}

/* With the lock held: the next batch (non-empty unless keep_empty), or NULL at the end or on
 * cancellation. */
static FtBatch *
next_locked (FtLoader *self, GCancellable *cancellable, GError **error)
{
  while (self->consumed < self->n_batches)
    {
      g_autoptr (FtBatch) batch = NULL;

      while (!batch_ready (self) && !g_cancellable_is_cancelled (cancellable))
        g_cond_wait (&self->ready_cond, &self->lock);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          abandon_epoch (self);
          return NULL;
        }
      batch = take_batch (self, &self->slots[self->consumed % DEPTH]);
      if (batch->n > 0 || self->options.keep_empty)
        return g_steal_pointer (&batch);
    }
  return NULL;
}

FtBatch *
ft_loader_next (FtLoader *self, GCancellable *cancellable, GError **error)
{
  FtBatch *batch;
  gulong handler = 0;

  g_return_val_if_fail (FT_IS_LOADER (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->begun)
    ft_loader_start_epoch (self, 0);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
  g_mutex_lock (&self->lock);
  batch = next_locked (self, cancellable, error);
  g_mutex_unlock (&self->lock);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  return batch;
}

guint
ft_loader_get_n_batches (FtLoader *self)
{
  g_return_val_if_fail (FT_IS_LOADER (self), 0);
  return self->n_batches;
}

guint
ft_loader_get_n_skipped (FtLoader *self)
{
  guint n;

  g_return_val_if_fail (FT_IS_LOADER (self), 0);
  g_mutex_lock (&self->lock);
  n = self->n_skipped;
  g_mutex_unlock (&self->lock);
  return n;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char **
ft_loader_dup_skipped (FtLoader *self)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer sample;

  g_return_val_if_fail (FT_IS_LOADER (self), NULL);
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->bad);
  while (g_hash_table_iter_next (&iter, &sample, NULL))
    g_ptr_array_add (paths,
                     g_strdup (ft_image_folder_get_path (self->folder, GPOINTER_TO_UINT (sample))));
  g_mutex_unlock (&self->lock);
  g_ptr_array_sort (paths, compare_paths);
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

static void
join_thread (gpointer thread)
{
  g_thread_join (thread);
}

static void
ft_loader_finalize (GObject *object)
{
  FtLoader *self = FT_LOADER (object);

  g_mutex_lock (&self->lock);
  abandon_epoch (self);
  self->quit = TRUE;
  g_cond_broadcast (&self->work_cond);
  g_mutex_unlock (&self->lock);
  g_ptr_array_unref (self->threads); /* joins each worker */

  for (guint i = 0; i < DEPTH; i++)
    g_free (self->slots[i].ok);
  g_free (self->order);
  g_hash_table_unref (self->bad);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->folder);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->work_cond);
  g_cond_clear (&self->ready_cond);
  G_OBJECT_CLASS (ft_loader_parent_class)->finalize (object);
}

static void
ft_loader_class_init (FtLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ft_loader_finalize;
}

static void
ft_loader_init (FtLoader *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->work_cond);
  g_cond_init (&self->ready_cond);
  self->bad = g_hash_table_new (NULL, NULL);
  self->threads = g_ptr_array_new_with_free_func (join_thread);
}

FtLoader *
ft_loader_new (FtImageFolder *folder, const FtLoaderOptions *options)
{
  FtLoader *self;
  guint n_threads;

  g_return_val_if_fail (FT_IS_IMAGE_FOLDER (folder), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->batch_size > 0 && options->image_size > 0, NULL);

  self = g_object_new (FT_TYPE_LOADER, NULL);
  self->folder = g_object_ref (folder);
  self->options = *options;
  self->n_samples = ft_image_folder_get_n_samples (folder);
  self->n_batches = (self->n_samples + options->batch_size - 1) / options->batch_size;
  self->order = g_new (guint, MAX (self->n_samples, 1));
  for (guint i = 0; i < DEPTH; i++)
    self->slots[i].ok = g_new0 (gboolean, options->batch_size);
  if (options->cache_bytes > 0)
    self->cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) ft_image_unref);
  n_threads = options->n_threads ? options->n_threads : g_get_num_processors ();
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (self->threads, g_thread_new ("ft-loader", worker, self));
  return self;
}
