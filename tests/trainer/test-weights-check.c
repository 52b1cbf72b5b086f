/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ft-torch.h"
#include "ft-weights.h"

static char *dir;

static char *
save_model (const char *name, int num_classes)
{
  char *path = g_build_filename (dir, name, NULL);
  FtTorchModel *model = NULL;

  g_assert_null (ft_torch_model_new (num_classes, &model));
  g_assert_null (ft_torch_model_save (model, path));
  ft_torch_model_free (model);
  return path;
}

static void
test_good (void)
{
  g_autofree char *path = save_model ("resnet18.pth", 1000);
  g_autoptr (GError) error = NULL;

  g_assert_true (ft_weights_check (path, &error));
  g_assert_no_error (error);
}

static void
check_refused (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  g_assert_false (ft_weights_check (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_true (g_str_has_suffix (error->message, ")."));
  g_assert_null (strstr (error->message, ".)."));
}

static void
test_text_file (void)
{
  g_autofree char *path = g_build_filename (dir, "bogus.pth", NULL);

  g_assert_true (g_file_set_contents (path, "not weights at all\n", -1, NULL));
  check_refused (path);
}

static void
test_wrong_head (void)
{
  g_autofree char *path = save_model ("ten-classes.pth", 10);

  check_refused (path);
}

static void
test_missing (void)
{
  g_autofree char *path = g_build_filename (dir, "absent.pth", NULL);

  check_refused (path);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ft-weights-XXXXXX", NULL);
  g_test_add_func ("/weights/good", test_good);
  g_test_add_func ("/weights/text-file", test_text_file);
  g_test_add_func ("/weights/wrong-head", test_wrong_head);
  g_test_add_func ("/weights/missing", test_missing);
  status = g_test_run ();
  {
    static const char *names[] = { "resnet18.pth", "bogus.pth", "ten-classes.pth" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  g_free (dir);
  return status;
}
