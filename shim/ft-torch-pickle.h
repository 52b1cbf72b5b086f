/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdexcept>
#include <string>

#include "ft-torch-resnet.h"

/* A problem with a weights file, said as a sentence fragment without the path. */
struct FtLoadError : std::runtime_error
{
  using std::runtime_error::runtime_error;
};

/*
 * Reads the state dict that torch.save() (a dict or OrderedDict of tensors,
 * _metadata included) or ft_torch_model_save() wrote to @path, in file order.
 * Tensors are CPU tensors that own their memory.  Throws FtLoadError.
 */
FtNamedTensors ft_torch_read_state_dict (const std::string &path);
