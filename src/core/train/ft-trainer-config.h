/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  FT_FREEZE_NONE,
  FT_FREEZE_STEM,
  FT_FREEZE_LAYER1,
  FT_FREEZE_LAYER2,
  FT_FREEZE_LAYER3,
  FT_FREEZE_LAYER4,
} FtFreeze;

typedef enum
{
  FT_PRECISION_FP32,
  FT_PRECISION_BF16,
} FtPrecision;

/* Everything that defines a training run.  Strings are owned by the struct. */
typedef struct
{
  char *data_dir;        /* a data set folder (see ft_dataset_open) */
  char *weights_path;    /* ImageNet weights; NULL trains from scratch */
  double lr;             /* 5e-5 fine-tuning, 5e-4 from scratch */
  double head_lr_mult;   /* 10 */
  gboolean param_groups; /* fc at lr * head_lr_mult */
  double weight_decay;   /* 0.001 */
  double momentum;       /* 0 */
  guint epochs;          /* 5 */
  guint batch_size;      /* 128 */
  FtFreeze freeze;
  gboolean reuse_classifier;
  guint64 seed;
  guint threads;        /* 0 = CPUs available */
  guint loader_threads; /* 0 = CPUs available */
  FtPrecision precision;
  guint image_size;       /* 224 */
  gboolean augment;       /* TRUE */
  gboolean channels_last; /* TRUE */
  gboolean winograd;      /* TRUE: fp32 3x3 convolutions by Winograd kernels where the CPU has
                           * them (see ft_torch_model_set_winograd); FALSE: as PyTorch does */
  char *label;            /* a name for the run, shown in plots */
  gboolean shuffle;       /* TRUE: reshuffle the training set every epoch; FALSE: folder order
                           * (for comparisons against a reference with a fixed order) */
  char *init_model_path;  /* NULL, or a checkpoint of the whole network (as many outputs as the
                           * data set has classes) to start from instead of building a head:
                           * lets a comparison start both sides from the same weights */
  guint world_size;       /* 1: one process; more: data-parallel over that many ranks */
  char *backend;          /* NULL alone; "gloo" across ranks */
  double dist_timeout;    /* seconds a rank waits for the others (60) */
} FtTrainerConfig;

/* The book's fine-tuning run (lr 5e-5, parameter groups), weights unset. */
FtTrainerConfig *ft_trainer_config_new (void);
/* The book's presets. */
void ft_trainer_config_apply_finetune_preset (FtTrainerConfig *self);
void ft_trainer_config_apply_scratch_preset (FtTrainerConfig *self);
FtTrainerConfig *ft_trainer_config_copy (const FtTrainerConfig *self);
void ft_trainer_config_free (FtTrainerConfig *self);
/* Checks ranges; sets @error to one clear sentence on an absurd setting. */
gboolean ft_trainer_config_validate (const FtTrainerConfig *self, GError **error);
JsonNode *ft_trainer_config_to_json (const FtTrainerConfig *self);
FtTrainerConfig *ft_trainer_config_from_json (JsonNode *node, GError **error);
const char *ft_freeze_to_string (FtFreeze freeze);
gboolean ft_freeze_from_string (const char *text, FtFreeze *freeze);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FtTrainerConfig, ft_trainer_config_free)

G_END_DECLS
