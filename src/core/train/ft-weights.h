/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * ft_weights_check:
 * Whether @path holds ImageNet ResNet-18 weights that a fine-tuning run can start from: the
 * shim's loader reads it into a 1000-class network, every key and shape checked, as Start
 * would.  Blocks for about a second: call it off the main thread.
 * Returns: TRUE, or FALSE with @error saying why in one sentence.
 */
gboolean ft_weights_check (const char *path, GError **error);

G_END_DECLS
