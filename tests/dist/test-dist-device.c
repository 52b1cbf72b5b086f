/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which device ranks may train together on: gloo on the CPU always, CUDA only with a libtorch
 * that has c10d's NCCL, else one sentence. */
#include "config.h"

#include <string.h>

#include "ft-dist.h"

static void
test_cpu (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (ft_dist_check_device (FT_TORCH_DEVICE_CPU, &error));
  g_assert_no_error (error);
}

static void
test_cuda (void)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = ft_dist_check_device (FT_TORCH_DEVICE_CUDA, &error);

  g_assert_cmpint (ok, ==, ft_torch_dist_nccl_available ());
  if (ok)
    {
      g_assert_no_error (error);
      return;
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "NCCL"));
  g_assert_nonnull (strstr (error->message, "CUDA"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dist/device/cpu", test_cpu);
  g_test_add_func ("/dist/device/cuda", test_cuda);
  return g_test_run ();
}
