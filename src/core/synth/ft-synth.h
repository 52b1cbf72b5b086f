/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * ft_synth_write:
 * Draws an offline practice set in hotdog.zip's layout under @out_dir:
 * train/{hotdog,not-hotdog}/N.png (@per_class each) and test/ likewise
 * (@per_class * 2 / 5 each, at least 1), sausages in buns against other foods, sides
 * from about @size / 2 to @size px (0 = the real set's 100..640 px).
 * The same seed draws the same pictures.  The set is drawn in a temporary
 * folder beside @out_dir and renamed into place; an existing @out_dir must
 * be empty.  Returns: FALSE with @error set on failure.
 */
gboolean ft_synth_write (const char *out_dir,
                         guint per_class,
                         guint size,
                         guint64 seed,
                         GCancellable *cancellable,
                         GError **error);

G_END_DECLS
