/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-predictions.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "ft-cli-cam.h"
#include "ft-image.h"
#include "ft-trainer-model.h"
#include "ft-transform.h"

#define TOP_K 5

/* Softmax of @logits, in double so that tiny probabilities stay ordered. */
static double *
softmax (const float *logits, int n)
{
  double *p = g_new (double, n);
  double max = logits[0], sum = 0;

  for (int i = 1; i < n; i++)
    max = MAX (max, logits[i]);
  for (int i = 0; i < n; i++)
    sum += p[i] = exp (logits[i] - max);
  for (int i = 0; i < n; i++)
    p[i] /= sum;
  return p;
}

static JsonArray *
top_classes (const double *p, int n, FtCliLabelFunc label, gpointer user_data)
{
  JsonArray *top = json_array_new ();
  g_autofree gboolean *taken = g_new0 (gboolean, n);

  for (int k = 0; k < MIN (TOP_K, n); k++)
    {
      JsonObject *o = json_object_new ();
      int best = -1;

      for (int i = 0; i < n; i++)
        if (!taken[i] && (best < 0 || p[i] > p[best]))
          best = i;
      taken[best] = TRUE;
      json_object_set_int_member (o, "index", best);
      json_object_set_string_member (o, "label", label (best, user_data));
      json_object_set_double_member (o, "prob", p[best]);
      json_array_add_object_element (top, o);
    }
  return top;
}

/* Adds cam and cam_grid to @o, keeping the overlay in @cams until all can be written. */
static gboolean
add_cam (FtTorchModel *model,
         const FtImage *image,
         guint size,
         int target,
         const char *cam_path,
         JsonObject *o,
         GPtrArray *cams,
         GError **error)
{
  FtCliCam *cam = ft_cli_cam_new (model, image, size, target, cam_path, error);

  if (cam == NULL)
    return FALSE;
  json_object_set_string_member (o, "cam", cam->path);
  json_object_set_array_member (o, "cam_grid", json_array_ref (cam->grid));
  g_ptr_array_add (cams, cam);
  return TRUE;
}

static JsonObject *
predict_one (FtTorchModel *model,
             guint size,
             const char *path,
             FtCliLabelFunc label,
             gpointer user_data,
             const char *cam_path,
             int cam_target,
             GPtrArray *cams,
             GError **error)
{
  int n = ft_torch_model_num_classes (model);
  g_autoptr (FtImage) image = ft_image_load (path, 0, error);
  g_autofree float *input = NULL;
  g_autofree float *logits = g_new (float, n);
  g_autofree double *p = NULL;
  JsonObject *o;

  if (image == NULL)
    return NULL;
  input = g_new (float, 3 * (gsize) size * size);
  ft_transform_apply (image, (int) size, FALSE, NULL, input);
  if (!ft_trainer_take_status (
        ft_torch_model_eval (model, input, 1, (int) size, (int) size, logits), error))
    return NULL;
  p = softmax (logits, n);
  o = json_object_new ();
  json_object_set_string_member (o, "image", path);
  json_object_set_array_member (o, "top", top_classes (p, n, label, user_data));
  if (cam_path && !add_cam (model, image, size, cam_target, cam_path, o, cams, error))
    {
      json_object_unref (o);
      return NULL;
    }
  return o;
}

static void
print_text (JsonArray *results)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *o = json_array_get_object_element (results, i);
      JsonArray *top = json_object_get_array_member (o, "top");

      printf ("%s\n", json_object_get_string_member (o, "image"));
      for (guint k = 0; k < json_array_get_length (top); k++)
        {
          JsonObject *t = json_array_get_object_element (top, k);
          printf ("  %.4f  %s (%" G_GINT64_FORMAT ")\n", json_object_get_double_member (t, "prob"),
                  json_object_get_string_member (t, "label"),
                  json_object_get_int_member (t, "index"));
        }
      if (json_object_has_member (o, "cam"))
        printf ("  %s %s\n", _ ("heat map:"), json_object_get_string_member (o, "cam"));
    }
}

gboolean
ft_cli_print_predictions (FtTorchModel *model,
                          guint size,
                          char **images,
                          FtCliLabelFunc label,
                          gpointer user_data,
                          gboolean json,
                          const FtCliCamRequest *cam,
                          GError **error)
{
  g_autoptr (JsonArray) results = json_array_new ();
  g_autoptr (GPtrArray) cams = g_ptr_array_new_with_free_func ((GDestroyNotify) ft_cli_cam_free);
  g_auto (GStrv) cam_paths = NULL;
  int target = cam ? cam->target : -1;

  if (cam && cam->dir && !(cam_paths = ft_cli_cam_paths (cam->dir, images, error)))
    return FALSE;
  for (guint i = 0; images[i]; i++)
    {
      JsonObject *o = predict_one (model, size, images[i], label, user_data,
                                   cam_paths ? cam_paths[i] : NULL, target, cams, error);
      if (o == NULL)
        return FALSE;
      json_array_add_object_element (results, o);
    }
  if (cam_paths && !ft_cli_cam_write_all (cams, error))
    return FALSE;
  if (json)
    {
      g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      json_node_set_array (node, results);
      text = json_to_string (node, FALSE);
      printf ("%s\n", text);
    }
  else
    print_text (results);
  return TRUE;
}
