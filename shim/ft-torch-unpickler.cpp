/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-unpickler.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "ft-torch-pickle.h"

namespace
{

class Unpickler
{
public:
  Unpickler (const uint8_t *data, size_t size) : data_ (data), size_ (size)
  {
  }

  FtPyRef run ();

private:
  const uint8_t *data_;
  size_t size_;
  size_t pos_ = 0;
  std::vector<FtPyRef> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint32_t, FtPyRef> memo_;

  [[noreturn]] static void fail (const std::string &what)
  {
    throw FtLoadError (what);
  }

  const uint8_t *take (size_t n);
  uint64_t uint_le (size_t n);
  std::string line ();
  void push (FtPyRef v)
  {
    stack_.push_back (std::move (v));
  }
  FtPyRef pop ();
  FtPyRef &top ();
  std::vector<FtPyRef> pop_mark ();
  bool step (uint8_t op);
  void op_global (std::string module, std::string name);
  void op_reduce ();
  void op_build ();
  void op_setitems (std::vector<FtPyRef> kv, FtPyRef &dict);
  void memo_get (uint32_t index);
  void memo_put (uint32_t index);
};

const uint8_t *
Unpickler::take (size_t n)
{
  if (n > size_ - pos_)
    fail ("the pickle is truncated");
  const uint8_t *p = data_ + pos_;
  pos_ += n;
  return p;
}

uint64_t
Unpickler::uint_le (size_t n)
{
  const uint8_t *p = take (n);
  uint64_t v = 0;
  for (size_t k = 0; k < n; k++)
    v |= uint64_t (p[k]) << (8 * k);
  return v;
}

std::string
Unpickler::line ()
{
  const void *nl = memchr (data_ + pos_, '\n', size_ - pos_);
  if (!nl)
    fail ("the pickle is truncated");
  size_t n = static_cast<const uint8_t *> (nl) - (data_ + pos_);
  std::string s (reinterpret_cast<const char *> (take (n)), n);
  take (1);
  return s;
}

FtPyRef
Unpickler::pop ()
{
  if (stack_.empty () || (!marks_.empty () && stack_.size () <= marks_.back ()))
    fail ("the pickle is corrupt (stack underflow)");
  FtPyRef v = std::move (stack_.back ());
  stack_.pop_back ();
  return v;
}

FtPyRef &
Unpickler::top ()
{
  if (stack_.empty () || (!marks_.empty () && stack_.size () <= marks_.back ()))
    fail ("the pickle is corrupt (stack underflow)");
  return stack_.back ();
}

std::vector<FtPyRef>
Unpickler::pop_mark ()
{
  if (marks_.empty ())
    fail ("the pickle is corrupt (no mark)");
  size_t m = marks_.back ();
  marks_.pop_back ();
  std::vector<FtPyRef> items (std::make_move_iterator (stack_.begin () + m),
                              std::make_move_iterator (stack_.end ()));
  stack_.resize (m);
  return items;
}

void
Unpickler::memo_get (uint32_t index)
{
  auto it = memo_.find (index);
  if (it == memo_.end ())
    fail ("the pickle is corrupt (unknown memo entry)");
  push (it->second);
}

void
Unpickler::memo_put (uint32_t index)
{
  memo_[index] = top ();
}

void
Unpickler::op_global (std::string module, std::string name)
{
  static const char *const known[] = {
    "collections.OrderedDict",
    "torch._utils._rebuild_tensor_v2",
    "torch.jit._pickle.restore_type_tag",
  };
  std::string full = module + "." + name;
  bool ok
    = module == "torch" && name.size () > 7 && name.compare (name.size () - 7, 7, "Storage") == 0;
  for (const char *k : known)
    ok = ok || full == k;
  if (!ok)
    fail ("the pickle refers to " + full + ", which a state dict does not hold");
  push (ft_py_str (full, FtPyKind::GLOBAL));
}

void
Unpickler::op_reduce ()
{
  FtPyRef args = pop ();
  FtPyRef callable = pop ();
  if (callable->kind != FtPyKind::GLOBAL || args->kind != FtPyKind::TUPLE)
    fail ("the pickle is corrupt (bad reduce)");
  const std::string &f = callable->str;
  if (f == "collections.OrderedDict" && args->items.empty ())
    push (ft_py_new (FtPyKind::DICT));
  else if (f == "torch._utils._rebuild_tensor_v2")
    push (ft_py_rebuild_tensor (args->items));
  else if (f == "torch.jit._pickle.restore_type_tag" && args->items.size () == 2)
    push (args->items[0]);
  else
    fail ("the pickle calls " + f + " in a way a state dict does not");
}

void
Unpickler::op_build ()
{
  FtPyRef state = pop ();
  /* OrderedDict's state holds _metadata (module versions), which loading does not need. */
  if (top ()->kind != FtPyKind::DICT || state->kind != FtPyKind::DICT)
    fail ("the pickle is corrupt (bad build)");
}

void
Unpickler::op_setitems (std::vector<FtPyRef> kv, FtPyRef &dict)
{
  if (dict->kind != FtPyKind::DICT || kv.size () % 2 != 0)
    fail ("the pickle is corrupt (bad dict)");
  ft_py_check_open (*dict);
  for (size_t k = 0; k < kv.size (); k += 2)
    {
      ft_py_nest (*dict, kv[k]);
      ft_py_nest (*dict, kv[k + 1]);
      dict->dict.emplace_back (kv[k], kv[k + 1]);
    }
}

bool
Unpickler::step (uint8_t op)
{
  switch (op)
    {
    case 0x80: /* PROTO */
      if (*take (1) > 5)
        fail ("the pickle uses an unknown protocol");
      break;
    case 0x95: /* FRAME */
      take (8);
      break;
    case 'c': /* GLOBAL */
      {
        std::string module = line ();
        op_global (module, line ());
        break;
      }
    case 0x93: /* STACK_GLOBAL */
      {
        FtPyRef name = pop (), module = pop ();
        if (name->kind != FtPyKind::STR || module->kind != FtPyKind::STR)
          fail ("the pickle is corrupt (bad global)");
        op_global (module->str, name->str);
        break;
      }
    case '}': /* EMPTY_DICT */
      push (ft_py_new (FtPyKind::DICT));
      break;
    case ']': /* EMPTY_LIST */
      push (ft_py_new (FtPyKind::LIST));
      break;
    case ')': /* EMPTY_TUPLE */
      push (ft_py_tuple ({}));
      break;
    case '(': /* MARK */
      marks_.push_back (stack_.size ());
      break;
    case 't': /* TUPLE */
      push (ft_py_tuple (pop_mark ()));
      break;
    case 0x85: /* TUPLE1 */
    case 0x86: /* TUPLE2 */
    case 0x87: /* TUPLE3 */
      {
        std::vector<FtPyRef> items (op - 0x84);
        for (size_t k = items.size (); k-- > 0;)
          items[k] = pop ();
        push (ft_py_tuple (std::move (items)));
        break;
      }
    case 'X':  /* BINUNICODE */
    case 0x8c: /* SHORT_BINUNICODE */
      {
        size_t n = uint_le (op == 'X' ? 4 : 1);
        push (ft_py_str (std::string (reinterpret_cast<const char *> (take (n)), n)));
        break;
      }
    case 'J': /* BININT */
      push (ft_py_int (int32_t (uint32_t (uint_le (4)))));
      break;
    case 'K': /* BININT1 */
      push (ft_py_int (int64_t (uint_le (1))));
      break;
    case 'M': /* BININT2 */
      push (ft_py_int (int64_t (uint_le (2))));
      break;
    case 0x8a: /* LONG1 */
      {
        size_t n = *take (1);
        if (n > 8)
          fail ("the pickle holds an integer too large for a tensor");
        uint64_t u = uint_le (n);
        if (n > 0 && n < 8 && (u >> (8 * n - 1)) & 1)
          u |= ~uint64_t (0) << (8 * n);
        push (ft_py_int (int64_t (u)));
        break;
      }
    case 'G': /* BINFLOAT, big-endian */
      {
        const uint8_t *p = take (8);
        uint64_t u = 0;
        for (int k = 0; k < 8; k++)
          u = (u << 8) | p[k];
        auto v = ft_py_new (FtPyKind::FLOAT);
        memcpy (&v->f, &u, 8);
        push (v);
        break;
      }
    case 0x88: /* NEWTRUE */
    case 0x89: /* NEWFALSE */
      {
        auto v = ft_py_new (FtPyKind::BOOL);
        v->i = op == 0x88;
        push (v);
        break;
      }
    case 'N': /* NONE */
      push (ft_py_new (FtPyKind::NONE));
      break;
    case 'Q': /* BINPERSID */
      {
        FtPyRef pid = pop ();
        push (ft_py_storage (*pid));
        break;
      }
    case 'R': /* REDUCE */
      op_reduce ();
      break;
    case 'b': /* BUILD */
      op_build ();
      break;
    case 's': /* SETITEM */
      {
        FtPyRef value = pop (), key = pop ();
        op_setitems ({ key, value }, top ());
        break;
      }
    case 'u': /* SETITEMS */
      {
        auto kv = pop_mark ();
        op_setitems (std::move (kv), top ());
        break;
      }
    case 'a': /* APPEND */
      {
        FtPyRef value = pop ();
        if (top ()->kind != FtPyKind::LIST)
          fail ("the pickle is corrupt (bad list)");
        ft_py_check_open (*top ());
        ft_py_nest (*top (), value);
        top ()->items.push_back (value);
        break;
      }
    case 'e': /* APPENDS */
      {
        auto values = pop_mark ();
        if (top ()->kind != FtPyKind::LIST)
          fail ("the pickle is corrupt (bad list)");
        ft_py_check_open (*top ());
        for (auto &v : values)
          {
            ft_py_nest (*top (), v);
            top ()->items.push_back (std::move (v));
          }
        break;
      }
    case 'q': /* BINPUT */
      memo_put (uint32_t (uint_le (1)));
      break;
    case 'r': /* LONG_BINPUT */
      memo_put (uint32_t (uint_le (4)));
      break;
    case 0x94: /* MEMOIZE */
      memo_put (uint32_t (memo_.size ()));
      break;
    case 'h': /* BINGET */
      memo_get (uint32_t (uint_le (1)));
      break;
    case 'j': /* LONG_BINGET */
      memo_get (uint32_t (uint_le (4)));
      break;
    case '.': /* STOP */
      return false;
    default:
      {
        char hex[8];
        snprintf (hex, sizeof hex, "0x%02x", op);
        fail (std::string ("the pickle holds opcode ") + hex + ", which torch.save does not write");
      }
    }
  return true;
}

FtPyRef
Unpickler::run ()
{
  while (step (*take (1)))
    ;
  if (stack_.size () != 1 || !marks_.empty ())
    fail ("the pickle is corrupt (unbalanced stack)");
  return stack_.back ();
}

} // namespace

FtPyRef
ft_torch_unpickle (const uint8_t *data, size_t size)
{
  return Unpickler (data, size).run ();
}
