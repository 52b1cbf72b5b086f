/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-imagenet.h"

static void
test_names (void)
{
  g_assert_cmpstr (ft_imagenet_class_name (0), ==, "tench");
  g_assert_cmpstr (ft_imagenet_class_name (934), ==, "hotdog");
  g_assert_cmpstr (ft_imagenet_class_name (999), ==, "toilet tissue");
}

static void
test_find (void)
{
  g_assert_cmpint (ft_imagenet_find_class ("hotdog"), ==, 934);
  g_assert_cmpint (ft_imagenet_find_class ("Hot-Dog"), ==, 934);
  g_assert_cmpint (ft_imagenet_find_class ("hot_dog"), ==, 934);
  g_assert_cmpint (ft_imagenet_find_class ("not-hotdog"), ==, -1);
  g_assert_cmpint (ft_imagenet_find_class ("French Loaf"), ==, 930);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/imagenet/names", test_names);
  g_test_add_func ("/imagenet/find", test_find);
  return g_test_run ();
}
