/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: a weights file loaded into ResNet-18 models, strictly into 1000 and 2
 * classes and as a backbone into 2 classes; any refusal must be one sentence.
 *
 * Input: a zip archive.  When it is a stored zip holding a record <folder>/fuzz/records, lines
 * "KEY BYTES", the archive is completed before loading: each line becomes <folder>/data/KEY of
 * BYTES zero bytes, written as a hole in a sparse file, so that a seed carries its pickle alone
 * (a ResNet-18 state dict is 45 MB).  Any other input is loaded as it is.
 *
 * The custom mutator unzips such an archive, mutates its data.pkl with LLVMFuzzerMutate and
 * zips it again, so that mutations reach the unpickler; one mutation in eight works on the
 * input's bytes whole, for the zip reader. */
#define _GNU_SOURCE
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ft-file-tree.h"
#include "ft-torch.h"
#include "fuzz-scratch.h"
#include "fuzz-zip.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate (uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator (uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* Zero records of a completed archive: at most this much in all (sparse, so no memory). */
#define MAX_HOLES ((uint64_t) 1 << 30)

static char *scratch;
static char *weights;
static FtTorchModel *model_1000;
static FtTorchModel *model_2;

static void
remove_scratch (void)
{
  ft_file_tree_remove (scratch);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  scratch = ft_fuzz_scratch_new ("ft-fuzz-weights");
  weights = g_build_filename (scratch, "weights.pth", NULL);
  atexit (remove_scratch);
  ft_torch_set_threads (1);
  if (ft_torch_model_new (1000, &model_1000) != NULL || ft_torch_model_new (2, &model_2) != NULL)
    abort ();
  return 0;
}

/* Adds "KEY BYTES" lines of @manifest as zero records of @out, under @folder. */
static gboolean
add_holes (FtFuzzZip *out, const char *folder, const FtFuzzRecord *manifest)
{
  g_autofree char *text = g_strndup ((const char *) manifest->data, manifest->size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  uint64_t total = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char key[64];
      unsigned long long bytes;

      if (lines[i][0] == '\0')
        continue;
      if (sscanf (lines[i], "%63s %llu", key, &bytes) != 2 || bytes > MAX_HOLES - total)
        return FALSE;
      total += bytes;
      g_autofree char *name = g_strdup_printf ("%sdata/%s", folder, key);
      ft_fuzz_zip_add (out, name, NULL, (size_t) bytes);
    }
  return TRUE;
}

/* Writes @data to the weights file, completed when it carries a manifest. */
static void
write_weights (const uint8_t *data, size_t size)
{
  g_autoptr (FtFuzzZip) in = ft_fuzz_zip_parse (data, size);
  const FtFuzzRecord *manifest = NULL;
  g_autofree char *folder = NULL;

  if (in != NULL && in->records->len > 0)
    {
      const FtFuzzRecord *first = &g_array_index (in->records, FtFuzzRecord, 0);
      const char *slash = strchr (first->name, '/');

      folder = slash ? g_strndup (first->name, (gsize) (slash - first->name + 1)) : NULL;
      if (folder != NULL)
        {
          g_autofree char *name = g_strconcat (folder, "fuzz/records", NULL);
          manifest = ft_fuzz_zip_find (in, name);
        }
    }
  if (manifest == NULL)
    {
      if (!g_file_set_contents (weights, (const char *) data, (gssize) size, NULL))
        abort ();
      return;
    }
  g_autoptr (FtFuzzZip) out = ft_fuzz_zip_new ();
  for (guint i = 0; i < in->records->len; i++)
    {
      const FtFuzzRecord *r = &g_array_index (in->records, FtFuzzRecord, i);
      if (r != manifest)
        ft_fuzz_zip_add (out, r->name, r->data, r->size);
    }
  if (!add_holes (out, folder, manifest))
    {
      if (!g_file_set_contents (weights, (const char *) data, (gssize) size, NULL))
        abort ();
      return;
    }
  if (!ft_fuzz_zip_write (out, weights))
    abort ();
}

static void
load (FtTorchModel *model, FtTorchLoadMode mode)
{
  FtTorchStatus *status = ft_torch_model_load (model, weights, mode);
  const char *message;

  if (status == NULL)
    return;
  message = ft_torch_status_message (status);
  /* One sentence, on one line, that a toast can show: names from the file are cleaned. */
  if (message == NULL || *message == '\0' || !g_utf8_validate (message, -1, NULL))
    abort ();
  for (const char *c = message; *c != '\0'; c++)
    if ((unsigned char) *c < 0x20 || *c == 0x7f)
      abort ();
  ft_torch_status_free (status);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  write_weights (data, size);
  load (model_1000, FT_TORCH_LOAD_STRICT);
  load (model_2, FT_TORCH_LOAD_STRICT);
  load (model_2, FT_TORCH_LOAD_BACKBONE);
  return 0;
}

size_t
LLVMFuzzerCustomMutator (uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
  g_autoptr (FtFuzzZip) in = (seed & 7) ? ft_fuzz_zip_parse (data, size) : NULL;
  const FtFuzzRecord *pickle = NULL;

  for (guint i = 0; in != NULL && i < in->records->len && pickle == NULL; i++)
    {
      const FtFuzzRecord *r = &g_array_index (in->records, FtFuzzRecord, i);
      if (g_str_has_suffix (r->name, "/data.pkl"))
        pickle = r;
    }
  if (pickle == NULL || size > max_size)
    return LLVMFuzzerMutate (data, size, max_size);

  /* Room for the pickle to grow by what the rest leaves of max_size. */
  size_t room = max_size - (size - pickle->size);
  g_autofree uint8_t *mutated = g_malloc (room > 0 ? room : 1);
  memcpy (mutated, pickle->data, MIN (pickle->size, room));
  size_t mutated_size = LLVMFuzzerMutate (mutated, MIN (pickle->size, room), room);

  g_autoptr (FtFuzzZip) out = ft_fuzz_zip_new ();
  for (guint i = 0; i < in->records->len; i++)
    {
      const FtFuzzRecord *r = &g_array_index (in->records, FtFuzzRecord, i);
      if (r == pickle)
        ft_fuzz_zip_add (out, r->name, mutated, mutated_size);
      else
        ft_fuzz_zip_add (out, r->name, r->data, r->size);
    }
  g_autoptr (GByteArray) bytes = ft_fuzz_zip_bytes (out);
  if (bytes->len > max_size)
    return LLVMFuzzerMutate (data, size, max_size);
  memcpy (data, bytes->data, bytes->len);
  return bytes->len;
}
