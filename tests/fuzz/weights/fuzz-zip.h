/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdint.h>

/* One record of a stored zip archive.  @data is borrowed; NULL means @size zero bytes. */
typedef struct
{
  char *name;
  const uint8_t *data;
  size_t size;
} FtFuzzRecord;

/* A stored (uncompressed) zip archive as a list of records, for the weights harness. */
typedef struct
{
  GArray *records; /* of FtFuzzRecord */
} FtFuzzZip;

/* (transfer full) */
FtFuzzZip *ft_fuzz_zip_new (void);
/* The records of @data, which they borrow; NULL unless it is a whole stored zip. */
FtFuzzZip *ft_fuzz_zip_parse (const uint8_t *data, size_t size);
const FtFuzzRecord *ft_fuzz_zip_find (const FtFuzzZip *zip, const char *name);
/* Appends a record; @data (NULL for zeros) must outlive @zip. */
void ft_fuzz_zip_add (FtFuzzZip *zip, const char *name, const uint8_t *data, size_t size);
/* The archive's bytes.  (transfer full) */
GByteArray *ft_fuzz_zip_bytes (const FtFuzzZip *zip);
/* Writes the archive to @path, zero records as holes of a sparse file. */
gboolean ft_fuzz_zip_write (const FtFuzzZip *zip, const char *path);
void ft_fuzz_zip_free (FtFuzzZip *zip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtFuzzZip, ft_fuzz_zip_free)
