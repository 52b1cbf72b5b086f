/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ft-image.h"
#include "ft-rng.h"

G_BEGIN_DECLS

/* A crop box in pixels, as torchvision's RandomResizedCrop.get_params returns it. */
typedef struct
{
  int top;
  int left;
  int height;
  int width;
} FtBox;

/* ImageNet's channel statistics, which the recipe's Normalize uses. */
extern const float ft_transform_imagenet_mean[3];
extern const float ft_transform_imagenet_std[3];

/*
 * ft_transform_sample_box:
 * Draws a box as RandomResizedCrop(scale=(0.08, 1), ratio=(3/4, 4/3)) does
 * for an image of @width × @height: up to 10 attempts, then a centre crop
 * clamped to the ratio range.  Returns: TRUE when the fallback was taken.
 */
gboolean ft_transform_sample_box (int width, int height, FtRng *rng, FtBox *box);

/* The size the test transform resizes to before its centre crop: @size * 256 / 224. */
int ft_transform_test_resize (int size);

/*
 * ft_transform_to_tensor:
 * Writes the @size × @size square of @image at (@left, @top), mirrored when
 * @flip, as ToTensor then Normalize(@mean, @std) would: float CHW,
 * (v / 255 - mean) / std in single precision.
 */
void ft_transform_to_tensor (const FtImage *image,
                             int left,
                             int top,
                             int size,
                             gboolean flip,
                             const float mean[3],
                             const float std[3],
                             float *out);

/*
 * ft_transform_train:
 * RandomResizedCrop(@size) then RandomHorizontalFlip(), drawing from @rng.
 * Returns: (transfer full): the @size × @size crop; @flip says whether the
 *   flip applies (it is left to ft_transform_to_tensor()).
 */
FtImage *ft_transform_train (const FtImage *image, int size, FtRng *rng, gboolean *flip);

/*
 * ft_transform_test:
 * Resize([R, R]) with R = ft_transform_test_resize(@size), squashing.
 * The centre crop is at (*@left, *@top), with torchvision's rounding.
 * Returns: (transfer full): the R × R image.
 */
FtImage *ft_transform_test (const FtImage *image, int size, int *left, int *top);

/* The recipe's whole transform (train when @augment) into normalised float CHW at @out. */
void ft_transform_apply (const FtImage *image, int size, gboolean augment, FtRng *rng, float *out);

G_END_DECLS
