/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/torch.h>

#include "ft-torch-model-private.h"

namespace
{

[[noreturn]] void
fail_errno (const std::string &what)
{
  throw std::runtime_error (what + ": " + strerror (errno));
}

std::string
dir_of (const std::string &path)
{
  size_t slash = path.rfind ('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr (0, slash);
}

void
write_all (int fd, const char *data, size_t size)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        fail_errno ("cannot write");
      data += n;
      size -= size_t (n);
    }
}

/* Writes @bytes to a temporary file beside @path, syncs it and renames it over @path. */
void
write_atomically (const std::string &path, const std::vector<char> &bytes)
{
  std::string tmp = path + ".XXXXXX";
  int fd = mkostemp (&tmp[0], O_CLOEXEC);
  if (fd < 0)
    fail_errno ("cannot create a file in " + dir_of (path));
  try
    {
      write_all (fd, bytes.data (), bytes.size ());
      if (fchmod (fd, 0644) != 0 || fsync (fd) != 0)
        fail_errno ("cannot write");
      if (close (fd) != 0)
        {
          fd = -1;
          fail_errno ("cannot write");
        }
      fd = -1;
      if (rename (tmp.c_str (), path.c_str ()) != 0)
        fail_errno ("cannot rename the new file into place");
    }
  catch (...)
    {
      if (fd >= 0)
        close (fd);
      unlink (tmp.c_str ());
      throw;
    }
  int dir = open (dir_of (path).c_str (), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0)
    {
      fsync (dir);
      close (dir);
    }
}

} // namespace

/* @path: (transfer none).  On failure @path is left as it was. */
FtTorchStatus *
ft_torch_model_save (const FtTorchModel *model, const char *path)
{
  if (!model || !path)
    return ft_torch_status_new ("Cannot save the model: invalid argument");
  return ft_torch_guard ((std::string ("Cannot save the model to ") + path).c_str (), [&] {
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto &[key, tensor] : ft_resnet_state_dict (model->net))
      dict.insert (key, tensor.detach ().to (torch::kCPU).contiguous ().clone ());
    write_atomically (path, torch::pickle_save (dict));
  });
}
