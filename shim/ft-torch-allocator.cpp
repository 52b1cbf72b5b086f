/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>

#include <c10/core/CPUAllocator.h>

#include "ft-torch-private.h"

/*
 * A training step allocates the same tensors, of the same sizes, every time.
 * glibc serves each large one with a fresh mmap and returns it on free, so
 * every step pays the page faults of touching gigabytes anew.  This allocator
 * keeps the pages of large freed blocks and serves later requests from them:
 * kept ranges that touch are joined, and a request takes the smallest kept
 * range that holds it, the rest staying kept, so the activations of one
 * stage become the gradients of another without a new page.  It never holds
 * more than the most that was ever in use at once (in use plus kept stay
 * under that peak), so a step's peak memory does not grow: a request no kept
 * range holds first gives back the tail of the largest kept ranges until a
 * new mapping fits under the peak.  Large blocks are mapped directly, on
 * transparent huge pages where the system allows them, and what is given
 * back leaves the process at once.
 */

namespace
{

constexpr size_t kAlignment = 64;       /* as c10's own CPU allocator */
constexpr size_t kKeepMin = 256 * 1024; /* smaller blocks go straight to malloc */
constexpr size_t kPage = 4096;
constexpr size_t kHugePage = 2 << 20;

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
  void *take_kept (size_t n);
  void trim_for (size_t n);
  void keep (uintptr_t start, size_t n);
  void forget (uintptr_t start, size_t n);
  static void give_back (void *p);

  std::mutex lock_;
  std::unordered_map<void *, size_t> sizes_;      /* every large block handed out */
  std::map<uintptr_t, size_t> kept_;              /* kept ranges by address */
  std::multimap<size_t, uintptr_t> kept_by_size_; /* the same, by length */
  size_t live_ = 0, kept_bytes_ = 0, peak_ = 0, mapped_ = 0;
};

FtCpuAllocator allocator;

size_t
page_round (size_t n)
{
  return (n + kPage - 1) & ~(kPage - 1);
}

/* @n bytes (a multiple of the page) of zeros from the system, on a huge-page boundary when
 * that large; NULL when there are none. */
void *
mapped_block (size_t n)
{
  size_t span = n >= kHugePage ? n + kHugePage : n;
  void *raw = mmap (nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    return nullptr;
  if (span == n)
    return raw;
  uintptr_t start = uintptr_t (raw);
  uintptr_t aligned = (start + kHugePage - 1) & ~(uintptr_t (kHugePage) - 1);
  if (aligned > start)
    munmap (raw, aligned - start);
  if (start + span > aligned + n)
    munmap ((void *) (aligned + n), start + span - aligned - n);
  madvise ((void *) aligned, n, MADV_HUGEPAGE);
  return (void *) aligned;
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
  void *p = n < kKeepMin ? aligned_block (n) : reuse_or_make (page_round (n));
  if (!p)
    throw std::runtime_error ("not enough memory for a tensor of "
                              + std::to_string ((n + (1 << 20) - 1) >> 20) + " MiB");
  return { p, p, &give_back, c10::Device (c10::DeviceType::CPU) };
}

void *
FtCpuAllocator::reuse_or_make (size_t n)
{
  std::lock_guard<std::mutex> guard (lock_);
  void *p = take_kept (n);
  if (!p)
    {
      trim_for (n);
      p = mapped_block (n);
      if (!p)
        return nullptr;
      mapped_ += n;
    }
  try
    {
      sizes_[p] = n;
    }
  catch (const std::bad_alloc &)
    {
      munmap (p, n);
      return nullptr;
    }
  live_ += n;
  peak_ = std::max (peak_, live_);
  return p;
}

/* The head of the shortest kept range of at least @n bytes, the rest staying kept; NULL when
 * there is none. */
void *
FtCpuAllocator::take_kept (size_t n)
{
  auto fit = kept_by_size_.lower_bound (n);
  if (fit == kept_by_size_.end ())
    return nullptr;
  size_t length = fit->first;
  uintptr_t start = fit->second;
  forget (start, length);
  if (length > n)
    keep (start + n, length - n);
  return (void *) start;
}

/* Gives back the tails of the longest kept ranges until @n more bytes fit under the peak. */
void
FtCpuAllocator::trim_for (size_t n)
{
  size_t limit = std::max (peak_, live_ + n);
  while (kept_bytes_ > 0 && live_ + n + kept_bytes_ > limit)
    {
      auto longest = std::prev (kept_by_size_.end ());
      size_t length = longest->first;
      uintptr_t start = longest->second;
      size_t cut = std::min (length, page_round (live_ + n + kept_bytes_ - limit));
      forget (start, length);
      munmap ((void *) (start + length - cut), cut);
      if (cut < length)
        keep (start, length - cut);
    }
}

/* Adds [@start, @start + @n) to the kept ranges, joined with the ranges it touches. */
void
FtCpuAllocator::keep (uintptr_t start, size_t n)
{
  auto next = kept_.lower_bound (start);
  if (next != kept_.end () && next->first == start + n)
    {
      size_t length = next->second;
      forget (next->first, length);
      n += length;
    }
  auto prev = kept_.lower_bound (start);
  if (prev != kept_.begin ())
    {
      prev = std::prev (prev);
      if (prev->first + prev->second == start)
        {
          uintptr_t prev_start = prev->first;
          size_t length = prev->second;
          forget (prev_start, length);
          start = prev_start;
          n += length;
        }
    }
  kept_.emplace (start, n);
  kept_by_size_.emplace (n, start);
  kept_bytes_ += n;
}

/* Removes the kept range [@start, @start + @n) from both indexes. */
void
FtCpuAllocator::forget (uintptr_t start, size_t n)
{
  kept_.erase (start);
  auto range = kept_by_size_.equal_range (n);
  for (auto it = range.first; it != range.second; ++it)
    if (it->second == start)
      {
        kept_by_size_.erase (it);
        break;
      }
  kept_bytes_ -= n;
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
            allocator.keep (uintptr_t (p), n);
          }
        catch (const std::bad_alloc &)
          {
            munmap (p, n);
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
  for (const auto &[start, length] : kept_)
    munmap ((void *) start, length);
  kept_.clear ();
  kept_by_size_.clear ();
  kept_bytes_ = 0;
  peak_ = live_;
  mapped_ = 0;
}

FtTorchMemory
FtCpuAllocator::stats ()
{
  std::lock_guard<std::mutex> guard (lock_);
  return { live_, kept_bytes_, peak_, mapped_ };
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
