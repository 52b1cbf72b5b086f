/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-run-summary.h"

static char *
format_rate (double rate)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%g", rate));
}

static const char *
freeze_phrase (FtFreeze freeze)
{
  switch (freeze)
    {
    case FT_FREEZE_NONE:
      return _ ("nothing frozen");
    case FT_FREEZE_STEM:
      return _ ("the stem frozen");
    case FT_FREEZE_LAYER1:
      return _ ("the stem and layer1 frozen");
    case FT_FREEZE_LAYER2:
      return _ ("the stem to layer2 frozen");
    case FT_FREEZE_LAYER3:
      return _ ("the stem to layer3 frozen");
    case FT_FREEZE_LAYER4:
    default:
      return _ ("all but the output layer frozen");
    }
}

char *
ft_run_summary_describe (const FtTrainerConfig *config)
{
  g_autofree char *lr = NULL;
  g_autofree char *head = NULL;
  g_autofree char *rates = NULL;
  g_autofree char *length = NULL;
  g_autofree char *seed = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  lr = format_rate (config->lr);
  head = format_rate (config->lr * config->head_lr_mult);
  if (config->param_groups)
    {
      g_autofree char *mult = format_rate (config->head_lr_mult);

      rates = g_strdup_printf (_ ("rate %s, the output layer %s× that (%s)"), lr, mult, head);
    }
  else
    rates = g_strdup_printf (_ ("rate %s for every layer"), lr);
  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, config->seed);
  length
    = g_strdup_printf (ngettext ("%u epoch of batches of %u at %u px, seed %s",
                                 "%u epochs of batches of %u at %u px, seed %s", config->epochs),
                       config->epochs, config->batch_size, config->image_size, seed);
  if (config->weights_path != NULL)
    return g_strdup_printf (_ ("Starts from the ImageNet weights; %s; %s; %s."), rates,
                            freeze_phrase (config->freeze), length);
  return g_strdup_printf (_ ("Starts from random weights; %s; %s."), rates, length);
}

static void
add_change (GString *text, const char *change)
{
  if (text->len > 0)
    g_string_append (text, _ (", "));
  g_string_append (text, change);
}

static void
add_rate_change (GString *text, const char *format, double from, double to)
{
  g_autofree char *a = format_rate (from);
  g_autofree char *b = format_rate (to);
  g_autofree char *change = NULL;

  if (from == to)
    return;
  change = g_strdup_printf (format, a, b);
  add_change (text, change);
}

static void
add_uint_change (GString *text, const char *format, guint from, guint to)
{
  g_autofree char *change = NULL;

  if (from == to)
    return;
  change = g_strdup_printf (format, from, to);
  add_change (text, change);
}

char *
ft_run_summary_changes (const FtTrainerConfig *config)
{
  g_autoptr (FtTrainerConfig) book = ft_trainer_config_new ();
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (config != NULL, NULL);

  if (config->weights_path == NULL)
    ft_trainer_config_apply_scratch_preset (book);
  /* Translators: a learning rate before and after an edit */
  add_rate_change (text, _ ("learning rate %s → %s"), book->lr, config->lr);
  if (config->param_groups != book->param_groups)
    add_change (text, config->param_groups ? _ ("the output layer at its own rate")
                                           : _ ("one rate for every layer"));
  else if (config->param_groups)
    add_rate_change (text, _ ("output-layer multiplier %s → %s"), book->head_lr_mult,
                     config->head_lr_mult);
  if (config->freeze != book->freeze)
    add_change (text, freeze_phrase (config->freeze));
  if (config->reuse_classifier != book->reuse_classifier)
    add_change (text, _ ("ImageNet’s output rows reused"));
  add_uint_change (text, _ ("epochs %u → %u"), book->epochs, config->epochs);
  add_uint_change (text, _ ("batch %u → %u"), book->batch_size, config->batch_size);
  add_uint_change (text, _ ("image size %u → %u px"), book->image_size, config->image_size);
  if (config->augment != book->augment)
    add_change (text, _ ("no augmentation"));
  if (text->len == 0)
    return NULL;
  return g_strdup (text->str);
}
