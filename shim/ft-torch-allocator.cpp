/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#include <c10/core/CPUAllocator.h>

#include "ft-torch-private.h"

/*
 * A training step allocates the same tensors, of the same sizes, every time.
 * glibc serves each large one with a fresh mmap and returns it on free, so
 * every step pays the page faults of touching hundreds of megabytes anew.
 * This allocator keeps large freed blocks for a request of the same size.  It
 * never holds more than the most that was ever in use at once (live plus kept
 * blocks stay under that peak), so a step's peak memory does not grow: a
 * request it cannot serve from a kept block first gives back kept ones, the
 * largest first, until the new block fits under the peak.  Large blocks are
 * mapped and unmapped directly, so that what is given back leaves the process
 * at once instead of lingering, fragmented, in malloc's heap.
 */

namespace
{

constexpr size_t kAlignment = 64;       /* as c10's own CPU allocator */
constexpr size_t kKeepMin = 256 * 1024; /* smaller blocks go straight to malloc */

class FtCpuAllocator final : public c10::Allocator
{
public:
  /* libtorch before 2.3 declares allocate() const, later ones not; each overrides its own. */
  c10::DataPtr allocate (size_t n) const
  {
    return const_cast<FtCpuAllocator *> (this)->take (n);
  }

  c10::DataPtr allocate (size_t n)
  {
    return take (n);
  }

  c10::DeleterFnPtr raw_deleter () const override
  {
    return &give_back;
  }

  /* Pure in libtorch 2.x, absent before. */
  void copy_data (void *dest, const void *src, size_t count) const
  {
    if (count > 0)
      memcpy (dest, src, count);
  }

  void release_kept ();
  FtTorchMemory stats ();

private:
  c10::DataPtr take (size_t n);
  void *reuse_or_make (size_t n);
  void evict_for (size_t n);
  static void give_back (void *p);

  std::mutex lock_;
  std::unordered_map<void *, size_t> sizes_;    /* every large block handed out */
  std::map<size_t, std::vector<void *> > kept_; /* freed large blocks by size */
  size_t live_ = 0, kept_bytes_ = 0, peak_ = 0;
};

FtCpuAllocator allocator;

/* Whole pages of zeros from the system; NULL when there are none. */
void *
mapped_block (size_t n)
{
  void *p = mmap (nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

void
unmap_block (void *p, size_t n)
{
  munmap (p, n);
}

void *
aligned_block (size_t n)
{
  void *p = nullptr;
  if (posix_memalign (&p, kAlignment, n > 0 ? n : kAlignment) != 0)
    return nullptr;
  return p;
}

c10::DataPtr
FtCpuAllocator::take (size_t n)
{
  void *p = n < kKeepMin ? aligned_block (n) : reuse_or_make (n);
  if (!p)
    throw std::runtime_error ("not enough memory for a tensor of " + std::to_string ((n + (1 << 20) - 1) >> 20)
                              + " MiB");
  return { p, p, &give_back, c10::Device (c10::DeviceType::CPU) };
}

void *
FtCpuAllocator::reuse_or_make (size_t n)
{
  std::lock_guard<std::mutex> guard (lock_);
  auto it = kept_.find (n);
  void *p = nullptr;
  if (it != kept_.end () && !it->second.empty ())
    {
      p = it->second.back ();
      it->second.pop_back ();
      kept_bytes_ -= n;
    }
  else
    {
      evict_for (n);
      p = mapped_block (n);
      if (!p)
        return nullptr;
    }
  try
    {
      sizes_[p] = n;
    }
  catch (const std::bad_alloc &)
    {
      unmap_block (p, n);
      return nullptr;
    }
  live_ += n;
  peak_ = std::max (peak_, live_);
  return p;
}

/* Gives back kept blocks, the largest first, until @n more bytes fit under the peak. */
void
FtCpuAllocator::evict_for (size_t n)
{
  size_t limit = std::max (peak_, live_ + n);
  while (kept_bytes_ > 0 && live_ + n + kept_bytes_ > limit)
    {
      auto last = std::prev (kept_.end ());
      if (last->second.empty ())
        {
          kept_.erase (last);
          continue;
        }
      unmap_block (last->second.back (), last->first);
      last->second.pop_back ();
      kept_bytes_ -= last->first;
    }
}

void
FtCpuAllocator::give_back (void *p)
{
  if (!p)
    return;
  {
    std::lock_guard<std::mutex> guard (allocator.lock_);
    auto it = allocator.sizes_.find (p);
    if (it != allocator.sizes_.end ())
      {
        size_t n = it->second;
        allocator.sizes_.erase (it);
        allocator.live_ -= n;
        try
          {
            allocator.kept_[n].push_back (p);
            allocator.kept_bytes_ += n;
          }
        catch (const std::bad_alloc &)
          {
            unmap_block (p, n);
          }
        return;
      }
  }
  free (p);
}

void
FtCpuAllocator::release_kept ()
{
  std::lock_guard<std::mutex> guard (lock_);
  for (auto &item : kept_)
    for (void *p : item.second)
      unmap_block (p, item.first);
  kept_.clear ();
  kept_bytes_ = 0;
  peak_ = live_;
}

FtTorchMemory
FtCpuAllocator::stats ()
{
  std::lock_guard<std::mutex> guard (lock_);
  return { live_, kept_bytes_, peak_ };
}

} // namespace

void
ft_torch_allocator_install ()
{
  static std::once_flag once;
  std::call_once (once, [] { c10::SetCPUAllocator (&allocator, /* priority */ 1); });
}

void
ft_torch_release_memory (void)
{
  allocator.release_kept ();
}

void
ft_torch_memory_stats (FtTorchMemory *out)
{
  if (out)
    *out = allocator.stats ();
}
