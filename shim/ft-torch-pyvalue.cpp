/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <algorithm>
#include <map>

#include "ft-torch-pickle.h"
#include "ft-torch-unpickler.h"

namespace
{

/* Moves @v's children onto @todo. */
void
take_children (FtPyValue &v, std::vector<FtPyRef> &todo)
{
  for (auto &item : v.items)
    todo.push_back (std::move (item));
  v.items.clear ();
  for (auto &[key, value] : v.dict)
    {
      todo.push_back (std::move (key));
      todo.push_back (std::move (value));
    }
  v.dict.clear ();
}

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

} // namespace

/* A child whose last owner is this value gives up its own children first, so that a chain
 * of any length is freed in a loop. */
FtPyValue::~FtPyValue ()
{
  if (items.empty () && dict.empty ())
    return;
  std::vector<FtPyRef> todo;
  take_children (*this, todo);
  while (!todo.empty ())
    {
      FtPyRef v = std::move (todo.back ());
      todo.pop_back ();
      if (v && v.use_count () == 1)
        take_children (*v, todo);
    }
}

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

/* Records that @parent now holds @child.  A held container never changes again, so the
 * depth counted here stays true however the container is reached later (the memo included),
 * and no container can come to hold itself, directly or through others. */
void
ft_py_nest (FtPyValue &parent, const FtPyRef &child)
{
  if (child.get () == &parent)
    throw FtLoadError ("the pickle holds a container that holds itself");
  if (child->depth >= 32)
    throw FtLoadError ("the pickle nests values too deeply");
  child->nested = true;
  parent.depth = std::max (parent.depth, child->depth + 1);
}

void
ft_py_check_open (const FtPyValue &container)
{
  if (container.nested)
    throw FtLoadError ("the pickle changes a container after placing it in another, "
                       "which torch.save never does");
}

FtPyRef
ft_py_storage (const FtPyValue &pid)
{
  const auto &p = pid.items;
  if (pid.kind != FtPyKind::TUPLE || p.size () != 5 || p[0]->kind != FtPyKind::STR
      || p[0]->str != "storage" || p[1]->kind != FtPyKind::GLOBAL || p[2]->kind != FtPyKind::STR
      || p[4]->kind != FtPyKind::INT || p[4]->i < 0)
    throw FtLoadError ("the pickle refers to its tensor data in an unknown way");
  auto v = ft_py_str (p[2]->str, FtPyKind::STORAGE);
  v->dtype = storage_dtype (p[1]->str);
  v->i = p[4]->i;
  return v;
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
  if (a.size () < 6 || a.size () > 7 || a[0]->kind != FtPyKind::STORAGE
      || a[1]->kind != FtPyKind::INT || a[2]->kind != FtPyKind::TUPLE
      || a[3]->kind != FtPyKind::TUPLE || a[2]->items.size () != a[3]->items.size ()
      || a[2]->items.size () > 16)
    throw FtLoadError ("a tensor in the pickle is malformed");
  auto v = ft_py_new (FtPyKind::TENSOR);
  int64_t last = a[1]->i; /* highest element index used */
  bool empty = false;
  for (size_t d = 0; d < a[2]->items.size (); d++)
    {
      const FtPyRef &n = a[2]->items[d], &s = a[3]->items[d];
      if (n->kind != FtPyKind::INT || s->kind != FtPyKind::INT || n->i < 0 || s->i < 0)
        throw FtLoadError ("a tensor in the pickle has a malformed shape");
      v->sizes.push_back (n->i);
      v->strides.push_back (s->i);
      empty = empty || n->i == 0;
      int64_t span;
      if (n->i > 0
          && (__builtin_mul_overflow (n->i - 1, s->i, &span)
              || __builtin_add_overflow (last, span, &last)))
        throw FtLoadError ("a tensor in the pickle has a malformed shape");
    }
  if (a[1]->i < 0 || (!empty && last >= a[0]->i))
    throw FtLoadError ("a tensor in the pickle reaches beyond its storage");
  v->i = a[1]->i;
  v->items.push_back (a[0]);
  return v;
}
