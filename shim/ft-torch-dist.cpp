/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <c10/util/Logging.h>
#include <torch/torch.h>

#include "ft-torch-dist-private.h"
#include "ft-torch-model-private.h"

#ifdef FT_TORCH_HAVE_DIST
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef FT_TORCH_HAVE_NCCL
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace
{

FtTorchStatus *
fault_status (FtTorchDistFault fault, int rank, const std::string &message)
{
  FtTorchStatus *status = ft_torch_status_new (message);
  status->fault = fault;
  status->rank = rank;
  return status;
}

} // namespace

FtTorchDistFault
ft_torch_status_dist_fault (const FtTorchStatus *status, int *rank)
{
  if (rank)
    *rank = status ? status->rank : -1;
  return status ? FtTorchDistFault (status->fault) : FT_TORCH_DIST_FAULT_NONE;
}

int
ft_torch_dist_available (void)
{
#ifdef FT_TORCH_HAVE_DIST
  return 1;
#else
  return 0;
#endif
}

int
ft_torch_dist_nccl_available (void)
{
#if defined(FT_TORCH_HAVE_DIST) && defined(FT_TORCH_HAVE_NCCL)
  return 1;
#else
  return 0;
#endif
}

/* @out: (out caller-allocates): @n entries. */
FtTorchStatus *
ft_torch_randperm (int64_t n, uint64_t seed, int64_t *out)
{
  return ft_torch_guard ("Cannot draw the permutation", [&] {
    if (n < 0 || (n > 0 && !out))
      throw std::invalid_argument ("invalid argument");
    /* torch.Generator().manual_seed(seed) then torch.randperm(n, generator=g). */
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl> (seed);
    torch::Tensor perm = torch::randperm (n, gen, torch::TensorOptions ().dtype (torch::kLong));
    if (n > 0)
      memcpy (out, perm.data_ptr<int64_t> (), size_t (n) * sizeof (int64_t));
  });
}

#ifdef FT_TORCH_HAVE_DIST

struct FtTorchDist
{
  int rank = 0;
  int world = 1;
  std::chrono::milliseconds timeout{ 60000 };
  c10::intrusive_ptr<c10d::Store> store;
  torch::Device device{ torch::kCPU }; /* of the tensors exchanged */
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#ifdef FT_TORCH_HAVE_NCCL
  c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif
  int failures = 0;
  int rounds = 0;
  double step_comm_seconds = 0; /* inside training steps' exchanges */
  uint64_t steps = 0;
  std::atomic<bool> aborted{ false }; /* set by ft_torch_dist_abort(), from any thread */
};

namespace
{

std::vector<uint8_t>
bytes (const std::string &s)
{
  return std::vector<uint8_t> (s.begin (), s.end ());
}

/*
 * After a collective failed: the rank that stopped answering.  Every rank still alive says so
 * in the store; the first that does not within a few seconds is the one gone.  When the store
 * itself is gone, so is the rank that hosted it.
 */
int
find_lost (FtTorchDist *d)
{
  if (d->world == 2)
    return 1 - d->rank;
  try
    {
      std::string round = "ft/alive/" + std::to_string (d->failures++) + "/";
      d->store->set (round + std::to_string (d->rank), bytes ("1"));
      auto grace = std::min (d->timeout, std::chrono::milliseconds (5000));
      auto end = std::chrono::steady_clock::now () + grace;
      std::vector<bool> seen (size_t (d->world), false);
      seen[size_t (d->rank)] = true;
      for (;;)
        {
          int missing = -1;
          for (int r = 0; r < d->world; r++)
            if (!seen[size_t (r)]
                && !(seen[size_t (r)] = d->store->check ({ round + std::to_string (r) })))
              if (missing < 0)
                missing = r;
          if (missing < 0 || std::chrono::steady_clock::now () >= end)
            return missing;
          std::this_thread::sleep_for (std::chrono::milliseconds (100));
        }
    }
  catch (...)
    {
      return d->rank == 0 ? 1 : 0;
    }
}

/* A failed exchange's @status: abandoned on purpose, or naming the rank gone. */
FtTorchStatus *
mark_fault (FtTorchDist *d, FtTorchStatus *status)
{
  if (d->aborted.load ())
    {
      status->fault = FT_TORCH_DIST_FAULT_CANCELLED;
      status->rank = d->rank;
    }
  else
    {
      status->fault = FT_TORCH_DIST_FAULT_LOST_RANK;
      status->rank = find_lost (d);
    }
  return status;
}

/* Runs a collective; a failure or a timeout becomes a status naming the rank gone. */
template <typename F>
FtTorchStatus *
collective (FtTorchDist *d, const char *what, F &&body) noexcept
{
  FtTorchStatus *status = ft_torch_guard (what, body);
  return status && d ? mark_fault (d, status) : status;
}

/* Waits for @work in short slices, so that ft_torch_dist_abort() ends the wait at once. */
void
wait_work (FtTorchDist *d, const c10::intrusive_ptr<c10d::Work> &work)
{
  const auto slice = std::chrono::milliseconds (50);
  auto end = std::chrono::steady_clock::now () + d->timeout;

#ifdef FT_TORCH_HAVE_NCCL
  /* NCCL takes a timed-out wait for a failed communicator: poll its events instead. */
  while (d->nccl && !work->isCompleted ())
    {
      if (d->aborted.load ())
        throw std::runtime_error ("abandoned");
      if (std::chrono::steady_clock::now () >= end)
        throw std::runtime_error ("timed out");
      std::this_thread::sleep_for (std::chrono::microseconds (100));
    }
  if (d->nccl)
    {
      work->wait ();
      return;
    }
#endif
  for (;;)
    {
      if (d->aborted.load ())
        throw std::runtime_error ("abandoned");
      try
        {
          work->wait (slice);
          return;
        }
      catch (...)
        {
          /* Finished, if only just after the slice ran out: its own outcome, below. */
          if (work->isCompleted ())
            break;
          if (std::chrono::steady_clock::now () >= end)
            throw;
        }
    }
  work->wait ();
}

c10::intrusive_ptr<c10d::Work>
start_broadcast (FtTorchDist *d, std::vector<torch::Tensor> &tensors)
{
  c10d::BroadcastOptions options;
  options.rootRank = 0;
  options.timeout = d->timeout;
#ifdef FT_TORCH_HAVE_NCCL
  if (d->nccl)
    return d->nccl->broadcast (tensors, options);
#endif
  return d->gloo->broadcast (tensors, options);
}

c10::intrusive_ptr<c10d::Work>
start_allreduce (FtTorchDist *d, std::vector<torch::Tensor> &tensors)
{
  c10d::AllreduceOptions options;
  options.reduceOp = c10d::ReduceOp::SUM;
  options.timeout = d->timeout;
#ifdef FT_TORCH_HAVE_NCCL
  if (d->nccl)
    return d->nccl->allreduce (tensors, options);
#endif
  return d->gloo->allreduce (tensors, options);
}

/* Broadcasts @tensors from rank 0, one flat tensor per dtype and device. */
void
broadcast_coalesced (FtTorchDist *d, const std::vector<torch::Tensor> &tensors)
{
  std::vector<bool> done (tensors.size (), false);
  for (size_t i = 0; i < tensors.size (); i++)
    {
      if (done[i])
        continue;
      std::vector<torch::Tensor> group;
      std::vector<torch::Tensor> flat_parts;
      for (size_t j = i; j < tensors.size (); j++)
        if (!done[j] && tensors[j].scalar_type () == tensors[i].scalar_type ()
            && tensors[j].device () == tensors[i].device ())
          {
            done[j] = true;
            group.push_back (tensors[j]);
            flat_parts.push_back (tensors[j].detach ().reshape ({ -1 }));
          }
      std::vector<torch::Tensor> flat = { torch::cat (flat_parts) };
      wait_work (d, start_broadcast (d, flat));
      int64_t offset = 0;
      torch::NoGradGuard no_grad;
      for (auto &t : group)
        {
          int64_t n = t.numel ();
          t.copy_ (flat[0].narrow (0, offset, n).view_as (t));
          offset += n;
        }
    }
}

void
allreduce_in_place (FtTorchDist *d, torch::Tensor &flat)
{
  std::vector<torch::Tensor> list = { flat };
  wait_work (d, start_allreduce (d, list));
}

/* Waits for @key in the store, polling, so that ft_torch_dist_abort() ends the wait at once. */
void
store_wait (FtTorchDist *d, const std::string &key)
{
  auto end = std::chrono::steady_clock::now () + d->timeout;

  while (!d->store->check ({ key }))
    {
      if (d->aborted.load ())
        throw std::runtime_error ("abandoned");
      if (std::chrono::steady_clock::now () >= end)
        throw std::runtime_error ("timed out waiting for " + key);
      std::this_thread::sleep_for (std::chrono::milliseconds (20));
    }
}

} // namespace

/* c10d logs each failed connection attempt and lost peer on stderr before throwing; the
 * throw becomes one sentence, so those lines only bury it. */
static void
quiet_c10d_log ()
{
#ifdef C10_USE_GLOG
  FLAGS_minloglevel = google::GLOG_FATAL;
#endif
}

/* On CUDA: each local rank on its own device, the gradients over NCCL. */
static FtTorchStatus *
join_nccl (std::unique_ptr<FtTorchDist> &d, const FtTorchDistOptions *o, FtTorchDist **out)
{
#ifdef FT_TORCH_HAVE_NCCL
  FtTorchStatus *status = collective (d.get (), "Cannot join the other ranks", [&] {
    if (o->local_rank >= int (c10::cuda::device_count ()))
      throw std::runtime_error ("LOCAL_RANK " + std::to_string (o->local_rank)
                                + " has no CUDA device of its own");
    c10::cuda::set_device (c10::DeviceIndex (o->local_rank));
    d->device = torch::Device (torch::kCUDA, c10::DeviceIndex (o->local_rank));
    auto options = c10d::ProcessGroupNCCL::Options::create ();
    options->timeout = d->timeout;
    d->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL> (
      c10::make_intrusive<c10d::PrefixStore> ("ft/nccl/", d->store), d->rank, d->world, options);
  });
  if (status)
    return status;
  ft_torch_set_cuda_index (o->local_rank);
  *out = d.release ();
  return nullptr;
#else
  return fault_status (FT_TORCH_DIST_FAULT_UNSUPPORTED, -1,
                       "Cannot join the other ranks on CUDA: this libtorch has no NCCL");
#endif
}

/* @options: (transfer none).  @out: (transfer full). */
FtTorchStatus *
ft_torch_dist_new (const FtTorchDistOptions *o, FtTorchDist **out)
{
  if (!o || !out || o->world_size < 1 || o->rank < 0 || o->rank >= o->world_size || !o->master_addr
      || o->master_port < 1 || o->master_port > 65535 || !(o->timeout_seconds > 0))
    return ft_torch_status_new ("Cannot join the other ranks: invalid options");
  quiet_c10d_log ();
  auto d = std::make_unique<FtTorchDist> ();
  d->rank = o->rank;
  d->world = o->world_size;
  d->timeout = std::chrono::milliseconds (int64_t (o->timeout_seconds * 1000));
  FtTorchStatus *status = ft_torch_guard ("Cannot join the other ranks", [&] {
    c10d::TCPStoreOptions so;
    so.port = uint16_t (o->master_port);
    /* Under torchrun's static rendezvous the agent hosts the store; otherwise rank 0 does. */
    so.isServer = !o->agent_store && o->rank == 0;
    so.numWorkers = o->agent_store ? c10::nullopt : c10::optional<std::size_t> (o->world_size);
    so.waitWorkers = false;
    so.timeout = d->timeout;
    so.multiTenant = true;
    auto tcp = c10::make_intrusive<c10d::TCPStore> (o->master_addr, so);
    if (o->agent_store)
      d->store = c10::make_intrusive<c10d::PrefixStore> (
        "/worker/attempt_" + std::to_string (o->restart_count), tcp);
    else
      d->store = tcp;
  });
  if (status)
    {
      status->fault = FT_TORCH_DIST_FAULT_UNREACHABLE;
      return status;
    }
  /* Gloo would wait for a rank that will never come: first agree on how many there are. */
  int other = -1;
  if ((status
       = ft_torch_dist_agree (d.get (), "world", std::to_string (d->world).c_str (), &other)))
    return status;
  if (other >= 0)
    return fault_status (FT_TORCH_DIST_FAULT_WORLD_SIZE, other,
                         "rank " + std::to_string (other) + " counts another number of ranks");
  if (o->device == FT_TORCH_DEVICE_CUDA)
    return join_nccl (d, o, out);
  status = collective (d.get (), "Cannot join the other ranks", [&] {
    auto options = c10d::ProcessGroupGloo::Options::create (d->timeout);
    const char *ifname = getenv ("GLOO_SOCKET_IFNAME");
    if (ifname && *ifname)
      options->devices.push_back (c10d::ProcessGroupGloo::createDeviceForInterface (ifname));
    else
      options->devices.push_back (c10d::ProcessGroupGloo::createDefaultDevice ());
    options->threads = 2;
    d->gloo = c10::make_intrusive<c10d::ProcessGroupGloo> (
      c10::make_intrusive<c10d::PrefixStore> ("ft/gloo/", d->store), d->rank, d->world, options);
  });
  if (status)
    return status;
  *out = d.release ();
  return nullptr;
}

FtTorchStatus *
ft_torch_dist_agree (FtTorchDist *d, const char *key, const char *value, int *other_rank)
{
  if (!d || !key || !value || !other_rank)
    return ft_torch_status_new ("Cannot compare with the other ranks: invalid argument");
  *other_rank = -1;
  std::string prefix = "ft/agree/" + std::to_string (d->rounds++) + "/" + std::string (key) + "/";
  std::string mine (value);
  int waiting = d->rank == 0 ? 1 : 0;
  FtTorchStatus *status = ft_torch_guard ("Cannot compare with the other ranks", [&] {
    d->store->set (prefix + std::to_string (d->rank), bytes (mine));
    /* Rank 0 compares every other rank with itself; the others compare themselves with it,
     * then say so: rank 0 hosts the store and must not leave before they have read. */
    if (d->rank == 0)
      {
        for (int r = 1; r < d->world && *other_rank < 0; r++)
          {
            waiting = r;
            store_wait (d, prefix + std::to_string (r));
            auto v = d->store->get (prefix + std::to_string (r));
            if (std::string (v.begin (), v.end ()) != mine)
              *other_rank = r;
          }
        for (int r = 1; r < d->world && *other_rank < 0; r++)
          {
            waiting = r;
            store_wait (d, prefix + "read/" + std::to_string (r));
          }
        if (*other_rank > 0)
          {
            waiting = *other_rank;
            store_wait (d, prefix + "read/" + std::to_string (*other_rank));
          }
      }
    else
      {
        store_wait (d, prefix + "0");
        auto v = d->store->get (prefix + "0");
        if (std::string (v.begin (), v.end ()) != mine)
          *other_rank = 0;
        d->store->set (prefix + "read/" + std::to_string (d->rank), bytes ("1"));
      }
  });
  if (status && d->aborted.load ())
    {
      status->fault = FT_TORCH_DIST_FAULT_CANCELLED;
      status->rank = d->rank;
    }
  else if (status)
    {
      status->fault = FT_TORCH_DIST_FAULT_LOST_RANK;
      status->rank = waiting;
    }
  return status;
}

void
ft_torch_dist_free (FtTorchDist *dist)
{
  delete dist;
}

void
ft_torch_dist_abort (FtTorchDist *dist)
{
  if (dist)
    dist->aborted.store (true);
}

int
ft_torch_dist_rank (const FtTorchDist *dist)
{
  return dist ? dist->rank : 0;
}

int
ft_torch_dist_world_size (const FtTorchDist *dist)
{
  return dist ? dist->world : 1;
}

const char *
ft_torch_dist_backend (const FtTorchDist *dist)
{
#ifdef FT_TORCH_HAVE_NCCL
  if (dist && dist->nccl)
    return "nccl";
#endif
  return "gloo";
}

FtTorchStatus *
ft_torch_dist_allreduce (FtTorchDist *d, double *values, int n)
{
  if (!d || !values || n < 1)
    return ft_torch_status_new ("Cannot sum over the ranks: invalid argument");
  return collective (d, "Cannot sum over the ranks", [&] {
    torch::Tensor t = torch::from_blob (values, { n }, torch::kDouble)
                        .to (torch::TensorOptions ().device (d->device), false, true);
    allreduce_in_place (d, t);
    t = t.to (torch::kCPU).contiguous ();
    memcpy (values, t.data_ptr<double> (), size_t (n) * sizeof (double));
  });
}

FtTorchStatus *
ft_torch_dist_broadcast_model (FtTorchDist *d, FtTorchModel *model, int buffers_only)
{
  if (!d || !model)
    return ft_torch_status_new ("Cannot take rank 0's model: invalid argument");
  return collective (d, "Cannot take rank 0's model",
                     [&] { ft_torch_dist_sync (d, model, !buffers_only, true); });
}

void
ft_torch_dist_sync (FtTorchDist *d, FtTorchModel *model, bool parameters, bool buffers)
{
  std::vector<torch::Tensor> tensors;
  if (parameters)
    for (auto &p : model->net->parameters ())
      tensors.push_back (p);
  if (buffers)
    for (auto &b : model->net->buffers ())
      tensors.push_back (b);
  if (!tensors.empty ())
    broadcast_coalesced (d, tensors);
}

void
ft_torch_dist_comm_stats (const FtTorchDist *dist, double *seconds, uint64_t *steps)
{
  *seconds = dist ? dist->step_comm_seconds : 0;
  *steps = dist ? dist->steps : 0;
}

void
ft_torch_dist_average_gradients (FtTorchDist *d, FtTorchModel *model)
{
  auto t0 = std::chrono::steady_clock::now ();
  struct Timer
  {
    FtTorchDist *d;
    std::chrono::steady_clock::time_point t0;
    ~Timer ()
    {
      d->step_comm_seconds
        += std::chrono::duration<double> (std::chrono::steady_clock::now () - t0).count ();
      d->steps++;
    }
  } timer{ d, t0 };
  std::vector<torch::Tensor> grads;
  for (auto &p : model->net->parameters ())
    if (p.requires_grad () && p.grad ().defined ())
      grads.push_back (p.grad ());
  if (grads.empty ())
    return;
  std::vector<torch::Tensor> parts;
  for (auto &g : grads)
    parts.push_back (g.reshape ({ -1 }));
  torch::Tensor flat = torch::cat (parts);
  allreduce_in_place (d, flat);
  /* Gloo has no average: the sum, divided by the number of ranks. */
  flat.div_ (d->world);
  int64_t offset = 0;
  for (auto &g : grads)
    {
      int64_t n = g.numel ();
      g.copy_ (flat.narrow (0, offset, n).view_as (g));
      offset += n;
    }
}

FtTorchStatus *
ft_torch_dist_step_status (FtTorchDist *d, FtTorchStatus *status)
{
  if (status && d && status->fault == FT_TORCH_DIST_FAULT_NONE)
    return mark_fault (d, status);
  return status;
}

#else /* !FT_TORCH_HAVE_DIST */

struct FtTorchDist
{
  int unused;
};

FtTorchStatus *
ft_torch_dist_new (const FtTorchDistOptions *o, FtTorchDist **out)
{
  return fault_status (FT_TORCH_DIST_FAULT_UNSUPPORTED, -1,
                       "Cannot join the other ranks: this build has no torch.distributed");
}

FtTorchStatus *
ft_torch_dist_agree (FtTorchDist *d, const char *key, const char *value, int *other_rank)
{
  if (other_rank)
    *other_rank = -1;
  return nullptr;
}

void
ft_torch_dist_free (FtTorchDist *dist)
{
}

void
ft_torch_dist_abort (FtTorchDist *dist)
{
}

int
ft_torch_dist_rank (const FtTorchDist *dist)
{
  return 0;
}

int
ft_torch_dist_world_size (const FtTorchDist *dist)
{
  return 1;
}

const char *
ft_torch_dist_backend (const FtTorchDist *dist)
{
  return "none";
}

FtTorchStatus *
ft_torch_dist_allreduce (FtTorchDist *d, double *values, int n)
{
  return nullptr;
}

FtTorchStatus *
ft_torch_dist_broadcast_model (FtTorchDist *d, FtTorchModel *model, int buffers_only)
{
  return nullptr;
}

void
ft_torch_dist_sync (FtTorchDist *d, FtTorchModel *model, bool parameters, bool buffers)
{
}

void
ft_torch_dist_comm_stats (const FtTorchDist *dist, double *seconds, uint64_t *steps)
{
  *seconds = 0;
  *steps = 0;
}

void
ft_torch_dist_average_gradients (FtTorchDist *d, FtTorchModel *model)
{
}

FtTorchStatus *
ft_torch_dist_step_status (FtTorchDist *d, FtTorchStatus *status)
{
  return status;
}

#endif

FtTorchStatus *
ft_torch_model_set_dist (FtTorchModel *model, FtTorchDist *dist)
{
  if (!model)
    return ft_torch_status_new ("Cannot train across ranks: invalid argument");
  model->dist = dist;
  return nullptr;
}
