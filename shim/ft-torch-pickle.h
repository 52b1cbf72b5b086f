/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ft-torch-resnet.h"

/* A problem with a weights file, said as a sentence fragment without the path.  The names it
 * quotes come from the file, so the text is made one line of valid UTF-8 of bounded length. */
struct FtLoadError : std::runtime_error
{
  explicit FtLoadError (const std::string &what);
};

/* A tensor of a weights file before its data is read: a view of one of its storages. */
struct FtFileTensor
{
  std::string storage; /* the key of its record, data/<key> */
  at::ScalarType dtype;
  int64_t storage_numel;
  int64_t offset;
  std::vector<int64_t> sizes, strides;
};

using FtFileEntries = std::vector<std::pair<std::string, FtFileTensor> >;

class FtZipArchive;

/*
 * The state dict that torch.save() (a dict or OrderedDict of tensors, _metadata included) or
 * ft_torch_model_save() wrote.  Opening reads the zip's directory and the pickle alone; tensor
 * data is read only on request, after its views and size have been checked.  Throws
 * FtLoadError.
 */
class FtWeightsFile
{
public:
  explicit FtWeightsFile (const std::string &path);
  ~FtWeightsFile ();

  /* The file's entries, in file order. */
  const FtFileEntries &entries () const
  {
    return entries_;
  }
  /* Reads @tensors as contiguous CPU tensors that own their memory, in that order.  Throws
   * before allocating anything when a view overlaps itself or when their storages come to more
   * than @budget bytes. */
  std::vector<torch::Tensor> read (const std::vector<const FtFileEntries::value_type *> &tensors,
                                   uint64_t budget) const;

private:
  std::unique_ptr<FtZipArchive> zip_;
  FtFileEntries entries_;
};
