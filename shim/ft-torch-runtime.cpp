/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sched.h>

#include <torch/torch.h>

#include "ft-torch-private.h"

#define FT_STR2(x) #x
#define FT_STR(x) FT_STR2 (x)

const char *
ft_torch_version (void)
{
  return FT_STR (TORCH_VERSION_MAJOR) "." FT_STR (TORCH_VERSION_MINOR) "." FT_STR (TORCH_VERSION_PATCH);
}

int
ft_torch_cpu_count (void)
{
  cpu_set_t set;
  CPU_ZERO (&set);
  if (sched_getaffinity (0, sizeof set, &set) != 0)
    return 1;
  int n = CPU_COUNT (&set);
  return n > 0 ? n : 1;
}

void
ft_torch_set_threads (int n)
{
  try
    {
      at::set_num_threads (n > 0 ? n : ft_torch_cpu_count ());
    }
  catch (...)
    {
    }
}

int
ft_torch_get_threads (void)
{
  return at::get_num_threads ();
}

FtTorchDevice
ft_torch_best_device (void)
{
  try
    {
      if (torch::cuda::is_available ())
        return FT_TORCH_DEVICE_CUDA;
    }
  catch (...)
    {
    }
  return FT_TORCH_DEVICE_CPU;
}

const char *
ft_torch_device_name (FtTorchDevice device)
{
  return device == FT_TORCH_DEVICE_CUDA ? "cuda:0" : "cpu";
}

void
ft_torch_manual_seed (uint64_t seed)
{
  try
    {
      torch::manual_seed (seed);
    }
  catch (...)
    {
    }
}
