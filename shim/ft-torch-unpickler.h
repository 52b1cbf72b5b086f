/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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
  GLOBAL,  /* str holds "module.name" */
  STORAGE, /* a storage record, not read: str holds its key, i its numel, dtype its type */
  TENSOR,  /* a view of items[0], a STORAGE: i holds its offset */
};

struct FtPyValue
{
  FtPyKind kind = FtPyKind::NONE;
  int64_t i = 0;
  double f = 0.0;
  std::string str;
  std::vector<FtPyRef> items;
  std::vector<std::pair<FtPyRef, FtPyRef> > dict;
  at::ScalarType dtype = at::kFloat;
  std::vector<int64_t> sizes, strides;
  int depth = 0;       /* nesting, bounded */
  bool nested = false; /* held by a container, so it may no longer change */

  FtPyValue () = default;
  FtPyValue (const FtPyValue &) = delete;
  FtPyValue &operator= (const FtPyValue &) = delete;
  /* Frees its children with an explicit stack, never recursing. */
  ~FtPyValue ();
};

FtPyRef ft_py_new (FtPyKind kind);
FtPyRef ft_py_int (int64_t i);
FtPyRef ft_py_str (std::string s, FtPyKind kind = FtPyKind::STR);
FtPyRef ft_py_tuple (std::vector<FtPyRef> items);
/* Records that @parent now holds @child; throws when values nest too deeply or @child is
 * @parent.  @child may no longer change, so that every depth stays what it was when counted. */
void ft_py_nest (FtPyValue &parent, const FtPyRef &child);
/* Throws unless @container may still change (it is held by no other). */
void ft_py_check_open (const FtPyValue &container);
/* The storage a persistent id names: ('storage', torch.FloatStorage, key, location, numel). */
FtPyRef ft_py_storage (const FtPyValue &pid);
/* torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...), every bound checked. */
FtPyRef ft_py_rebuild_tensor (const std::vector<FtPyRef> &args);

/* Interprets the pickle opcodes torch.save() emits, checking every bound; anything else,
 * or any inconsistency, throws FtLoadError. */
FtPyRef ft_torch_unpickle (const uint8_t *data, size_t size);
