/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-dist.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "ft-trainer-model.h"

gboolean
ft_dist_requested (void)
{
  return g_getenv ("RANK") != NULL || g_getenv ("WORLD_SIZE") != NULL;
}

/* Reads variable @name as a whole number in [@min, @max]. */
static gboolean
read_int (const char *name, gint64 min, gint64 max, gint64 *out, GError **error)
{
  const char *text = g_getenv (name);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("%s is not set: a data-parallel run needs RANK, WORLD_SIZE, MASTER_ADDR "
                      "and MASTER_PORT."),
                   name);
      return FALSE;
    }
  if (!g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("%s must be a whole number from %d to %d, not “%s”."), name, (int) min,
                   (int) max, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
ft_dist_check_device (FtTorchDevice device, GError **error)
{
  if (device == FT_TORCH_DEVICE_CUDA && !ft_torch_dist_nccl_available ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("This finetune-cli's libtorch has no NCCL, so it cannot train on "
                              "CUDA with other ranks."));
      return FALSE;
    }
  return TRUE;
}

FtTorchDist *
ft_dist_join_from_env (double timeout, GError **error)
{
  gint64 rank, world, port, local_rank = 0, restarts = 0;
  const char *addr, *agent;
  FtTorchDistOptions options;
  FtTorchDevice device;
  FtTorchDist *dist = NULL;

  if (!ft_dist_requested ())
    return NULL;
  if (!read_int ("WORLD_SIZE", 1, 65536, &world, error))
    return NULL;
  if (!read_int ("RANK", 0, world - 1, &rank, error))
    return NULL;
  if (world == 1)
    return NULL;
  if (!read_int ("MASTER_PORT", 1, 65535, &port, error))
    return NULL;
  if (g_getenv ("LOCAL_RANK") && !read_int ("LOCAL_RANK", 0, 65535, &local_rank, error))
    return NULL;
  if (g_getenv ("TORCHELASTIC_RESTART_COUNT")
      && !read_int ("TORCHELASTIC_RESTART_COUNT", 0, G_MAXINT, &restarts, error))
    return NULL;
  addr = g_getenv ("MASTER_ADDR");
  if (addr == NULL || *addr == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("%s is not set: a data-parallel run needs RANK, WORLD_SIZE, MASTER_ADDR "
                      "and MASTER_PORT."),
                   "MASTER_ADDR");
      return NULL;
    }
  if (!ft_torch_dist_available ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("This finetune-cli was built without torch.distributed, so it "
                              "cannot train with other ranks."));
      return NULL;
    }
  device = ft_torch_best_device ();
  if (!ft_dist_check_device (device, error))
    return NULL;
  agent = g_getenv ("TORCHELASTIC_USE_AGENT_STORE");
  options = (FtTorchDistOptions){
    .rank = (int) rank,
    .world_size = (int) world,
    .local_rank = (int) local_rank,
    .master_addr = addr,
    .master_port = (int) port,
    .agent_store = agent && g_str_equal (agent, "True"),
    .restart_count = (int) restarts,
    .timeout_seconds = timeout,
    .device = device,
  };
  if (!ft_dist_take_status (ft_torch_dist_new (&options, &dist), timeout, error))
    return NULL;
  return dist;
}

gboolean
ft_dist_take_status (FtTorchStatus *status, double timeout, GError **error)
{
  int rank = -1;
  const char *addr = g_getenv ("MASTER_ADDR");
  const char *port = g_getenv ("MASTER_PORT");

  switch (ft_torch_status_dist_fault (status, &rank))
    {
    case FT_TORCH_DIST_FAULT_UNREACHABLE:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                   _ ("The ranks could not meet at MASTER_ADDR %s, MASTER_PORT %s within %g "
                      "seconds."),
                   addr ? addr : "", port ? port : "", timeout);
      break;
    case FT_TORCH_DIST_FAULT_WORLD_SIZE:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Rank %d was started with another WORLD_SIZE than this rank, %s."), rank,
                   g_getenv ("WORLD_SIZE"));
      break;
    case FT_TORCH_DIST_FAULT_LOST_RANK:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                   _ ("Rank %d stopped answering within %g seconds, so training stopped."), rank,
                   timeout);
      break;
    case FT_TORCH_DIST_FAULT_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The run was cancelled."));
      break;
    default:
      return ft_trainer_take_status (status, error);
    }
  ft_torch_status_free (status);
  return FALSE;
}
