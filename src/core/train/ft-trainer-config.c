/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-trainer-config.h"

#include <glib/gi18n.h>
#include <math.h>

static const char *const freeze_names[] = {
  "none", "stem", "layer1", "layer2", "layer3", "layer4",
};

const char *
ft_freeze_to_string (FtFreeze freeze)
{
  g_return_val_if_fail ((guint) freeze < G_N_ELEMENTS (freeze_names), NULL);
  return freeze_names[freeze];
}

gboolean
ft_freeze_from_string (const char *text, FtFreeze *freeze)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (freeze_names); i++)
    if (g_ascii_strcasecmp (text, freeze_names[i]) == 0)
      {
        if (freeze)
          *freeze = (FtFreeze) i;
        return TRUE;
      }
  return FALSE;
}

void
ft_trainer_config_apply_finetune_preset (FtTrainerConfig *self)
{
  g_return_if_fail (self != NULL);
  self->lr = 5e-5;
  self->head_lr_mult = 10;
  self->param_groups = TRUE;
}

void
ft_trainer_config_apply_scratch_preset (FtTrainerConfig *self)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->weights_path, g_free);
  self->lr = 5e-4;
  self->param_groups = FALSE;
  self->reuse_classifier = FALSE;
  self->freeze = FT_FREEZE_NONE;
}

FtTrainerConfig *
ft_trainer_config_new (void)
{
  FtTrainerConfig *self = g_new0 (FtTrainerConfig, 1);

  ft_trainer_config_apply_finetune_preset (self);
  self->weight_decay = 0.001;
  self->momentum = 0;
  self->epochs = 5;
  self->batch_size = 128;
  self->freeze = FT_FREEZE_NONE;
  self->seed = 0;
  self->precision = FT_PRECISION_FP32;
  self->image_size = 224;
  self->augment = TRUE;
  self->channels_last = TRUE;
  self->winograd = TRUE;
  self->shuffle = TRUE;
  self->world_size = 1;
  self->dist_timeout = 60;
  return self;
}

FtTrainerConfig *
ft_trainer_config_copy (const FtTrainerConfig *self)
{
  FtTrainerConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_memdup2 (self, sizeof *self);
  copy->data_dir = g_strdup (self->data_dir);
  copy->weights_path = g_strdup (self->weights_path);
  copy->label = g_strdup (self->label);
  copy->init_model_path = g_strdup (self->init_model_path);
  copy->backend = g_strdup (self->backend);
  return copy;
}

void
ft_trainer_config_free (FtTrainerConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->data_dir);
  g_free (self->weights_path);
  g_free (self->label);
  g_free (self->init_model_path);
  g_free (self->backend);
  g_free (self);
}

static gboolean fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
in_range (double value, double low, double high)
{
  return isfinite (value) && value >= low && value <= high;
}

static gboolean
validate_optimiser (const FtTrainerConfig *self, GError **error)
{
  if (!in_range (self->lr, 0, 10) || self->lr == 0)
    return fail (error, _ ("The learning rate must be above 0 and at most 10, not %g."), self->lr);
  if (!in_range (self->head_lr_mult, 0, 1000) || self->head_lr_mult == 0)
    return fail (
      error, _ ("The head’s learning-rate multiplier must be above 0 and at most 1000, not %g."),
      self->head_lr_mult);
  if (!in_range (self->weight_decay, 0, 1))
    return fail (error, _ ("The weight decay must be between 0 and 1, not %g."),
                 self->weight_decay);
  if (!in_range (self->momentum, 0, 0.999))
    return fail (error, _ ("The momentum must be at least 0 and below 1, not %g."), self->momentum);
  return TRUE;
}

static gboolean
validate_sizes (const FtTrainerConfig *self, GError **error)
{
  if (self->epochs < 1 || self->epochs > 1000)
    return fail (error, _ ("The number of epochs must be between 1 and 1000, not %u."),
                 self->epochs);
  if (self->batch_size < 1 || self->batch_size > 4096)
    return fail (error, _ ("The batch size must be between 1 and 4096, not %u."), self->batch_size);
  if (self->image_size < 32 || self->image_size > 1024)
    return fail (error, _ ("The image size must be between 32 and 1024 pixels, not %u."),
                 self->image_size);
  if (self->threads > 1024)
    return fail (error, _ ("The number of threads must be at most 1024, not %u."), self->threads);
  if (self->loader_threads > 256)
    return fail (error, _ ("The number of loader threads must be at most 256, not %u."),
                 self->loader_threads);
  if (!(self->dist_timeout >= 1 && self->dist_timeout <= 86400))
    return fail (error,
                 _ ("The timeout between ranks must be between 1 and 86400 seconds, not %g."),
                 self->dist_timeout);
  return TRUE;
}

static gboolean
validate_choices (const FtTrainerConfig *self, GError **error)
{
  if (self->data_dir == NULL || self->data_dir[0] == '\0')
    return fail (error, _ ("Choose a data set folder to train on."));
  if (self->weights_path != NULL && self->weights_path[0] == '\0')
    return fail (error, _ ("The weights file name is empty."));
  if (self->init_model_path != NULL && self->init_model_path[0] == '\0')
    return fail (error, _ ("The starting model’s file name is empty."));
  if ((guint) self->freeze > FT_FREEZE_LAYER4)
    return fail (error, _ ("The freeze depth is not one of none, stem or layer1 to layer4."));
  if ((guint) self->precision > FT_PRECISION_BF16)
    return fail (error, _ ("The precision must be fp32 or bf16."));
  if (self->weights_path == NULL && self->reuse_classifier)
    return fail (
      error,
      _ ("Reusing the classifier needs pretrained weights; it cannot be used from scratch."));
  if (self->weights_path == NULL && self->init_model_path == NULL && self->freeze != FT_FREEZE_NONE)
    return fail (error,
                 _ ("Freezing layers needs pretrained weights; random layers would stay random."));
  return TRUE;
}

gboolean
ft_trainer_config_validate (const FtTrainerConfig *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate_choices (self, error) && validate_optimiser (self, error)
         && validate_sizes (self, error);
}

JsonNode *
ft_trainer_config_to_json (const FtTrainerConfig *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
#define STR(name, v)                                                                               \
  (json_builder_set_member_name (b, name),                                                         \
   (v) ? json_builder_add_string_value (b, v) : json_builder_add_null_value (b))
#define DBL(name, v) (json_builder_set_member_name (b, name), json_builder_add_double_value (b, v))
#define INT(name, v) (json_builder_set_member_name (b, name), json_builder_add_int_value (b, v))
#define BOOL(name, v)                                                                              \
  (json_builder_set_member_name (b, name), json_builder_add_boolean_value (b, v))
  STR ("data_dir", self->data_dir);
  STR ("weights", self->weights_path);
  DBL ("lr", self->lr);
  DBL ("head_lr_mult", self->head_lr_mult);
  BOOL ("param_groups", self->param_groups);
  DBL ("weight_decay", self->weight_decay);
  DBL ("momentum", self->momentum);
  INT ("epochs", self->epochs);
  INT ("batch_size", self->batch_size);
  STR ("freeze", ft_freeze_to_string (self->freeze));
  BOOL ("reuse_classifier", self->reuse_classifier);
  INT ("seed", (gint64) self->seed);
  INT ("threads", self->threads);
  INT ("loader_threads", self->loader_threads);
  STR ("precision", self->precision == FT_PRECISION_BF16 ? "bf16" : "fp32");
  INT ("image_size", self->image_size);
  BOOL ("augment", self->augment);
  BOOL ("channels_last", self->channels_last);
  BOOL ("winograd", self->winograd);
  BOOL ("shuffle", self->shuffle);
  STR ("label", self->label);
  STR ("init_model", self->init_model_path);
  /* A run of one process records nothing about ranks, as before there were any. */
  if (self->world_size > 1)
    {
      INT ("world_size", self->world_size);
      STR ("backend", self->backend);
      DBL ("dist_timeout", self->dist_timeout);
    }
#undef STR
#undef DBL
#undef INT
#undef BOOL
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
bad_member (const char *name, GError **error)
{
  return fail (error, _ ("The run configuration has an invalid “%s” value."), name);
}

/* Reads member @name of @object when present, checking its type. */
static gboolean
read_value (JsonObject *object, const char *name, GType type, GValue *value, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;
  if (type == G_TYPE_STRING && JSON_NODE_HOLDS_NULL (node))
    {
      g_value_init (value, G_TYPE_STRING);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return bad_member (name, error);
  if (type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_value_init (value, G_TYPE_DOUBLE);
      g_value_set_double (value, (double) json_node_get_int (node));
      return TRUE;
    }
  if (json_node_get_value_type (node) != type)
    return bad_member (name, error);
  json_node_get_value (node, value);
  return TRUE;
}

static gboolean
read_string (JsonObject *o, const char *name, char **field, GError **error)
{
  g_auto (GValue) v = G_VALUE_INIT;

  if (!read_value (o, name, G_TYPE_STRING, &v, error))
    return FALSE;
  if (G_IS_VALUE (&v))
    {
      g_free (*field);
      *field = g_value_dup_string (&v);
    }
  return TRUE;
}

static gboolean
read_double (JsonObject *o, const char *name, double *field, GError **error)
{
  g_auto (GValue) v = G_VALUE_INIT;

  if (!read_value (o, name, G_TYPE_DOUBLE, &v, error))
    return FALSE;
  if (G_IS_VALUE (&v))
    *field = g_value_get_double (&v);
  return TRUE;
}

static gboolean
read_uint (JsonObject *o, const char *name, guint *field, GError **error)
{
  g_auto (GValue) v = G_VALUE_INIT;

  if (!read_value (o, name, G_TYPE_INT64, &v, error))
    return FALSE;
  if (G_IS_VALUE (&v))
    {
      gint64 n = g_value_get_int64 (&v);
      if (n < 0 || n > G_MAXUINT)
        return bad_member (name, error);
      *field = (guint) n;
    }
  return TRUE;
}

static gboolean
read_bool (JsonObject *o, const char *name, gboolean *field, GError **error)
{
  g_auto (GValue) v = G_VALUE_INIT;

  if (!read_value (o, name, G_TYPE_BOOLEAN, &v, error))
    return FALSE;
  if (G_IS_VALUE (&v))
    *field = g_value_get_boolean (&v);
  return TRUE;
}

static gboolean
read_enums (JsonObject *o, FtTrainerConfig *self, GError **error)
{
  g_autofree char *freeze = NULL;
  g_autofree char *precision = NULL;
  g_auto (GValue) seed = G_VALUE_INIT;

  if (!read_string (o, "freeze", &freeze, error) || !read_string (o, "precision", &precision, error)
      || !read_value (o, "seed", G_TYPE_INT64, &seed, error))
    return FALSE;
  if (freeze && !ft_freeze_from_string (freeze, &self->freeze))
    return bad_member ("freeze", error);
  if (precision && g_str_equal (precision, "bf16"))
    self->precision = FT_PRECISION_BF16;
  else if (precision && !g_str_equal (precision, "fp32"))
    return bad_member ("precision", error);
  if (G_IS_VALUE (&seed))
    self->seed = (guint64) g_value_get_int64 (&seed);
  return TRUE;
}

FtTrainerConfig *
ft_trainer_config_from_json (JsonNode *node, GError **error)
{
  g_autoptr (FtTrainerConfig) self = ft_trainer_config_new ();
  JsonObject *o;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, _ ("The run configuration is not a JSON object."));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!read_string (o, "data_dir", &self->data_dir, error)
      || !read_string (o, "weights", &self->weights_path, error)
      || !read_string (o, "label", &self->label, error)
      || !read_string (o, "init_model", &self->init_model_path, error)
      || !read_string (o, "backend", &self->backend, error)
      || !read_uint (o, "world_size", &self->world_size, error)
      || !read_double (o, "dist_timeout", &self->dist_timeout, error)
      || !read_double (o, "lr", &self->lr, error)
      || !read_double (o, "head_lr_mult", &self->head_lr_mult, error)
      || !read_double (o, "weight_decay", &self->weight_decay, error)
      || !read_double (o, "momentum", &self->momentum, error)
      || !read_bool (o, "param_groups", &self->param_groups, error)
      || !read_bool (o, "reuse_classifier", &self->reuse_classifier, error)
      || !read_bool (o, "augment", &self->augment, error)
      || !read_bool (o, "channels_last", &self->channels_last, error)
      || !read_bool (o, "winograd", &self->winograd, error)
      || !read_bool (o, "shuffle", &self->shuffle, error)
      || !read_uint (o, "epochs", &self->epochs, error)
      || !read_uint (o, "batch_size", &self->batch_size, error)
      || !read_uint (o, "threads", &self->threads, error)
      || !read_uint (o, "loader_threads", &self->loader_threads, error)
      || !read_uint (o, "image_size", &self->image_size, error) || !read_enums (o, self, error))
    return NULL;
  return g_steal_pointer (&self);
}
