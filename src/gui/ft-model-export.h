/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ft-run.h"

G_BEGIN_DECLS

typedef enum
{
  FT_MODEL_FORMAT_ONNX,
  FT_MODEL_FORMAT_PTH,
} FtModelFormat;

/* The file chooser's choice that picks the format: "onnx" or "pth". */
#define FT_MODEL_EXPORT_CHOICE "format"

/*
 * ft_model_export_async:
 * Writes @run's model to @dest (a local file) as @format on a worker thread, atomically: on
 * failure nothing is left at @dest.
 */
void ft_model_export_async (FtRun *run,
                            GFile *dest,
                            FtModelFormat format,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
gboolean ft_model_export_finish (GAsyncResult *result, GError **error);

/*
 * ft_model_export_choose:
 * Asks where to save @run's model and in which format with the file chooser portal (a name
 * ending in .onnx or .pth decides the format, else the chooser's Format list), exports
 * it there off the main thread while @spinner spins and @button waits, and says how it went in
 * a toast above @button.
 */
void ft_model_export_choose (GtkWidget *button, GtkSpinner *spinner, FtRun *run);

G_END_DECLS
