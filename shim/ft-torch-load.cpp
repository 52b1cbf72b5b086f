/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <map>
#include <sstream>

#include <torch/torch.h>

#include "ft-torch-model-private.h"
#include "ft-torch-pickle.h"

namespace
{

std::string
shape_string (c10::IntArrayRef sizes)
{
  std::ostringstream s;
  s << "[";
  for (size_t d = 0; d < sizes.size (); d++)
    s << (d ? ", " : "") << sizes[d];
  s << "]";
  return s.str ();
}

bool
is_head (const std::string &name)
{
  return name.compare (0, 3, "fc.") == 0;
}

/* The file's tensors converted to each model entry's dtype and device, in model order;
 * throws FtLoadError naming the first key at fault. */
std::vector<torch::Tensor>
match (const FtNamedTensors &model, const FtNamedTensors &file, FtTorchLoadMode mode)
{
  std::map<std::string, const torch::Tensor *> by_name;
  for (const auto &[key, tensor] : file)
    {
      if (!by_name.emplace (key, &tensor).second)
        throw FtLoadError ("the key " + key + " appears twice");
    }
  std::vector<torch::Tensor> out;
  for (const auto &[key, tensor] : model)
    {
      if (mode == FT_TORCH_LOAD_BACKBONE && is_head (key))
        continue;
      auto it = by_name.find (key);
      if (it == by_name.end ())
        throw FtLoadError ("the key " + key + " is missing");
      const torch::Tensor &src = *it->second;
      if (src.sizes () != tensor.sizes ())
        throw FtLoadError ("the key " + key + " has shape " + shape_string (src.sizes ())
                           + " in the file but " + shape_string (tensor.sizes ())
                           + " in the model");
      if (src.is_floating_point () != tensor.is_floating_point () || src.is_complex ()
          || src.scalar_type () == at::kBool)
        throw FtLoadError (
          "the key " + key + " holds " + std::string (c10::toString (src.scalar_type ()))
          + " values where the model holds " + c10::toString (tensor.scalar_type ()));
      out.push_back (src.to (tensor.device (), tensor.scalar_type ()));
      by_name.erase (it);
    }
  for (const auto &[key, tensor] : file)
    if (by_name.count (key) && !(mode == FT_TORCH_LOAD_BACKBONE && is_head (key)))
      throw FtLoadError ("the key " + key + " does not belong to a ResNet-18");
  return out;
}

} // namespace

/* @path: (transfer none).  The model changes only when every tensor matched. */
FtTorchStatus *
ft_torch_model_load (FtTorchModel *model, const char *path, FtTorchLoadMode mode)
{
  if (!model || !path)
    return ft_torch_status_new ("Cannot load weights: invalid argument");
  return ft_torch_guard ((std::string ("Cannot load weights from ") + path).c_str (), [&] {
    FtNamedTensors file = ft_torch_read_state_dict (path);
    FtNamedTensors entries = ft_resnet_state_dict (model->net);
    std::vector<torch::Tensor> values = match (entries, file, mode);
    torch::NoGradGuard no_grad;
    size_t k = 0;
    for (auto &[key, tensor] : entries)
      if (!(mode == FT_TORCH_LOAD_BACKBONE && is_head (key)))
        tensor.copy_ (values[k++]);
  });
}
