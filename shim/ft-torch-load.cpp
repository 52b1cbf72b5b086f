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
 * throws FtLoadError naming the first key at fault.  Keys, shapes and types are checked before
 * any tensor data is read, and the data read is bounded by twice the model's size. */
std::vector<torch::Tensor>
match (const FtNamedTensors &model, const FtWeightsFile &file, FtTorchLoadMode mode)
{
  std::map<std::string, const FtFileEntries::value_type *> by_name;
  for (const auto &entry : file.entries ())
    {
      if (!by_name.emplace (entry.first, &entry).second)
        throw FtLoadError ("the key " + entry.first + " appears twice");
    }
  std::vector<const FtFileEntries::value_type *> wanted;
  uint64_t model_bytes = 0;
  for (const auto &[key, tensor] : model)
    {
      model_bytes += tensor.nbytes ();
      if (mode == FT_TORCH_LOAD_BACKBONE && is_head (key))
        continue;
      auto it = by_name.find (key);
      if (it == by_name.end ())
        throw FtLoadError ("the key " + key + " is missing");
      const FtFileTensor &src = it->second->second;
      if (c10::IntArrayRef (src.sizes) != tensor.sizes ())
        throw FtLoadError ("the key " + key + " has shape " + shape_string (src.sizes)
                           + " in the file but " + shape_string (tensor.sizes ())
                           + " in the model");
      if (c10::isFloatingType (src.dtype) != tensor.is_floating_point () || src.dtype == at::kBool)
        throw FtLoadError ("the key " + key + " holds " + std::string (c10::toString (src.dtype))
                           + " values where the model holds "
                           + c10::toString (tensor.scalar_type ()));
      wanted.push_back (it->second);
      by_name.erase (it);
    }
  for (const auto &[key, entry] : by_name)
    if (!(mode == FT_TORCH_LOAD_BACKBONE && is_head (key)))
      throw FtLoadError ("the key " + key + " does not belong to a ResNet-18");
  std::vector<torch::Tensor> values = file.read (wanted, 2 * model_bytes);
  size_t k = 0;
  for (const auto &[key, tensor] : model)
    if (!(mode == FT_TORCH_LOAD_BACKBONE && is_head (key)))
      {
        values[k] = values[k].to (tensor.device (), tensor.scalar_type ());
        k++;
      }
  return values;
}

} // namespace

/* @path: (transfer none).  The model changes only when every tensor matched. */
FtTorchStatus *
ft_torch_model_load (FtTorchModel *model, const char *path, FtTorchLoadMode mode)
{
  if (!model || !path)
    return ft_torch_status_new ("Cannot load weights: invalid argument");
  return ft_torch_guard ((std::string ("Cannot load weights from ") + path).c_str (), [&] {
    FtWeightsFile file (path);
    FtNamedTensors entries = ft_resnet_state_dict (model->net);
    std::vector<torch::Tensor> values = match (entries, file, mode);
    torch::NoGradGuard no_grad;
    size_t k = 0;
    for (auto &[key, tensor] : entries)
      if (!(mode == FT_TORCH_LOAD_BACKBONE && is_head (key)))
        tensor.copy_ (values[k++]);
  });
}
