/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <algorithm>

#include "ft-torch-pickle.h"
#include "ft-torch-unpickler.h"

FtPyRef
ft_py_new (FtPyKind kind)
{
  auto v = std::make_shared<FtPyValue> ();
  v->kind = kind;
  return v;
}

FtPyRef
ft_py_int (int64_t i)
{
  auto v = ft_py_new (FtPyKind::INT);
  v->i = i;
  return v;
}

FtPyRef
ft_py_str (std::string s, FtPyKind kind)
{
  auto v = ft_py_new (kind);
  v->str = std::move (s);
  return v;
}

/* Records that @parent now holds @child. */
void
ft_py_nest (FtPyValue &parent, const FtPyRef &child)
{
  if (child->depth >= 32)
    throw FtLoadError ("the pickle nests values too deeply");
  parent.depth = std::max (parent.depth, child->depth + 1);
}

FtPyRef
ft_py_tuple (std::vector<FtPyRef> items)
{
  auto v = ft_py_new (FtPyKind::TUPLE);
  for (const auto &item : items)
    ft_py_nest (*v, item);
  v->items = std::move (items);
  return v;
}

FtPyRef
ft_py_rebuild_tensor (const std::vector<FtPyRef> &a)
{
  if (a.size () < 6 || a.size () > 7 || a[0]->kind != FtPyKind::TENSOR
      || a[1]->kind != FtPyKind::INT || a[2]->kind != FtPyKind::TUPLE
      || a[3]->kind != FtPyKind::TUPLE || a[2]->items.size () != a[3]->items.size ()
      || a[2]->items.size () > 16)
    throw FtLoadError ("a tensor in the pickle is malformed");
  const torch::Tensor &storage = a[0]->tensor;
  std::vector<int64_t> size, stride;
  int64_t last = a[1]->i; /* highest element index used */
  bool empty = false;
  for (size_t d = 0; d < a[2]->items.size (); d++)
    {
      const FtPyRef &n = a[2]->items[d], &s = a[3]->items[d];
      if (n->kind != FtPyKind::INT || s->kind != FtPyKind::INT || n->i < 0 || s->i < 0)
        throw FtLoadError ("a tensor in the pickle has a malformed shape");
      size.push_back (n->i);
      stride.push_back (s->i);
      empty = empty || n->i == 0;
      int64_t span;
      if (n->i > 0
          && (__builtin_mul_overflow (n->i - 1, s->i, &span)
              || __builtin_add_overflow (last, span, &last)))
        throw FtLoadError ("a tensor in the pickle has a malformed shape");
    }
  if (a[1]->i < 0 || (!empty && last >= storage.numel ()))
    throw FtLoadError ("a tensor in the pickle reaches beyond its storage");
  auto v = ft_py_new (FtPyKind::TENSOR);
  v->tensor
    = empty ? torch::empty (size, storage.options ()) : storage.as_strided (size, stride, a[1]->i);
  return v;
}
