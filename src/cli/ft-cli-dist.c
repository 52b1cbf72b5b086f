/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-dist.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "ft-dist.h"

static FtTorchDist *the_dist;
static gboolean joined;

gboolean
ft_cli_dist_join (double timeout, FtTorchDist **out, GError **error)
{
  if (!joined)
    {
      GError *local = NULL;

      the_dist = ft_dist_join_from_env (timeout, &local);
      if (local)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      joined = TRUE;
      if (the_dist && ft_torch_dist_rank (the_dist) != 0)
        {
          int fd = open ("/dev/null", O_WRONLY);

          fflush (stdout);
          if (fd >= 0)
            {
              dup2 (fd, STDOUT_FILENO);
              close (fd);
            }
        }
    }
  /* Kept to the end: the process group's sockets close when the process exits. */
  *out = the_dist;
  return TRUE;
}

int
ft_cli_dist_leave (int status)
{
  if (the_dist == NULL)
    return status;
  fflush (stdout);
  fflush (stderr);
  _exit (status);
}
