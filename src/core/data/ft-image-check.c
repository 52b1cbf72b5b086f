/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-image-check.h"

#include "ft-image.h"

char **
ft_dataset_find_unreadable (FtDataset *dataset,
                            FtImageCheckProgress progress,
                            gpointer user_data,
                            GCancellable *cancellable,
                            GError **error)
{
  FtImageFolder *folders[2];
  g_autoptr (GStrvBuilder) unreadable = g_strv_builder_new ();
  guint total, done = 0;

  g_return_val_if_fail (FT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folders[0] = ft_dataset_get_train (dataset);
  folders[1] = ft_dataset_get_test (dataset);
  total = ft_image_folder_get_n_samples (folders[0]) + ft_image_folder_get_n_samples (folders[1]);
  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    for (guint i = 0; i < ft_image_folder_get_n_samples (folders[f]); i++)
      {
        const char *path = ft_image_folder_get_path (folders[f], i);
        g_autoptr (FtImage) image = NULL;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return NULL;
        image = ft_image_load (path, 0, NULL);
        if (image == NULL)
          g_strv_builder_add (unreadable, path);
        if (progress != NULL)
          progress (++done, total, user_data);
      }
  return g_strv_builder_end (unreadable);
}
