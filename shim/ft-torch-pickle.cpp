/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-pickle.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include <caffe2/serialize/inline_container.h>

#include "ft-torch-unpickler.h"

namespace
{

using Reader = caffe2::serialize::PyTorchStreamReader;

/* torch.<Name>Storage -> dtype */
at::ScalarType
storage_dtype (const std::string &type)
{
  static const std::map<std::string, at::ScalarType> types = {
    { "torch.FloatStorage", at::kFloat }, { "torch.DoubleStorage", at::kDouble },
    { "torch.HalfStorage", at::kHalf },   { "torch.BFloat16Storage", at::kBFloat16 },
    { "torch.LongStorage", at::kLong },   { "torch.IntStorage", at::kInt },
    { "torch.ShortStorage", at::kShort }, { "torch.CharStorage", at::kChar },
    { "torch.ByteStorage", at::kByte },   { "torch.BoolStorage", at::kBool },
  };
  auto it = types.find (type);
  if (it == types.end ())
    throw FtLoadError ("the file holds a storage of unsupported type " + type);
  return it->second;
}

std::tuple<at::DataPtr, size_t>
record (Reader &reader, const std::string &name)
{
  if (!reader.hasRecord (name))
    throw FtLoadError ("the archive lacks its record " + name);
  try
    {
      return reader.getRecord (name);
    }
  catch (const c10::Error &)
    {
      throw FtLoadError ("the archive's record " + name + " is corrupt");
    }
}

/* A storage's persistent id: ('storage', torch.FloatStorage, key, location, numel). */
torch::Tensor
load_storage (Reader &reader, std::map<std::string, torch::Tensor> &cache, const FtPyValue &pid)
{
  const auto &p = pid.items;
  if (pid.kind != FtPyKind::TUPLE || p.size () != 5 || p[0]->kind != FtPyKind::STR
      || p[0]->str != "storage" || p[1]->kind != FtPyKind::GLOBAL || p[2]->kind != FtPyKind::STR
      || p[4]->kind != FtPyKind::INT || p[4]->i < 0)
    throw FtLoadError ("the pickle refers to its tensor data in an unknown way");
  auto cached = cache.find (p[2]->str);
  if (cached != cache.end ())
    return cached->second;
  at::ScalarType dtype = storage_dtype (p[1]->str);
  std::string name = "data/" + p[2]->str;
  auto [data, size] = record (reader, name);
  int64_t numel = p[4]->i;
  size_t item = c10::elementSize (dtype);
  if (size_t (numel) > SIZE_MAX / item || size != size_t (numel) * item)
    throw FtLoadError ("the archive's record " + name + " has " + std::to_string (size)
                       + " bytes, not the " + std::to_string (numel)
                       + " elements its tensor needs");
  auto storage = torch::empty ({ numel }, torch::TensorOptions ().dtype (dtype));
  if (size > 0)
    memcpy (storage.data_ptr (), data.get (), size);
  cache.emplace (p[2]->str, storage);
  return storage;
}

std::string
first_bytes (const std::string &path, size_t n)
{
  std::ifstream f (path, std::ios::binary);
  std::string s (n, '\0');
  f.read (&s[0], n);
  s.resize (size_t (f.gcount ()));
  return s;
}

std::unique_ptr<Reader>
open_archive (const std::string &path)
{
  struct stat st;
  if (stat (path.c_str (), &st) != 0)
    throw FtLoadError (strerror (errno));
  if (S_ISDIR (st.st_mode))
    throw FtLoadError ("it is a folder, not a file");
  if (st.st_size == 0)
    throw FtLoadError ("the file is empty");
  std::string head = first_bytes (path, 4);
  try
    {
      return std::make_unique<Reader> (path);
    }
  catch (const c10::Error &)
    {
      if (head.compare (0, 2, "PK") == 0)
        throw FtLoadError ("the zip archive is truncated or corrupt");
      if (head.size () >= 2 && uint8_t (head[0]) == 0x80 && uint8_t (head[1]) <= 5)
        throw FtLoadError ("it is a torch.save file of the legacy (before PyTorch 1.6) format; "
                           "save it again with a recent PyTorch");
      throw FtLoadError ("it is not a PyTorch weights file (a torch.save zip archive)");
    }
}

FtNamedTensors
to_state_dict (const FtPyRef &root)
{
  if (root->kind != FtPyKind::DICT)
    throw FtLoadError ("the pickle holds no dict of tensors");
  FtNamedTensors out;
  for (const auto &[key, value] : root->dict)
    {
      if (key->kind != FtPyKind::STR)
        throw FtLoadError ("the dict in the pickle has a key that is not a string");
      if (value->kind != FtPyKind::TENSOR)
        throw FtLoadError ("the entry " + key->str + " is not a tensor");
      out.emplace_back (key->str, value->tensor.contiguous ());
    }
  return out;
}

} // namespace

FtNamedTensors
ft_torch_read_state_dict (const std::string &path)
{
  auto reader = open_archive (path);
  if (reader->hasRecord ("byteorder"))
    {
      auto [data, size] = record (*reader, "byteorder");
      if (std::string (static_cast<const char *> (data.get ()), size) != "little")
        throw FtLoadError ("the file was written on a big-endian machine");
    }
  auto [pickle, size] = record (*reader, "data.pkl");
  std::map<std::string, torch::Tensor> storages;
  auto persistent = [&] (const FtPyValue &pid) { return load_storage (*reader, storages, pid); };
  FtPyRef root = ft_torch_unpickle (static_cast<const uint8_t *> (pickle.get ()), size, persistent);
  return to_state_dict (root);
}
