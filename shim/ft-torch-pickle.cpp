/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-pickle.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include "ft-torch-unpickler.h"
#include "ft-torch-zip.h"

namespace
{

/* ResNet-18's pickle is 15 KB; each byte can make a value of some 200 bytes. */
constexpr uint64_t max_pickle = 256u << 10;

std::string
first_bytes (const std::string &path, size_t n)
{
  std::ifstream f (path, std::ios::binary);
  std::string s (n, '\0');
  f.read (&s[0], n);
  s.resize (size_t (f.gcount ()));
  return s;
}

std::unique_ptr<FtZipArchive>
open_archive (const std::string &path)
{
  struct stat st;
  if (stat (path.c_str (), &st) != 0)
    throw FtLoadError (strerror (errno));
  if (S_ISDIR (st.st_mode))
    throw FtLoadError ("it is a folder, not a file");
  if (!S_ISREG (st.st_mode))
    throw FtLoadError ("it is not a regular file");
  if (st.st_size == 0)
    throw FtLoadError ("the file is empty");
  std::string head = first_bytes (path, 4);
  if (head.size () >= 2 && uint8_t (head[0]) == 0x80 && uint8_t (head[1]) <= 5)
    throw FtLoadError ("it is a torch.save file of the legacy (before PyTorch 1.6) format; "
                       "save it again with a recent PyTorch");
  if (head.compare (0, 2, "PK") != 0)
    throw FtLoadError ("it is not a PyTorch weights file (a torch.save zip archive)");
  return std::make_unique<FtZipArchive> (path);
}

FtFileEntries
to_entries (const FtPyValue &root)
{
  if (root.kind != FtPyKind::DICT)
    throw FtLoadError ("the pickle holds no dict of tensors");
  FtFileEntries out;
  for (const auto &[key, value] : root.dict)
    {
      if (key->kind != FtPyKind::STR)
        throw FtLoadError ("the dict in the pickle has a key that is not a string");
      if (value->kind != FtPyKind::TENSOR)
        throw FtLoadError ("the entry " + key->str + " is not a tensor");
      const FtPyValue &storage = *value->items[0];
      out.emplace_back (key->str, FtFileTensor{ storage.str, storage.dtype, storage.i, value->i,
                                                value->sizes, value->strides });
    }
  return out;
}

/* Refuses a view two of whose elements are one: each stride, smallest first, must step over
 * the whole of the dimensions below it.  Stride 0 on a dimension of more than one is such. */
void
check_view (const std::string &key, const FtFileTensor &t)
{
  std::vector<size_t> dims;
  for (size_t d = 0; d < t.sizes.size (); d++)
    {
      if (t.sizes[d] == 0)
        return;
      if (t.sizes[d] > 1)
        dims.push_back (d);
    }
  std::sort (dims.begin (), dims.end (),
             [&] (size_t a, size_t b) { return t.strides[a] < t.strides[b]; });
  int64_t span = 1; /* elements one step of the next dimension must clear */
  for (size_t d : dims)
    {
      if (t.strides[d] < span)
        throw FtLoadError ("the entry " + key
                           + " is a view whose elements overlap (a stride is too small)");
      if (__builtin_mul_overflow (t.strides[d], t.sizes[d], &span))
        span = INT64_MAX; /* nothing can step over it: a further dimension is refused */
    }
}

} // namespace

FtWeightsFile::FtWeightsFile (const std::string &path) : zip_ (open_archive (path))
{
  if (zip_->has ("byteorder"))
    {
      if (zip_->size ("byteorder") > 16)
        throw FtLoadError ("the archive's record byteorder is corrupt");
      std::string order (size_t (zip_->size ("byteorder")), '\0');
      zip_->read ("byteorder", &order[0]);
      if (order != "little")
        throw FtLoadError ("the file was written on a big-endian machine");
    }
  uint64_t size = zip_->size ("data.pkl");
  if (size > max_pickle)
    throw FtLoadError ("its pickle has " + std::to_string (size)
                       + " bytes, more than a state dict of ResNet-18 needs");
  std::vector<uint8_t> pickle (size);
  zip_->read ("data.pkl", pickle.data ());
  FtPyRef root = ft_torch_unpickle (pickle.data (), pickle.size ());
  entries_ = to_entries (*root);
}

FtWeightsFile::~FtWeightsFile () = default;

std::vector<torch::Tensor>
FtWeightsFile::read (const std::vector<const FtFileEntries::value_type *> &tensors,
                     uint64_t budget) const
{
  /* Every check first, so that a bad file costs no memory. */
  std::map<std::string, const FtFileTensor *> storages;
  uint64_t total = 0;
  for (const auto *entry : tensors)
    {
      const auto &[key, t] = *entry;
      check_view (key, t);
      auto [it, added] = storages.emplace (t.storage, &t);
      if (!added)
        {
          if (it->second->dtype != t.dtype || it->second->storage_numel != t.storage_numel)
            throw FtLoadError ("the storage " + t.storage + " is given two types or sizes");
          continue;
        }
      uint64_t item = c10::elementSize (t.dtype), bytes;
      if (__builtin_mul_overflow (uint64_t (t.storage_numel), item, &bytes)
          || zip_->size ("data/" + t.storage) != bytes)
        throw FtLoadError ("the archive's record data/" + t.storage + " has "
                           + std::to_string (zip_->size ("data/" + t.storage)) + " bytes, not the "
                           + std::to_string (t.storage_numel) + " elements its tensor needs");
      if (__builtin_add_overflow (total, bytes, &total) || total > budget)
        throw FtLoadError ("its tensors' data comes to more than " + std::to_string (budget)
                           + " bytes, more than the model needs");
    }
  std::map<std::string, torch::Tensor> read;
  for (const auto &[name, t] : storages)
    {
      auto storage = torch::empty ({ t->storage_numel }, torch::TensorOptions ().dtype (t->dtype));
      if (t->storage_numel > 0)
        zip_->read ("data/" + name, storage.data_ptr ());
      read.emplace (name, storage);
    }
  std::vector<torch::Tensor> out;
  for (const auto *entry : tensors)
    {
      const FtFileTensor &t = entry->second;
      const torch::Tensor &storage = read.at (t.storage);
      bool empty = std::find (t.sizes.begin (), t.sizes.end (), 0) != t.sizes.end ();
      out.push_back (empty ? torch::empty (t.sizes, storage.options ())
                           : storage.as_strided (t.sizes, t.strides, t.offset).contiguous ());
    }
  return out;
}
