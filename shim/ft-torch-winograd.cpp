/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-winograd.h"

#include <map>
#include <mutex>
#include <tuple>

#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <torch/autograd.h>

namespace
{
using dims = dnnl::memory::dims;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;
using torch::Tensor;

dnnl::engine &
engine ()
{
  static dnnl::engine cpu (dnnl::engine::kind::cpu, 0);
  return cpu;
}

dnnl::memory::desc
any (const dims &d)
{
  return dnnl::memory::desc (d, dt::f32, tag::any);
}

dnnl::memory::desc
plain (const Tensor &t)
{
  return dnnl::memory::desc (t.sizes ().vec (), dt::f32, t.strides ().vec ());
}

dnnl::primitive_attr
user_scratchpad ()
{
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode (dnnl::scratchpad_mode::user);
  return attr;
}

/* The convolution's shapes: source, weights, destination. */
struct Shape
{
  dims src, wei, dst;

  Shape (const Tensor &x, const Tensor &w)
      : src (x.sizes ().vec ()), wei (w.sizes ().vec ()), dst ({ src[0], wei[0], src[2], src[3] })
  {
  }
};

const dims one{ 1, 1 };

dnnl::convolution_forward::primitive_desc
forward_pd (const Shape &s, bool training)
{
  dnnl::convolution_forward::desc d (
    training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference,
    dnnl::algorithm::convolution_winograd, any (s.src), any (s.wei), any (s.dst), one, one, one);
  return dnnl::convolution_forward::primitive_desc (d, user_scratchpad (), engine ());
}

/* Memory drawn from libtorch's allocator, so that the shim's cache reuses it step to step. */
struct Buffer
{
  Tensor storage;
  dnnl::memory memory;

  explicit Buffer (const dnnl::memory::desc &desc)
      : storage (
        torch::empty ({ std::max<int64_t> (int64_t (desc.get_size ()), 1) }, torch::kUInt8)),
        memory (desc, engine (), storage.data_ptr ())
  {
  }
};

dnnl::memory
wrap (const Tensor &t)
{
  return dnnl::memory (plain (t), engine (), t.data_ptr ());
}

/* @from in layout @desc: itself when it already is, else a reordered copy kept in @keep. */
dnnl::memory
in_layout (dnnl::stream &stream,
           const dnnl::memory &from,
           const dnnl::memory::desc &desc,
           std::unique_ptr<Buffer> &keep)
{
  if (from.get_desc () == desc)
    return from;
  keep = std::make_unique<Buffer> (desc);
  dnnl::memory src = from;
  dnnl::reorder (src, keep->memory).execute (stream, src, keep->memory);
  return keep->memory;
}

void
run (dnnl::stream &stream,
     const dnnl::primitive &primitive,
     const dnnl::memory::desc &scratchpad,
     std::unordered_map<int, dnnl::memory> args)
{
  Buffer pad (scratchpad);
  args.emplace (DNNL_ARG_SCRATCHPAD, pad.memory);
  primitive.execute (stream, args);
  stream.wait ();
}

/* A tensor shaped @sizes in @like's memory format, filled from @from. */
Tensor
to_tensor (dnnl::stream &stream,
           const dnnl::memory &from,
           at::IntArrayRef sizes,
           const Tensor &like)
{
  Tensor out = torch::empty (sizes, like.options ().memory_format (like.suggest_memory_format ()));
  dnnl::memory src = from, to = wrap (out);
  dnnl::reorder (src, to).execute (stream, src, to);
  stream.wait ();
  return out;
}

Tensor
forward (const Tensor &x, const Tensor &w, bool training)
{
  at::internal::lazy_init_num_threads ();
  Shape shape (x, w);
  auto pd = forward_pd (shape, training);
  dnnl::stream stream (engine ());
  std::unique_ptr<Buffer> src_keep, wei_keep;
  Tensor wc = w.contiguous ();
  dnnl::memory src = in_layout (stream, wrap (x), pd.src_desc (), src_keep);
  dnnl::memory wei = in_layout (stream, wrap (wc), pd.weights_desc (), wei_keep);
  Buffer dst (pd.dst_desc ());
  run (stream, dnnl::convolution_forward (pd), pd.scratchpad_desc (),
       { { DNNL_ARG_SRC, src }, { DNNL_ARG_WEIGHTS, wei }, { DNNL_ARG_DST, dst.memory } });
  return to_tensor (stream, dst.memory, shape.dst, x);
}

dnnl::convolution_backward_data::primitive_desc
backward_data_pd (const Shape &s, const dnnl::convolution_forward::primitive_desc &hint)
{
  dnnl::convolution_backward_data::desc d (dnnl::algorithm::convolution_winograd, any (s.src),
                                           any (s.wei), any (s.dst), one, one, one);
  return dnnl::convolution_backward_data::primitive_desc (d, user_scratchpad (), engine (), hint);
}

dnnl::convolution_backward_weights::primitive_desc
backward_weights_pd (const Shape &s, const dnnl::convolution_forward::primitive_desc &hint)
{
  dnnl::convolution_backward_weights::desc d (dnnl::algorithm::convolution_winograd, any (s.src),
                                              any (s.wei), any (s.dst), one, one, one);
  return dnnl::convolution_backward_weights::primitive_desc (d, user_scratchpad (), engine (),
                                                             hint);
}

/* The two gradients of one convolution, from the saved @x and @w and the incoming @gy, which
 * is reordered once for both when they want it in the same layout. */
class Backward
{
public:
  Backward (const Tensor &x, const Tensor &w, const Tensor &gy)
      : x_ (x), w_ (w.contiguous ()), gy_ (gy.contiguous (x.suggest_memory_format ())),
        shape_ (x, w), hint_ (forward_pd (shape_, true)), stream_ (engine ()),
        gy_plain_ (wrap (gy_))
  {
  }

  Tensor input ()
  {
    auto pd = backward_data_pd (shape_, hint_);
    std::unique_ptr<Buffer> wei_keep;
    dnnl::memory wei = in_layout (stream_, wrap (w_), pd.weights_desc (), wei_keep);
    Buffer diff_src (pd.diff_src_desc ());
    run (stream_, dnnl::convolution_backward_data (pd), pd.scratchpad_desc (),
         { { DNNL_ARG_DIFF_DST, diff_dst (pd.diff_dst_desc ()) },
           { DNNL_ARG_WEIGHTS, wei },
           { DNNL_ARG_DIFF_SRC, diff_src.memory } });
    return to_tensor (stream_, diff_src.memory, shape_.src, x_);
  }

  Tensor weight ()
  {
    auto pd = backward_weights_pd (shape_, hint_);
    std::unique_ptr<Buffer> src_keep;
    dnnl::memory src = in_layout (stream_, wrap (x_), pd.src_desc (), src_keep);
    Buffer diff_wei (pd.diff_weights_desc ());
    run (stream_, dnnl::convolution_backward_weights (pd), pd.scratchpad_desc (),
         { { DNNL_ARG_SRC, src },
           { DNNL_ARG_DIFF_DST, diff_dst (pd.diff_dst_desc ()) },
           { DNNL_ARG_DIFF_WEIGHTS, diff_wei.memory } });
    return to_tensor (stream_, diff_wei.memory, shape_.wei, w_);
  }

private:
  dnnl::memory diff_dst (const dnnl::memory::desc &desc)
  {
    if (gy_keep_ && gy_keep_->memory.get_desc () == desc)
      return gy_keep_->memory;
    return in_layout (stream_, gy_plain_, desc, gy_keep_);
  }

  Tensor x_, w_, gy_;
  Shape shape_;
  dnnl::convolution_forward::primitive_desc hint_;
  dnnl::stream stream_;
  dnnl::memory gy_plain_;
  std::unique_ptr<Buffer> gy_keep_;
};

struct WinogradConv : public torch::autograd::Function<WinogradConv>
{
  static Tensor forward (torch::autograd::AutogradContext *ctx, const Tensor &x, const Tensor &w)
  {
    ctx->save_for_backward ({ x, w });
    return ::forward (x, w, true);
  }

  static torch::autograd::variable_list backward (torch::autograd::AutogradContext *ctx,
                                                  torch::autograd::variable_list grads)
  {
    at::internal::lazy_init_num_threads ();
    auto saved = ctx->get_saved_variables ();
    Backward backward (saved[0], saved[1], grads[0]);
    Tensor gx, gw;
    if (ctx->needs_input_grad (0))
      gx = backward.input ();
    if (ctx->needs_input_grad (1))
      gw = backward.weight ();
    return { gx, gw };
  }
};

/* Whether oneDNN has Winograd kernels for a shape, asked once per shape. */
bool
shape_supported (const Tensor &x, const Tensor &w)
{
  static std::mutex lock;
  static std::map<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>, bool> known;
  auto key = std::make_tuple (x.size (0), x.size (1), x.size (2), x.size (3), w.size (0));
  std::lock_guard<std::mutex> hold (lock);
  auto found = known.find (key);
  if (found != known.end ())
    return found->second;
  bool ok = true;
  try
    {
      Shape shape (x, w);
      auto hint = forward_pd (shape, true);
      backward_data_pd (shape, hint);
      backward_weights_pd (shape, hint);
    }
  catch (const dnnl::error &)
    {
      ok = false;
    }
  known.emplace (key, ok);
  return ok;
}
} // namespace

bool
ft_winograd_available ()
{
  static const bool available = [] {
    try
      {
        Tensor x = torch::zeros ({ 1, 16, 8, 8 });
        Tensor w = torch::zeros ({ 16, 16, 3, 3 });
        return shape_supported (x, w);
      }
    catch (...)
      {
        return false;
      }
  }();
  return available;
}

bool
ft_winograd_applies (const Tensor &x, const Tensor &w)
{
  if (!x.device ().is_cpu () || x.scalar_type () != torch::kFloat
      || w.scalar_type () != torch::kFloat || x.dim () != 4 || w.dim () != 4
      || at::autocast::is_cpu_enabled ())
    return false;
  if (w.size (1) != x.size (1) || w.size (2) != 3 || w.size (3) != 3 || w.size (0) % 16 != 0
      || x.size (1) % 16 != 0)
    return false;
  return ft_winograd_available () && shape_supported (x, w);
}

Tensor
ft_winograd_conv3x3 (const Tensor &x, const Tensor &w)
{
  if (!torch::GradMode::is_enabled () || (!x.requires_grad () && !w.requires_grad ()))
    return forward (x, w, false);
  return WinogradConv::apply (x, w);
}
