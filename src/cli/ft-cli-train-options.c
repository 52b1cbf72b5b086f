/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-train-options.h"

#include <glib/gi18n.h>
#include <math.h>

typedef struct
{
  char *data, *weights, *init_model, *freeze, *precision, *out, *label;
  gboolean scratch, no_param_group, reuse, no_augment, no_shuffle, no_channels_last, no_winograd;
  gboolean json;
  double lr, head_mult, dist_timeout;
  int epochs, batch, threads, loader_threads, size;
  gint64 seed;
} Args;

static void
args_clear (Args *a)
{
  g_free (a->data);
  g_free (a->weights);
  g_free (a->init_model);
  g_free (a->freeze);
  g_free (a->precision);
  g_free (a->out);
  g_free (a->label);
}

static void
add_shared_entries (GOptionContext *context, Args *a)
{
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &a->data, N_ ("Data set folder (train/ and test/)"),
      N_ ("DIR") },
    { "weights", 0, 0, G_OPTION_ARG_FILENAME, &a->weights, N_ ("ImageNet weights of ResNet-18"),
      N_ ("FILE") },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &a->epochs, N_ ("Epochs (5)"), "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &a->batch, N_ ("Batch size (128)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &a->seed, N_ ("Seed of every random choice (0)"), "S" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &a->threads, N_ ("libtorch threads (all CPUs)"), "N" },
    { "loader-threads", 0, 0, G_OPTION_ARG_INT, &a->loader_threads,
      N_ ("Image decoding threads (all CPUs)"), "N" },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &a->precision, N_ ("fp32 or bf16"),
      N_ ("PRECISION") },
    { "size", 0, 0, G_OPTION_ARG_INT, &a->size, N_ ("Image size in pixels (224)"), N_ ("PX") },
    { "no-augment", 0, 0, G_OPTION_ARG_NONE, &a->no_augment, N_ ("Train on the test transform"),
      NULL },
    { "no-shuffle", 0, 0, G_OPTION_ARG_NONE, &a->no_shuffle,
      N_ ("Keep the folder order every epoch"), NULL },
    { "no-channels-last", 0, 0, G_OPTION_ARG_NONE, &a->no_channels_last,
      N_ ("Keep the NCHW memory format"), NULL },
    { "no-winograd", 0, 0, G_OPTION_ARG_NONE, &a->no_winograd,
      N_ ("Compute 3x3 convolutions as PyTorch does, without Winograd kernels"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a->json, N_ ("End with one line of JSON"), NULL },
    { "dist-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &a->dist_timeout,
      N_ ("Seconds a rank waits for the others when training data-parallel (60)"), N_ ("SECONDS") },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_train_entries (GOptionContext *context, Args *a)
{
  const GOptionEntry entries[] = {
    { "scratch", 0, 0, G_OPTION_ARG_NONE, &a->scratch,
      N_ ("Train from random weights (lr 5e-4, one group)"), NULL },
    { "init-model", 0, 0, G_OPTION_ARG_FILENAME, &a->init_model,
      N_ ("Start from this whole network’s checkpoint"), N_ ("FILE") },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &a->lr,
      N_ ("Learning rate (5e-5 fine-tuning, 5e-4 scratch)"), "X" },
    { "head-lr-mult", 0, 0, G_OPTION_ARG_DOUBLE, &a->head_mult,
      N_ ("Learning-rate multiplier of the head (10)"), "M" },
    { "no-param-group", 0, 0, G_OPTION_ARG_NONE, &a->no_param_group,
      N_ ("One learning rate for every layer"), NULL },
    { "freeze", 0, 0, G_OPTION_ARG_STRING, &a->freeze, N_ ("none, stem or layer1 to layer4"),
      N_ ("DEPTH") },
    { "reuse-classifier", 0, 0, G_OPTION_ARG_NONE, &a->reuse,
      N_ ("Start rows of ImageNet classes from their weights"), NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &a->out,
      N_ ("Run folder (a new one under the runs folder)"), N_ ("RUN_DIR") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &a->label, N_ ("A name for the run"), N_ ("TEXT") },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static gboolean
bad_count (GError **error, const char *option)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("--%s needs a number that is not negative."), option);
  return FALSE;
}

/* Applies the numeric options that were given (negative means absent, or wrong). */
static gboolean
apply_counts (const Args *a, int argc, char **argv, FtTrainerConfig *c, GError **error)
{
  const struct
  {
    const char *name;
    int value;
    guint *field;
  } counts[] = {
    { "epochs", a->epochs, &c->epochs },
    { "batch", a->batch, &c->batch_size },
    { "threads", a->threads, &c->threads },
    { "loader-threads", a->loader_threads, &c->loader_threads },
    { "size", a->size, &c->image_size },
  };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      if (counts[i].value == G_MININT)
        continue;
      if (counts[i].value < 0)
        return bad_count (error, counts[i].name);
      *counts[i].field = (guint) counts[i].value;
    }
  return TRUE;
}

static gboolean
apply_choices (const Args *a, FtTrainerConfig *c, GError **error)
{
  if (a->freeze && !ft_freeze_from_string (a->freeze, &c->freeze))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--freeze takes none, stem, layer1, layer2, layer3 or layer4, not “%s”."),
                   a->freeze);
      return FALSE;
    }
  if (a->precision && g_ascii_strcasecmp (a->precision, "bf16") == 0)
    c->precision = FT_PRECISION_BF16;
  else if (a->precision && g_ascii_strcasecmp (a->precision, "fp32") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--precision takes fp32 or bf16, not “%s”."), a->precision);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_init (const Args *a, FtCliTrainMode mode, FtTrainerConfig *c, GError **error)
{
  if (a->scratch && a->weights)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("Pass either --weights or --scratch, not both."));
      return FALSE;
    }
  if (!a->scratch && !a->weights && !a->init_model)
    {
      g_set_error_literal (
        error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        mode == FT_CLI_TRAIN
          ? _ ("Pass --weights FILE to fine-tune, or --scratch to train from random weights.")
          : _ ("Pass --weights FILE: the experiment fine-tunes those weights."));
      return FALSE;
    }
  if (a->scratch)
    ft_trainer_config_apply_scratch_preset (c);
  c->weights_path = g_strdup (a->weights);
  c->init_model_path = g_strdup (a->init_model);
  if (!isnan (a->lr))
    c->lr = a->lr;
  if (!isnan (a->head_mult))
    c->head_lr_mult = a->head_mult;
  if (a->no_param_group)
    c->param_groups = FALSE;
  return TRUE;
}

static FtTrainerConfig *
build_config (Args *a, FtCliTrainMode mode, int argc, char **argv, GError **error)
{
  g_autoptr (FtTrainerConfig) c = ft_trainer_config_new ();

  if (a->data == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("Pass --data DIR, a folder with train/ and test/ class folders."));
      return NULL;
    }
  if (argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("Unexpected argument “%s”."),
                   argv[1]);
      return NULL;
    }
  if (!apply_init (a, mode, c, error) || !apply_counts (a, argc, argv, c, error)
      || !apply_choices (a, c, error))
    return NULL;
  c->data_dir = g_strdup (a->data);
  c->label = g_strdup (a->label);
  c->seed = (guint64) a->seed;
  c->reuse_classifier = a->reuse;
  c->augment = !a->no_augment;
  c->shuffle = !a->no_shuffle;
  c->channels_last = !a->no_channels_last;
  c->winograd = !a->no_winograd;
  if (!isnan (a->dist_timeout))
    c->dist_timeout = a->dist_timeout;
  return g_steal_pointer (&c);
}

FtTrainerConfig *
ft_cli_parse_train_options (
  FtCliTrainMode mode, int argc, char **argv, char **out_dir, gboolean *json, GError **error)
{
  Args a = { .lr = NAN,
             .head_mult = NAN,
             .dist_timeout = NAN,
             .epochs = G_MININT,
             .batch = G_MININT,
             .threads = G_MININT,
             .loader_threads = G_MININT,
             .size = G_MININT };
  g_autoptr (GOptionContext) context = NULL;
  FtTrainerConfig *config = NULL;

  context = g_option_context_new (mode == FT_CLI_TRAIN
                                    ? _ ("— fine-tune or train ResNet-18 on a data set")
                                    : _ ("— the book’s fine-tune and scratch runs side by side"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  add_shared_entries (context, &a);
  if (mode == FT_CLI_TRAIN)
    add_train_entries (context, &a);
  if (g_option_context_parse (context, &argc, &argv, error))
    config = build_config (&a, mode, argc, argv, error);
  if (config)
    {
      if (out_dir)
        *out_dir = g_steal_pointer (&a.out);
      *json = a.json;
    }
  args_clear (&a);
  return config;
}
