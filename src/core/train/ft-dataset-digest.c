/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-dataset-digest.h"

#include <glib/gstdio.h>
#include <string.h>

static void
add_folder (GChecksum *sum, FtImageFolder *folder, const char *root)
{
  const char *const *classes = ft_image_folder_get_class_names (folder);
  guint n = ft_image_folder_get_n_samples (folder);
  gsize skip = strlen (root);

  for (guint i = 0; classes[i]; i++)
    g_checksum_update (sum, (const guchar *) classes[i], (gssize) strlen (classes[i]) + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *path = ft_image_folder_get_path (folder, i);
      const char *rel = g_str_has_prefix (path, root) ? path + skip : path;
      GStatBuf st;
      g_autofree char *line = NULL;

      if (g_stat (path, &st) != 0)
        st.st_size = -1;
      line = g_strdup_printf ("%s\t%u\t%" G_GINT64_FORMAT "\n", rel,
                              ft_image_folder_get_label (folder, i), (gint64) st.st_size);
      g_checksum_update (sum, (const guchar *) line, -1);
    }
}

char *
ft_dataset_digest (FtDataset *dataset)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *root = ft_dataset_get_root (dataset);

  g_checksum_update (sum, (const guchar *) "train\n", -1);
  add_folder (sum, ft_dataset_get_train (dataset), root);
  g_checksum_update (sum, (const guchar *) "test\n", -1);
  add_folder (sum, ft_dataset_get_test (dataset), root);
  return g_strdup (g_checksum_get_string (sum));
}
