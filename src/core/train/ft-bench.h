/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ft-image-folder.h"
#include "ft-torch.h"

G_BEGIN_DECLS

/* The chapter's experiment, whose length ft_bench_experiment_seconds() estimates:
 * two runs (fine-tune and scratch) of five epochs over 2000 training and 800 test images. */
#define FT_BENCH_BOOK_RUNS 2
#define FT_BENCH_BOOK_EPOCHS 5
#define FT_BENCH_BOOK_TRAIN 2000
#define FT_BENCH_BOOK_TEST 800

/* How fast one setting of the network trains and evaluates on this machine. */
typedef struct
{
  FtTorchPrecision precision;
  gboolean channels_last;
  double train_examples_per_sec; /* inside training steps */
  double eval_examples_per_sec;
} FtBenchStep;

/*
 * ft_bench_decode:
 * Decodes and augments (the training transform at @size px) up to
 * @max_images images of @folder, spread over its classes, on this thread.
 * @n_images: (out): how many were decoded; unreadable files are skipped.
 * Returns: images per second, or 0 with @error set when none could be read
 *   or @cancellable was cancelled (checked between images).
 */
double ft_bench_decode (FtImageFolder *folder,
                        guint max_images,
                        int size,
                        guint *n_images,
                        GCancellable *cancellable,
                        GError **error);

/*
 * ft_bench_step:
 * Times the recipe's training step and evaluation of a two-class ResNet-18
 * at @batch images of @size px, in @step's precision and memory format, on
 * @device, with libtorch's current threads: one warm-up, then the fastest of
 * @timed steps.  Fills the rates of @step; FALSE with @error set when the
 * network cannot run so (not enough memory, say) or when @cancellable was
 * cancelled (checked between steps).
 */
gboolean ft_bench_step (FtBenchStep *step,
                        int batch,
                        int size,
                        guint timed,
                        FtTorchDevice device,
                        GCancellable *cancellable,
                        GError **error);

/*
 * ft_bench_experiment_seconds:
 * About how long the chapter's experiment would take with @step's rates and
 * a decoding rate of @decode_per_thread images per second on each of @cpus
 * CPUs, which decoding shares with training.
 */
double ft_bench_experiment_seconds (const FtBenchStep *step, double decode_per_thread, int cpus);

/*
 * ft_bench_draw_set:
 * Draws a small practice set (ft_synth_write()) in a new temporary folder;
 * @cancellable stops the drawing, and nothing is left behind.
 * Returns: (transfer full): the folder, to give to ft_bench_remove_set(); NULL with @error set.
 */
char *ft_bench_draw_set (guint per_class, GCancellable *cancellable, GError **error);
/* Removes a folder made by ft_bench_draw_set() and everything in it. */
void ft_bench_remove_set (const char *path);

G_END_DECLS
