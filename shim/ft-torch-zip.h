/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

/*
 * The zip archive torch.save() writes, read without libtorch's reader: its central directory
 * is checked whole when it opens (every record stored, not compressed, and lying inside the
 * file), so that nothing is allocated at a size a header merely claims.  Throws FtLoadError.
 */
class FtZipArchive
{
public:
  explicit FtZipArchive (const std::string &path);
  ~FtZipArchive ();
  FtZipArchive (const FtZipArchive &) = delete;
  FtZipArchive &operator= (const FtZipArchive &) = delete;

  /* Whether the archive holds <archive>/@name. */
  bool has (const std::string &name) const;
  /* The size in bytes of <archive>/@name; throws when it is absent. */
  uint64_t size (const std::string &name) const;
  /* Reads <archive>/@name, size(@name) bytes, into @dest and checks its CRC. */
  void read (const std::string &name, void *dest) const;

private:
  struct Record
  {
    uint64_t offset; /* of its local header */
    uint64_t size;
    uint32_t crc;
  };

  int fd_ = -1;
  uint64_t file_size_ = 0;
  std::string prefix_; /* "archive/": the folder every record lies in */
  std::map<std::string, Record> records_;

  void read_at (uint64_t offset, void *dest, size_t n) const;
  void read_directory ();
  const Record &find (const std::string &name) const;
};
