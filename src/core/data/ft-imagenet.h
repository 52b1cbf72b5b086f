/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FT_IMAGENET_N_CLASSES 1000

/* torchvision's name of ImageNet class @index, such as "hotdog" for 934. */
const char *ft_imagenet_class_name (guint index);
/*
 * The ImageNet class whose name matches @name ignoring case, spaces,
 * hyphens and underscores ("Hot-Dog" matches "hotdog"), or -1.
 */
int ft_imagenet_find_class (const char *name);

G_END_DECLS
