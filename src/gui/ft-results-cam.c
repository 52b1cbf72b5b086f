/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-results-cam.h"

#include "ft-cam-overlay.h"
#include "ft-evaluation.h"
#include "ft-image.h"
#include "ft-trainer-model.h"
#include "ft-transform.h"

typedef struct
{
  char *model_path;
  int n_classes;
  FtTorchPrecision precision;
  guint size;
  char *image_path;
  int target;
} Job;

static void
job_free (Job *job)
{
  g_free (job->model_path);
  g_free (job->image_path);
  g_free (job);
}

void
ft_results_cam_free (FtResultsCam *cam)
{
  if (cam == NULL)
    return;
  g_free (cam->probs);
  g_clear_object (&cam->overlay);
  g_free (cam);
}

static GdkTexture *
texture_of (FtImage *image)
{
  g_autoptr (GBytes) bytes
    = g_bytes_new (image->pixels, (gsize) image->stride * (gsize) image->height);

  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8, bytes,
                                 (gsize) image->stride);
}

static FtTorchModel *
load_model (const Job *job, GError **error)
{
  FtTorchModel *model = NULL;

  if (!ft_trainer_take_status (ft_torch_model_new (job->n_classes, &model), error))
    return NULL;
  if (!ft_trainer_take_status (ft_torch_model_load (model, job->model_path, FT_TORCH_LOAD_STRICT),
                               error)
      || !ft_trainer_take_status (ft_torch_model_set_precision (model, job->precision), error))
    g_clear_pointer (&model, ft_torch_model_free);
  return model;
}

static FtResultsCam *
compute (FtTorchModel *model, const Job *job, FtImage *image, GError **error)
{
  g_autofree float *input = g_new (float, 3 * (gsize) job->size * job->size);
  g_autoptr (FtImage) crop = NULL;
  g_autoptr (FtImage) overlay = NULL;
  FtTorchCam *torch_cam = NULL;
  FtResultsCam *cam;

  ft_transform_apply (image, (int) job->size, FALSE, NULL, input);
  if (!ft_trainer_take_status (ft_torch_model_grad_cam (model, input, (int) job->size,
                                                        (int) job->size, job->target, &torch_cam),
                               error))
    return NULL;
  crop = ft_cam_crop (image, (int) job->size);
  overlay = ft_cam_overlay (crop, ft_torch_cam_map (torch_cam, NULL, NULL));
  cam = g_new0 (FtResultsCam, 1);
  cam->n_classes = job->n_classes;
  cam->probs = g_new (double, job->n_classes);
  ft_evaluation_softmax (ft_torch_cam_logits (torch_cam), (guint) job->n_classes, cam->probs);
  cam->predicted = 0;
  for (int c = 1; c < job->n_classes; c++)
    if (cam->probs[c] > cam->probs[cam->predicted])
      cam->predicted = c;
  cam->target = ft_torch_cam_class (torch_cam);
  cam->overlay = texture_of (overlay);
  ft_torch_cam_free (torch_cam);
  return cam;
}

static void
cam_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const Job *job = data;
  g_autoptr (FtImage) image = NULL;
  FtTorchModel *model = NULL;
  FtResultsCam *cam = NULL;
  GError *error = NULL;

  if ((image = ft_image_load (job->image_path, 0, &error)) && (model = load_model (job, &error)))
    cam = compute (model, job, image, &error);
  ft_torch_model_free (model);
  if (cam)
    g_task_return_pointer (task, cam, (GDestroyNotify) ft_results_cam_free);
  else
    g_task_return_error (task, error);
}

void
ft_results_cam_async (const char *model_path,
                      int n_classes,
                      FtTorchPrecision precision,
                      guint size,
                      const char *image_path,
                      int target,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->model_path = g_strdup (model_path);
  job->n_classes = n_classes;
  job->precision = precision;
  job->size = size;
  job->image_path = g_strdup (image_path);
  job->target = target;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, cam_thread);
}

FtResultsCam *
ft_results_cam_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
