/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The predictions file a run keeps per epoch: written whole, read back exactly, and refused in one
 * sentence when it has been tampered with. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ft-predictions.h"

static char *
make_tmp (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ft-predictions-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *file = ft_predictions_file (dir, 3);
  g_autoptr (FtPredictions) p = ft_predictions_new (3);
  g_autoptr (FtPredictions) q = NULL;
  g_autoptr (GError) error = NULL;
  const char *names[] = { "a/1.png", "b/with, comma.png", "c/new\nline\\back.png", "a/热狗.png" };
  const float logits[4][3]
    = { { 1.5f, -2.25f, 0.1f }, { 3.0e-8f, 1e30f, -7.123456789f }, { 0, 0, 0 }, { -1, 2, 3 } };

  for (guint i = 0; i < 4; i++)
    ft_predictions_add (p, names[i], i % 3, logits[i]);
  g_assert_true (ft_predictions_write (p, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ft_predictions_count_epochs (dir), ==, 0);
  q = ft_predictions_read (file, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ft_predictions_get_n (q), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (ft_predictions_get_path (q, i), ==, names[i]);
      g_assert_cmpuint (ft_predictions_get_label (q, i), ==, i % 3);
      /* Nine significant digits give back the float exactly. */
      g_assert_cmpmem (ft_predictions_get_logits (q, i), 3 * sizeof (float), logits[i],
                       3 * sizeof (float));
    }
  for (guint e = 1; e <= 2; e++)
    {
      g_autofree char *f = ft_predictions_file (dir, e);
      g_assert_true (ft_predictions_write (p, f, NULL));
    }
  g_assert_cmpuint (ft_predictions_count_epochs (dir), ==, 3);
}

static void
refused (const char *text, guint n_classes, const char *why)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *file = ft_predictions_file (dir, 1);
  g_autofree char *parent = g_path_get_dirname (file);
  g_autoptr (GError) error = NULL;
  g_autoptr (FtPredictions) p = NULL;

  g_test_message ("%s", why);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  p = ft_predictions_read (file, n_classes, &error);
  g_assert_null (p);
  g_assert_nonnull (error);
  /* One sentence, naming the file. */
  g_assert_nonnull (strstr (error->message, file));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_hostile (void)
{
  refused ("", 2, "empty");
  refused ("label,logit_0,path\n0,1,a.png\n", 2, "header of another class count");
  refused ("label,logit_0,logit_1,path\n2,1,2,a.png\n", 2, "label out of range");
  refused ("label,logit_0,logit_1,path\n-1,1,2,a.png\n", 2, "negative label");
  refused ("label,logit_0,logit_1,path\n0,nan,2,a.png\n", 2, "NaN logit");
  refused ("label,logit_0,logit_1,path\n0,inf,2,a.png\n", 2, "infinite logit");
  refused ("label,logit_0,logit_1,path\n0,1e300,2,a.png\n", 2, "logit beyond float");
  refused ("label,logit_0,logit_1,path\n0,1,2\n", 2, "no path");
  /* An escape cut short: GLib's unescaping would warn of it. */
  refused ("label,logit_0,logit_1,path\n0,1,2,a.png\\\n", 2, "trailing backslash");
  refused ("label,logit_0,logit_1,path\n0,1,2,a\\\\\\.png\\\\\\\n", 2, "odd backslashes");
  refused ("label,logit_0,logit_1,path\n0,1,2,\n", 2, "empty path");
  refused ("label,logit_0,logit_1,path\n0,1,2,/etc/passwd\n", 2, "absolute path");
  refused ("label,logit_0,logit_1,path\n0,1,2,a/../../x.png\n", 2, "path out of the folder");
  refused ("label,logit_0,logit_1,path\n0,1,2,a\\000b.png\n", 2, "escaped NUL");
  refused ("label,logit_0,logit_1,path\n0,1,2,a.png", 2, "last line cut short");
  refused ("label,logit_0,logit_1,path\n0,1,a.png\n", 2, "a logit missing");
  refused ("label,logit_0,logit_1,path\nx,1,2,a.png\n", 2, "label not a number");
}

static void
test_missing_and_folder (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *file = ft_predictions_file (dir, 1);
  g_autoptr (GError) error = NULL;

  g_assert_null (ft_predictions_read (file, 2, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_cmpint (g_mkdir_with_parents (file, 0755), ==, 0);
  g_assert_null (ft_predictions_read (file, 2, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/predictions/round-trip", test_round_trip);
  g_test_add_func ("/predictions/hostile", test_hostile);
  g_test_add_func ("/predictions/missing-and-folder", test_missing_and_folder);
  return g_test_run ();
}
