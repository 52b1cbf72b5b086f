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

Tensor
grad_input (dnnl::stream &stream,
            const Shape &shape,
            const dnnl::convolution_forward::primitive_desc &hint,
            const Tensor &x,
            const Tensor &w,
            const dnnl::memory &gy,
            std::unique_ptr<Buffer> &gy_keep)
{
  dnnl::convolution_backward_data::desc d (dnnl::algorithm::convolution_winograd, any (shape.src),
                                           any (shape.wei), any (shape.dst), one, one, one);
  dnnl::convolution_backward_data::primitive_desc pd (d, user_scratchpad (), engine (), hint);
  std::unique_ptr<Buffer> wei_keep;
  Tensor wc = w.contiguous ();
  dnnl::memory wei = in_layout (stream, wrap (wc), pd.weights_desc (), wei_keep);
  dnnl::memory diff_dst = in_layout (stream, gy, pd.diff_dst_desc (), gy_keep);
  Buffer diff_src (pd.diff_src_desc ());
  run (stream, dnnl::convolution_backward_data (pd), pd.scratchpad_desc (),
       { { DNNL_ARG_DIFF_DST, diff_dst },
         { DNNL_ARG_WEIGHTS, wei },
         { DNNL_ARG_DIFF_SRC, diff_src.memory } });
  return to_tensor (stream, diff_src.memory, shape.src, x);
}

Tensor
grad_weight (dnnl::stream &stream,
             const Shape &shape,
             const dnnl::convolution_forward::primitive_desc &hint,
             const Tensor &x,
             const Tensor &w,
             const dnnl::memory &gy,
             std::unique_ptr<Buffer> &gy_keep)
{
  dnnl::convolution_backward_weights::desc d (dnnl::algorithm::convolution_winograd,
                                              any (shape.src), any (shape.wei), any (shape.dst),
                                              one, one, one);
  dnnl::convolution_backward_weights::primitive_desc pd (d, user_scratchpad (), engine (), hint);
  std::unique_ptr<Buffer> src_keep;
  dnnl::memory src = in_layout (stream, wrap (x), pd.src_desc (), src_keep);
  dnnl::memory diff_dst = gy_keep && gy_keep->memory.get_desc () == pd.diff_dst_desc ()
                            ? gy_keep->memory
                            : in_layout (stream, gy, pd.diff_dst_desc (), gy_keep);
  Buffer diff_wei (pd.diff_weights_desc ());
  run (stream, dnnl::convolution_backward_weights (pd), pd.scratchpad_desc (),
       { { DNNL_ARG_SRC, src },
         { DNNL_ARG_DIFF_DST, diff_dst },
         { DNNL_ARG_DIFF_WEIGHTS, diff_wei.memory } });
  return to_tensor (stream, diff_wei.memory, shape.wei, w.contiguous ());
}

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
    const Tensor &x = saved[0], &w = saved[1];
    Tensor gy = grads[0].contiguous (x.suggest_memory_format ());
    Shape shape (x, w);
    auto hint = forward_pd (shape, true);
    dnnl::stream stream (engine ());
    dnnl::memory gy_plain = wrap (gy);
    std::unique_ptr<Buffer> gy_keep;
    Tensor gx, gw;
    if (ctx->needs_input_grad (0))
      gx = grad_input (stream, shape, hint, x, w, gy_plain, gy_keep);
    if (ctx->needs_input_grad (1))
      gw = grad_weight (stream, shape, hint, x, w, gy_plain, gy_keep);
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
      dnnl::convolution_backward_data::desc bd (dnnl::algorithm::convolution_winograd,
                                                any (shape.src), any (shape.wei), any (shape.dst),
                                                one, one, one);
      dnnl::convolution_backward_data::primitive_desc (bd, user_scratchpad (), engine (), hint);
      dnnl::convolution_backward_weights::desc bw (dnnl::algorithm::convolution_winograd,
                                                   any (shape.src), any (shape.wei),
                                                   any (shape.dst), one, one, one);
      dnnl::convolution_backward_weights::primitive_desc (bw, user_scratchpad (), engine (), hint);
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
