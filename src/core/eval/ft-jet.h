/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* OpenCV's COLORMAP_JET lookup table, in RGB order. */
extern const guint8 ft_jet[256][3];

G_END_DECLS
