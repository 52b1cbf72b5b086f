/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-zip.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <isa-l/crc.h>

#include "ft-torch-pickle.h"

namespace
{

/* A central directory this large is no torch.save file's (ResNet-18's is 9 KB). */
constexpr uint64_t max_directory = 4u << 20;

[[noreturn]] void
corrupt (const std::string &why)
{
  throw FtLoadError ("the zip archive is truncated or corrupt (" + why + ")");
}

uint64_t
le (const uint8_t *p, size_t n)
{
  uint64_t v = 0;
  for (size_t k = 0; k < n; k++)
    v |= uint64_t (p[k]) << (8 * k);
  return v;
}

/* Bounds-checked little-endian fields of a buffer. */
struct Fields
{
  const uint8_t *data;
  size_t size;
  size_t pos = 0;

  uint64_t take (size_t n)
  {
    if (n > size - pos)
      corrupt ("its central directory is cut short");
    uint64_t v = le (data + pos, n);
    pos += n;
    return v;
  }
  std::string bytes (size_t n)
  {
    if (n > size - pos)
      corrupt ("its central directory is cut short");
    std::string s (reinterpret_cast<const char *> (data + pos), n);
    pos += n;
    return s;
  }
};

/* Applies a ZIP64 extra field (id 1) to the fields that said 0xffffffff. */
void
zip64_extra (const std::string &extra, uint64_t &size, uint64_t &comp, uint64_t &offset)
{
  Fields f{ reinterpret_cast<const uint8_t *> (extra.data ()), extra.size () };
  while (f.size - f.pos >= 4)
    {
      uint64_t id = f.take (2), n = f.take (2);
      if (n > f.size - f.pos)
        corrupt ("a record's extra field is cut short");
      if (id != 1)
        {
          f.pos += n;
          continue;
        }
      Fields z{ f.data + f.pos, size_t (n) };
      if (size == 0xffffffff)
        size = z.take (8);
      if (comp == 0xffffffff)
        comp = z.take (8);
      if (offset == 0xffffffff)
        offset = z.take (8);
      return;
    }
}

} // namespace

FtZipArchive::FtZipArchive (const std::string &path)
{
  fd_ = open (path.c_str (), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw FtLoadError (strerror (errno));
  off_t end = lseek (fd_, 0, SEEK_END);
  if (end < 0)
    {
      close (fd_);
      throw FtLoadError (strerror (errno));
    }
  file_size_ = uint64_t (end);
  try
    {
      read_directory ();
    }
  catch (...)
    {
      close (fd_);
      throw;
    }
}

FtZipArchive::~FtZipArchive ()
{
  close (fd_);
}

void
FtZipArchive::read_at (uint64_t offset, void *dest, size_t n) const
{
  if (offset > file_size_ || n > file_size_ - offset)
    corrupt ("a part lies beyond its end");
  auto *p = static_cast<uint8_t *> (dest);
  while (n > 0)
    {
      ssize_t got = pread (fd_, p, n, off_t (offset));
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        throw FtLoadError (strerror (errno));
      if (got == 0)
        corrupt ("it ends early");
      p += got;
      offset += uint64_t (got);
      n -= size_t (got);
    }
}

void
FtZipArchive::read_directory ()
{
  /* The end record: 22 bytes and a comment of at most 65535. */
  size_t tail_size = size_t (std::min<uint64_t> (file_size_, 22 + 65535));
  std::vector<uint8_t> tail (tail_size);
  read_at (file_size_ - tail_size, tail.data (), tail_size);
  size_t eocd = SIZE_MAX;
  for (size_t k = tail_size >= 22 ? tail_size - 22 + 1 : 0; k-- > 0;)
    if (le (&tail[k], 4) == 0x06054b50 && k + 22 + le (&tail[k + 20], 2) == tail_size)
      {
        eocd = k;
        break;
      }
  if (eocd == SIZE_MAX)
    corrupt ("it has no end record");
  uint64_t eocd_at = file_size_ - tail_size + eocd;
  uint64_t count = le (&tail[eocd + 10], 2), dir_size = le (&tail[eocd + 12], 4),
           dir_at = le (&tail[eocd + 16], 4);
  if (count == 0xffff || dir_size == 0xffffffff || dir_at == 0xffffffff)
    {
      if (eocd < 20 || le (&tail[eocd - 20], 4) != 0x07064b50)
        corrupt ("its ZIP64 end record is missing");
      uint8_t z[56];
      uint64_t z_at = le (&tail[eocd - 12], 8);
      if (z_at > eocd_at)
        corrupt ("its ZIP64 end record lies beyond its end");
      read_at (z_at, z, sizeof z);
      if (le (z, 4) != 0x06064b50)
        corrupt ("its ZIP64 end record is missing");
      count = le (z + 32, 8);
      dir_size = le (z + 40, 8);
      dir_at = le (z + 48, 8);
      eocd_at = z_at;
    }
  if (dir_size > max_directory || dir_at > eocd_at || dir_size > eocd_at - dir_at
      || count > dir_size / 46)
    corrupt ("its central directory does not fit");
  std::vector<uint8_t> dir (dir_size);
  read_at (dir_at, dir.data (), dir_size);
  Fields f{ dir.data (), dir.size () };
  for (uint64_t k = 0; k < count; k++)
    {
      if (f.take (4) != 0x02014b50)
        corrupt ("its central directory is damaged");
      f.take (4); /* versions */
      uint64_t flags = f.take (2), method = f.take (2);
      f.take (4); /* time, date */
      uint64_t crc = f.take (4), comp = f.take (4), size = f.take (4);
      uint64_t name_len = f.take (2), extra_len = f.take (2), comment_len = f.take (2);
      f.take (8); /* disk, attributes */
      uint64_t offset = f.take (4);
      std::string name = f.bytes (name_len);
      zip64_extra (f.bytes (extra_len), size, comp, offset);
      f.bytes (comment_len);
      if (k == 0)
        {
          size_t slash = name.find ('/');
          if (slash == std::string::npos || slash == 0)
            corrupt ("its records lie in no folder");
          prefix_ = name.substr (0, slash + 1);
        }
      if (name.compare (0, prefix_.size (), prefix_) != 0)
        corrupt ("its records lie in more than one folder");
      std::string key = name.substr (prefix_.size ());
      if (flags & 1)
        throw FtLoadError ("the archive's record " + key + " is encrypted");
      if (method != 0)
        throw FtLoadError ("the archive's record " + key
                           + " is compressed, which torch.save never does");
      if (comp != size)
        corrupt ("the record " + name + " has two sizes");
      /* The local header: its name must agree, and the data must end before the directory. */
      uint8_t local[30];
      if (offset > dir_at)
        corrupt ("the record " + name + " lies beyond its end");
      read_at (offset, local, sizeof local);
      uint64_t local_name = le (local + 26, 2), local_extra = le (local + 28, 2);
      if (le (local, 4) != 0x04034b50 || local_name != name_len)
        corrupt ("the record " + name + " has a damaged header");
      std::string check (name_len, '\0');
      read_at (offset + 30, &check[0], name_len);
      uint64_t data_at = offset + 30 + local_name + local_extra;
      if (check != name || data_at > dir_at || size > dir_at - data_at)
        corrupt ("the record " + name + " does not fit");
      if (!records_.emplace (key, Record{ data_at, size, uint32_t (crc) }).second)
        corrupt ("the record " + name + " appears twice");
    }
}

const FtZipArchive::Record &
FtZipArchive::find (const std::string &name) const
{
  auto it = records_.find (name);
  if (it == records_.end ())
    throw FtLoadError ("the archive lacks its record " + name);
  return it->second;
}

bool
FtZipArchive::has (const std::string &name) const
{
  return records_.count (name) > 0;
}

uint64_t
FtZipArchive::size (const std::string &name) const
{
  return find (name).size;
}

void
FtZipArchive::read (const std::string &name, void *dest) const
{
  const Record &r = find (name);
  read_at (r.offset, dest, size_t (r.size));
  uint32_t crc = 0;
  const auto *p = static_cast<const uint8_t *> (dest);
  for (uint64_t done = 0; done < r.size;)
    {
      uint64_t n = std::min<uint64_t> (r.size - done, 1u << 30);
      crc = crc32_gzip_refl (crc, p + done, n);
      done += n;
    }
  if (crc != r.crc)
    throw FtLoadError ("the archive's record " + name + " is corrupt (its checksum is wrong)");
}
