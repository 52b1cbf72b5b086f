/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The share of each class held out for testing unless a person chooses another. */
#define FT_SPLIT_DEFAULT_TEST_FRACTION 0.2

/*
 * ft_split_write:
 * @source: a folder of class sub-folders (an ImageFolder) without train/ and test/
 * @dest: the folder to make; it must not exist
 * @test_fraction: the share of each class that goes to test/, in (0, 1)
 * @seed: the same seed and photos give the same split
 * @n_copied: (out) (optional): how many files had to be copied because they could not be
 *   hard-linked (another file system, or one without links); the others are hard links
 *
 * Writes @dest/train/CLASS/... and @dest/test/CLASS/... from the images of @source, class by
 * class: each class's images, in ImageFolder's order, are shuffled by a generator seeded from
 * @seed and the class's name, and the first round(n * @test_fraction) of them, at least one
 * and at most n - 1, go to test/.  The photos in @source are only read, never moved or
 * changed.  Hard links take no space and keep working when the originals are moved or
 * deleted; symbolic links would break then, and cannot be followed from a sandbox.
 * The split is written into a temporary folder renamed to @dest when complete, so a failure
 * or cancellation leaves nothing behind.
 * Returns: TRUE, or FALSE with @error set to one sentence.
 */
gboolean ft_split_write (const char *source,
                         const char *dest,
                         double test_fraction,
                         guint64 seed,
                         guint *n_copied,
                         GCancellable *cancellable,
                         GError **error);

/*
 * ft_split_can_split:
 * Whether @dir holds no train/ and test/ but at least two class folders of images, so that
 * ft_split_write() would make a data set of it.
 */
gboolean ft_split_can_split (const char *dir);

G_END_DECLS
