/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-cam.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ft-cam-overlay.h"
#include "ft-trainer-model.h"
#include "ft-transform.h"

void
ft_cli_cam_free (FtCliCam *cam)
{
  if (cam == NULL)
    return;
  g_free (cam->path);
  g_clear_pointer (&cam->overlay, ft_image_unref);
  g_clear_pointer (&cam->grid, json_array_unref);
  g_free (cam);
}

static JsonArray *
grid_rows (const FtTorchCam *torch_cam)
{
  int rows, cols;
  const float *grid = ft_torch_cam_grid (torch_cam, &rows, &cols);
  JsonArray *out = json_array_new ();

  for (int y = 0; y < rows; y++)
    {
      JsonArray *row = json_array_new ();
      for (int x = 0; x < cols; x++)
        json_array_add_double_element (row, grid[y * cols + x]);
      json_array_add_array_element (out, row);
    }
  return out;
}

FtCliCam *
ft_cli_cam_new (FtTorchModel *model,
                const FtImage *image,
                guint size,
                int target,
                const char *path,
                GError **error)
{
  g_autofree float *input = g_new (float, 3 * (gsize) size * size);
  g_autoptr (FtImage) crop = NULL;
  FtTorchCam *torch_cam = NULL;
  FtCliCam *cam;

  ft_transform_apply (image, (int) size, FALSE, NULL, input);
  if (!ft_trainer_take_status (
        ft_torch_model_grad_cam (model, input, (int) size, (int) size, target, &torch_cam), error))
    return NULL;
  crop = ft_cam_crop (image, (int) size);
  cam = g_new0 (FtCliCam, 1);
  cam->path = g_strdup (path);
  cam->overlay = ft_cam_overlay (crop, ft_torch_cam_map (torch_cam, NULL, NULL));
  cam->grid = grid_rows (torch_cam);
  ft_torch_cam_free (torch_cam);
  return cam;
}

static char *
stem_of (const char *image)
{
  g_autofree char *base = g_path_get_basename (image);
  char *dot = strrchr (base, '.');

  if (dot && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

char **
ft_cli_cam_paths (const char *dir, char **images, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();

  for (guint i = 0; images[i]; i++)
    {
      g_autofree char *stem = stem_of (images[i]);
      g_autofree char *name = g_strconcat (stem, ".png", NULL);

      if (!g_hash_table_add (seen, g_strdup (stem)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _ ("Two images are named “%s”, so their heat maps would both be “%s”."),
                       stem, name);
          return NULL;
        }
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_strv_builder_add (paths, path);
    }
  return g_strv_builder_end (paths);
}

gboolean
ft_cli_cam_write_all (GPtrArray *cams, GError **error)
{
  for (guint i = 0; i < cams->len; i++)
    {
      FtCliCam *cam = g_ptr_array_index (cams, i);
      g_autofree char *dir = g_path_get_dirname (cam->path);

      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _ ("Could not write “%s”: %s."), dir, g_strerror (saved));
          return FALSE;
        }
      if (!ft_cam_save_png (cam->overlay, cam->path, error))
        {
          /* None or all: the overlays written before this one go too. */
          for (guint j = 0; j < i; j++)
            g_unlink (((FtCliCam *) g_ptr_array_index (cams, j))->path);
          return FALSE;
        }
    }
  return TRUE;
}
