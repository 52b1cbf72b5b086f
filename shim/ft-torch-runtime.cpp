/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sched.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <atomic>

#include <torch/torch.h>

#include "ft-torch-private.h"
#ifdef FT_TORCH_HAVE_WINOGRAD
#include "ft-torch-winograd.h"
#endif

#define FT_STR2(x) #x
#define FT_STR(x) FT_STR2 (x)

const char *
ft_torch_version (void)
{
  return FT_STR (TORCH_VERSION_MAJOR) "." FT_STR (TORCH_VERSION_MINOR) "." FT_STR (
    TORCH_VERSION_PATCH);
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

static std::atomic<bool> threads_chosen{ false };

void
ft_torch_set_threads (int n)
{
  threads_chosen = true;
  try
    {
      at::set_num_threads (n > 0 ? n : ft_torch_cpu_count ());
    }
  catch (...)
    {
    }
}

void
ft_torch_ensure_threads ()
{
  if (!threads_chosen.exchange (true))
    at::set_num_threads (ft_torch_cpu_count ());
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

static std::atomic<int> cuda_index{ 0 };

int
ft_torch_cuda_index ()
{
  return cuda_index.load ();
}

void
ft_torch_set_cuda_index (int index)
{
  cuda_index.store (index);
}

const char *
ft_torch_device_name (FtTorchDevice device)
{
  static const char *const names[]
    = { "cuda:0", "cuda:1", "cuda:2", "cuda:3", "cuda:4", "cuda:5", "cuda:6", "cuda:7" };
  int index = ft_torch_cuda_index ();

  if (device != FT_TORCH_DEVICE_CUDA)
    return "cpu";
  return index >= 0 && index < 8 ? names[index] : "cuda";
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

#if defined(__x86_64__) || defined(__i386__)
static uint64_t
xcr0 (void)
{
  uint32_t eax, edx;
  __asm__("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (uint64_t (edx) << 32) | eax;
}
#endif

int
ft_torch_winograd_available (void)
{
#ifdef FT_TORCH_HAVE_WINOGRAD
  return ft_winograd_available ();
#else
  return 0;
#endif
}

int
ft_torch_cpu_has_bf16 (void)
{
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid (1, &a, &b, &c, &d) || !(c & bit_OSXSAVE)
      || !__get_cpuid_count (7, 0, &a, &b, &c, &d))
    return 0;
  uint64_t os = xcr0 ();
  bool amx_bf16 = (d & (1u << 22)) && (os & 0x60000) == 0x60000; /* tile config and data */
  unsigned a1 = 0, b1, c1, d1;
  __get_cpuid_count (7, 1, &a1, &b1, &c1, &d1);
  bool avx512_bf16 = (a1 & (1u << 5)) && (os & 0xe6) == 0xe6; /* SSE, AVX, opmask, ZMM */
  return amx_bf16 || avx512_bf16;
#else
  return 0;
#endif
}
