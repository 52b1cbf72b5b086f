/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ft-cli-bench.h"
#include "ft-cli-data.h"
#include "ft-cli-dist.h"
#include "ft-cli-export.h"
#include "ft-cli-trainer.h"
#include "ft-cli.h"
#include "ft-i18n.h"
#include "ft-torch.h"

typedef struct
{
  const char *name;
  FtCliCommandFunc func;
  const char *synopsis;
} FtCliCommand;

static const FtCliCommand commands[] = {
  { "fetch", ft_cli_fetch, N_ ("Download the hotdog data set and the ResNet-18 weights") },
  { "import", ft_cli_import, N_ ("Unpack a zip or tar archive or check a folder as a data set") },
  { "split", ft_cli_split, N_ ("Split a folder of class folders into train/ and test/") },
  { "synth", ft_cli_synth, N_ ("Draw an offline practice set of hot dogs and other foods") },
  { "classify", ft_cli_classify, N_ ("Top-5 ImageNet labels of images") },
  { "train", ft_cli_train, N_ ("Fine-tune or train ResNet-18 on a data set") },
  { "experiment", ft_cli_experiment, N_ ("The book’s fine-tune and scratch runs side by side") },
  { "evaluate", ft_cli_evaluate,
    N_ ("Confusion matrix, per-class figures and top losses of a run") },
  { "predict", ft_cli_predict, N_ ("Classify images with a trained run") },
  { "export", ft_cli_export, N_ ("Write a trained run’s model as ONNX for other runtimes") },
  { "bench", ft_cli_bench, N_ ("How fast this machine decodes, trains and evaluates") },
  { NULL, NULL, NULL },
};

int
ft_cli_fail (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("finetune-cli: %s\n", message);
  return 1;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _ ("Usage: finetune-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n",
           _ ("Fine-tune ResNet-18 on a folder of images, as in “Dive into Deep Learning”."));
  fprintf (stream, "\n%s\n", _ ("Commands:"));
  for (const FtCliCommand *c = commands; c->name; c++)
    fprintf (stream, "  %-11s %s\n", c->name, _ (c->synopsis));
  fprintf (stream, "\n%s\n", _ ("Run “finetune-cli COMMAND --help” for the options of a command."));
}

int
main (int argc, char **argv)
{
  ft_i18n_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("finetune-cli %s (libtorch %s)\n", PACKAGE_VERSION, ft_torch_version ());
      return 0;
    }
  for (const FtCliCommand *c = commands; c->name; c++)
    if (g_str_equal (argv[1], c->name))
      return ft_cli_dist_leave (c->func (argc - 1, argv + 1));

  ft_cli_fail (_ ("unknown command “%s”; run “finetune-cli --help” for the list."), argv[1]);
  return 2;
}
