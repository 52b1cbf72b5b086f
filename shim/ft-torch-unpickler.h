/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <torch/types.h>

/* The few Python values a torch.save() state dict is made of. */
struct FtPyValue;
using FtPyRef = std::shared_ptr<FtPyValue>;

enum class FtPyKind
{
  NONE,
  BOOL,
  INT,
  FLOAT,
  STR,
  TUPLE,
  LIST,
  DICT,
  GLOBAL, /* str holds "module.name" */
  TENSOR, /* a tensor, or a storage as a 1-D tensor */
};

struct FtPyValue
{
  FtPyKind kind = FtPyKind::NONE;
  int64_t i = 0;
  double f = 0.0;
  std::string str;
  std::vector<FtPyRef> items;
  std::vector<std::pair<FtPyRef, FtPyRef> > dict;
  torch::Tensor tensor;
  int depth = 0; /* nesting, bounded so that freeing never recurses deeply */
};

FtPyRef ft_py_new (FtPyKind kind);
FtPyRef ft_py_int (int64_t i);
FtPyRef ft_py_str (std::string s, FtPyKind kind = FtPyKind::STR);
FtPyRef ft_py_tuple (std::vector<FtPyRef> items);
/* Records that @parent now holds @child; throws when values nest too deeply. */
void ft_py_nest (FtPyValue &parent, const FtPyRef &child);
/* torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...), every bound checked. */
FtPyRef ft_py_rebuild_tensor (const std::vector<FtPyRef> &args);

/* Turns the persistent id of a storage, a tuple, into a 1-D tensor; throws on a bad id. */
using FtPersistentLoad = std::function<torch::Tensor (const FtPyValue &pid)>;

/* Interprets the pickle opcodes torch.save() emits, checking every bound; anything else,
 * or any inconsistency, throws FtLoadError. */
FtPyRef ft_torch_unpickle (const uint8_t *data, size_t size, const FtPersistentLoad &persistent);
