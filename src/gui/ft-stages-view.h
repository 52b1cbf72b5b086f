/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ft-trainer-config.h"

G_BEGIN_DECLS

#define FT_TYPE_STAGES_VIEW (ft_stages_view_get_type ())
G_DECLARE_FINAL_TYPE (FtStagesView, ft_stages_view, FT, STAGES_VIEW, GtkWidget)

typedef enum
{
  FT_STAGE_FROZEN,
  FT_STAGE_TRAINED,
  FT_STAGE_NEW,
  FT_STAGE_RANDOM,
} FtStageState;

#define FT_STAGES_N 6

/*
 * FtStagesView: ResNet-18's stages (stem, layer1..layer4, fc) from the
 * input up, each marked frozen, trained (from the pretrained weights), new
 * (the output layer) or random, with the learning rate it trains at.
 */
GtkWidget *ft_stages_view_new (void);
/* Shows how @config trains the network. */
void ft_stages_view_set_config (FtStagesView *self, const FtTrainerConfig *config);
FtStageState ft_stages_view_get_state (FtStagesView *self, guint stage);
/* The learning rate of @stage, 0 when frozen. */
double ft_stages_view_get_lr (FtStagesView *self, guint stage);

G_END_DECLS
