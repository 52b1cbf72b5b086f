/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-winograd.h"

#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <vector>

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

/* One oneDNN kernel with the layouts it wants its operands in. */
struct Kernel
{
  dnnl::primitive primitive;
  dnnl::memory::desc scratchpad;
  /* (argument, layout) for each operand read or written */
  std::vector<std::pair<int, dnnl::memory::desc> > layouts;

  Kernel (dnnl::primitive kernel,
          const dnnl::memory::desc &scratch,
          std::vector<std::pair<int, dnnl::memory::desc> > operands)
      : primitive (std::move (kernel)), scratchpad (scratch), layouts (std::move (operands))
  {
  }

  const dnnl::memory::desc &layout (int arg) const
  {
    for (const auto &[a, desc] : layouts)
      if (a == arg)
        return desc;
    throw std::logic_error ("no such operand");
  }
};

/* The four kernels of one convolution shape, chosen and generated once for every call. */
struct Kernels
{
  Shape shape;
  Kernel infer, train, grad_input, grad_weight;

  Kernels (const Shape &s, const dnnl::convolution_forward::primitive_desc &fwd)
      : shape (s), infer (forward_kernel (forward_pd (s, false))), train (forward_kernel (fwd)),
        grad_input (make_grad_input (s, fwd)), grad_weight (make_grad_weight (s, fwd))
  {
  }

  static Kernel forward_kernel (const dnnl::convolution_forward::primitive_desc &pd)
  {
    return Kernel (dnnl::convolution_forward (pd), pd.scratchpad_desc (),
                   { { DNNL_ARG_SRC, pd.src_desc () },
                     { DNNL_ARG_WEIGHTS, pd.weights_desc () },
                     { DNNL_ARG_DST, pd.dst_desc () } });
  }

  static Kernel make_grad_input (const Shape &s,
                                 const dnnl::convolution_forward::primitive_desc &hint)
  {
    dnnl::convolution_backward_data::desc d (dnnl::algorithm::convolution_winograd, any (s.src),
                                             any (s.wei), any (s.dst), one, one, one);
    dnnl::convolution_backward_data::primitive_desc pd (d, user_scratchpad (), engine (), hint);
    return Kernel (dnnl::convolution_backward_data (pd), pd.scratchpad_desc (),
                   { { DNNL_ARG_DIFF_DST, pd.diff_dst_desc () },
                     { DNNL_ARG_WEIGHTS, pd.weights_desc () },
                     { DNNL_ARG_DIFF_SRC, pd.diff_src_desc () } });
  }

  static Kernel make_grad_weight (const Shape &s,
                                  const dnnl::convolution_forward::primitive_desc &hint)
  {
    dnnl::convolution_backward_weights::desc d (dnnl::algorithm::convolution_winograd, any (s.src),
                                                any (s.wei), any (s.dst), one, one, one);
    dnnl::convolution_backward_weights::primitive_desc pd (d, user_scratchpad (), engine (), hint);
    return Kernel (dnnl::convolution_backward_weights (pd), pd.scratchpad_desc (),
                   { { DNNL_ARG_SRC, pd.src_desc () },
                     { DNNL_ARG_DIFF_DST, pd.diff_dst_desc () },
                     { DNNL_ARG_DIFF_WEIGHTS, pd.diff_weights_desc () } });
  }
};

/* The kernels for convolving @x with @w; NULL when oneDNN has no Winograd kernels for the
 * shape.  Made on first use and kept for the life of the process (a run meets a few shapes:
 * the batch, the epoch's last batch, the evaluation's). */
const Kernels *
kernels_for (const Tensor &x, const Tensor &w)
{
  static std::mutex lock;
  static std::map<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>,
                  std::unique_ptr<Kernels> >
    known;
  auto key = std::make_tuple (x.size (0), x.size (1), x.size (2), x.size (3), w.size (0));
  std::lock_guard<std::mutex> hold (lock);
  auto found = known.find (key);
  if (found != known.end ())
    return found->second.get ();
  std::unique_ptr<Kernels> made;
  try
    {
      Shape shape (x, w);
      made = std::make_unique<Kernels> (shape, forward_pd (shape, true));
    }
  catch (const dnnl::error &)
    {
    }
  return known.emplace (key, std::move (made)).first->second.get ();
}

/*
 * Runs @kernel.  @inputs are plain tensors, reordered into the layouts the kernel wants
 * unless @reordered already holds them that way (keyed by argument; what this call
 * reorders is added there, for a next kernel to reuse).  The one output is written into
 * @out in @out's own layout.
 */
void
run (const Kernel &kernel,
     const std::vector<std::pair<int, Tensor> > &inputs,
     int output,
     const Tensor &out,
     std::map<int, std::unique_ptr<Buffer> > &reordered)
{
  dnnl::stream stream (engine ());
  std::unordered_map<int, dnnl::memory> args;
  for (const auto &[arg, tensor] : inputs)
    {
      const dnnl::memory::desc &want = kernel.layout (arg);
      auto kept = reordered.find (arg);
      if (kept != reordered.end () && kept->second->memory.get_desc () == want)
        args.emplace (arg, kept->second->memory);
      else
        args.emplace (arg, in_layout (stream, wrap (tensor), want, reordered[arg]));
    }
  Buffer result (kernel.layout (output));
  Buffer pad (kernel.scratchpad);
  args.emplace (output, result.memory);
  args.emplace (DNNL_ARG_SCRATCHPAD, pad.memory);
  kernel.primitive.execute (stream, args);
  dnnl::memory to = wrap (out);
  dnnl::reorder (result.memory, to).execute (stream, result.memory, to);
  stream.wait ();
}

Tensor
empty_like_format (at::IntArrayRef sizes, const Tensor &like)
{
  return torch::empty (sizes, like.options ().memory_format (like.suggest_memory_format ()));
}

Tensor
forward (const Kernels &k, const Tensor &x, const Tensor &w, bool training)
{
  at::internal::lazy_init_num_threads ();
  Tensor y = empty_like_format (k.shape.dst, x);
  std::map<int, std::unique_ptr<Buffer> > reordered;
  run (training ? k.train : k.infer, { { DNNL_ARG_SRC, x }, { DNNL_ARG_WEIGHTS, w.contiguous () } },
       DNNL_ARG_DST, y, reordered);
  return y;
}

struct WinogradConv : public torch::autograd::Function<WinogradConv>
{
  static Tensor forward (torch::autograd::AutogradContext *ctx, const Tensor &x, const Tensor &w)
  {
    ctx->save_for_backward ({ x, w });
    return ::forward (*kernels_for (x, w), x, w, true);
  }

  /* Both gradients share the incoming gradient's reordered copy when they want one layout. */
  static torch::autograd::variable_list backward (torch::autograd::AutogradContext *ctx,
                                                  torch::autograd::variable_list grads)
  {
    at::internal::lazy_init_num_threads ();
    auto saved = ctx->get_saved_variables ();
    const Tensor &x = saved[0], w = saved[1].contiguous ();
    Tensor gy = grads[0].contiguous (x.suggest_memory_format ());
    const Kernels &k = *kernels_for (x, w);
    std::map<int, std::unique_ptr<Buffer> > reordered;
    Tensor gx, gw;
    if (ctx->needs_input_grad (0))
      {
        gx = empty_like_format (k.shape.src, x);
        run (k.grad_input, { { DNNL_ARG_DIFF_DST, gy }, { DNNL_ARG_WEIGHTS, w } },
             DNNL_ARG_DIFF_SRC, gx, reordered);
      }
    if (ctx->needs_input_grad (1))
      {
        gw = torch::empty (k.shape.wei, w.options ());
        run (k.grad_weight, { { DNNL_ARG_DIFF_DST, gy }, { DNNL_ARG_SRC, x } },
             DNNL_ARG_DIFF_WEIGHTS, gw, reordered);
      }
    return { gx, gw };
  }
};
} // namespace

bool
ft_winograd_available ()
{
  static const bool available = [] {
    try
      {
        Tensor x = torch::zeros ({ 1, 16, 8, 8 });
        Tensor w = torch::zeros ({ 16, 16, 3, 3 });
        return kernels_for (x, w) != nullptr;
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
  return ft_winograd_available () && kernels_for (x, w) != nullptr;
}

Tensor
ft_winograd_conv3x3 (const Tensor &x, const Tensor &w)
{
  if (!torch::GradMode::is_enabled () || (!x.requires_grad () && !w.requires_grad ()))
    return forward (*kernels_for (x, w), x, w, false);
  return WinogradConv::apply (x, w);
}
