/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string>

#include <c10/util/Exception.h>

#include "ft-torch.h"

struct FtTorchStatus
{
  std::string message;
  int fault = 0; /* FtTorchDistFault */
  int rank = -1; /* the rank it names, or -1 */
};

/* (transfer full): a status carrying @message. */
FtTorchStatus *ft_torch_status_new (const std::string &message);

/* The CUDA device a model moves to: 0, or LOCAL_RANK once a data-parallel run on CUDA joined
 * its ranks (ft_torch_dist_new()). */
int ft_torch_cuda_index ();
void ft_torch_set_cuda_index (int index);

/* Applies ft_torch_set_threads(0) once unless the caller chose a number first. */
void ft_torch_ensure_threads ();

/* Makes libtorch's CPU tensors come from the shim's allocator, which keeps the large
 * blocks of one training step for the next (see ft-torch-allocator.cpp); once. */
void ft_torch_allocator_install ();

/* Runs @body, turning any exception into a status.  Returns NULL on success. */
template <typename F>
FtTorchStatus *
ft_torch_guard (const char *what, F &&body) noexcept
{
  try
    {
      body ();
      return nullptr;
    }
  catch (const c10::Error &e)
    {
      /* c10's what() carries a C++ backtrace; people need the sentence alone. */
      try
        {
          return ft_torch_status_new (std::string (what) + ": " + e.what_without_backtrace ());
        }
      catch (...)
        {
          return nullptr;
        }
    }
  catch (const std::exception &e)
    {
      try
        {
          return ft_torch_status_new (std::string (what) + ": " + e.what ());
        }
      catch (...)
        {
          return nullptr;
        }
    }
  catch (...)
    {
      try
        {
          return ft_torch_status_new (std::string (what) + ": unknown error");
        }
      catch (...)
        {
          return nullptr;
        }
    }
}
