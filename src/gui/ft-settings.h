/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-trainer-config.h"

G_BEGIN_DECLS

typedef enum
{
  FT_PRESET_FINETUNE,
  FT_PRESET_SCRATCH,
  FT_PRESET_BOTH,
  FT_PRESET_CUSTOM,
} FtPreset;

/* (transfer full): the application's settings. */
GSettings *ft_settings_new (void);

/* Sets every experiment setting the book's preset fixes. */
void ft_settings_apply_preset (GSettings *settings, FtPreset preset);

/* Whether every setting @preset fixes still has the preset's value. */
gboolean ft_settings_matches_preset (GSettings *settings, FtPreset preset);

/*
 * ft_settings_dup_weights_path:
 * The weights file chosen in the settings, else the downloaded one in
 * @cache_dir when it is present.  Returns: (transfer full) (nullable).
 */
char *ft_settings_dup_weights_path (GSettings *settings, const char *cache_dir);

/* Whether the settings start from pretrained weights that are not here. */
gboolean ft_settings_lacks_weights (GSettings *settings, const char *cache_dir);

/*
 * ft_settings_to_config:
 * The trainer configuration the settings describe; weights are looked up
 * as ft_settings_dup_weights_path() does.  Returns: (transfer full).
 */
FtTrainerConfig *ft_settings_to_config (GSettings *settings, const char *cache_dir);

/*
 * ft_settings_to_run_configs:
 * The runs a press of Start makes: the configuration, and after it the
 * book's from-scratch run with the same seed when "side-by-side" is set.
 * Returns: (transfer container): FtTrainerConfig, labelled.
 */
GPtrArray *ft_settings_to_run_configs (GSettings *settings, const char *cache_dir);

/*
 * ft_settings_load_config:
 * Sets the experiment settings to those of a run made with @config, all at once, so that the
 * Experiment page shows them; the data set and weights only where they are still on disk.
 * Refuses, changing nothing, a value the settings cannot hold, in one sentence naming it.
 */
gboolean
ft_settings_load_config (GSettings *settings, const FtTrainerConfig *config, GError **error);

G_END_DECLS
