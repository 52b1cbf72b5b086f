/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-private.h"

FtTorchStatus *
ft_torch_status_new (const std::string &message)
{
  return new FtTorchStatus{ message };
}

const char *
ft_torch_status_message (const FtTorchStatus *status)
{
  return status ? status->message.c_str () : "";
}

void
ft_torch_status_free (FtTorchStatus *status)
{
  delete status;
}
