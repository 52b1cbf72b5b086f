/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ft-torch.h: a plain C interface over libtorch, the only C++ in Finetune.
 *
 * Every entry point catches every exception and reports failure as an
 * FtTorchStatus (NULL means success).  Handles are created only after all
 * the work that can fail has succeeded, so an out-parameter is either a
 * valid handle or left untouched.  Every constructor has a NULL-tolerant
 * free.  Strings passed in are borrowed; strings returned are owned by the
 * object they come from unless said otherwise.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The declarations below have C linkage in C++ too. */
/* clang-format off */
#ifdef __cplusplus
#define FT_TORCH_BEGIN_DECLS extern "C" {
#define FT_TORCH_END_DECLS }
#else
#define FT_TORCH_BEGIN_DECLS
#define FT_TORCH_END_DECLS
#endif
/* clang-format on */

FT_TORCH_BEGIN_DECLS

typedef struct FtTorchStatus FtTorchStatus;
typedef struct FtTorchModel FtTorchModel;
typedef struct FtTorchSgd FtTorchSgd;
typedef struct FtTorchCam FtTorchCam;
typedef struct FtTorchDist FtTorchDist;

typedef enum
{
  FT_TORCH_DEVICE_CPU,
  FT_TORCH_DEVICE_CUDA,
} FtTorchDevice;

typedef enum
{
  FT_TORCH_PRECISION_FP32,
  FT_TORCH_PRECISION_BF16,
} FtTorchPrecision;

/* Stages of ResNet-18 from the input up.  Freezing a stage freezes every
 * stage below it too. */
typedef enum
{
  FT_TORCH_FREEZE_NONE,
  FT_TORCH_FREEZE_STEM, /* conv1 + bn1 */
  FT_TORCH_FREEZE_LAYER1,
  FT_TORCH_FREEZE_LAYER2,
  FT_TORCH_FREEZE_LAYER3,
  FT_TORCH_FREEZE_LAYER4,
} FtTorchFreeze;

typedef enum
{
  /* Every key of the model, fc included, must be present with its shape. */
  FT_TORCH_LOAD_STRICT,
  /* Every key but fc.* must match; fc.* in the file is ignored. */
  FT_TORCH_LOAD_BACKBONE,
} FtTorchLoadMode;

/* ---- status ---------------------------------------------------------- */

/* The message of a failed call; owned by @status. */
const char *ft_torch_status_message (const FtTorchStatus *status);
/* Frees @status; NULL is allowed. */
void ft_torch_status_free (FtTorchStatus *status);

/* ---- runtime ---------------------------------------------------------- */

/* The libtorch version this shim was built against, such as "1.13.0". Static string. */
const char *ft_torch_version (void);
/* The number of CPUs this process may run on (sched_getaffinity), at least 1. */
int ft_torch_cpu_count (void);
/* Sets libtorch's intra-op threads; @n <= 0 means ft_torch_cpu_count(). */
void ft_torch_set_threads (int n);
int ft_torch_get_threads (void);
/* CUDA when the libtorch built against has it and a device is present, else CPU. */
FtTorchDevice ft_torch_best_device (void);
/* "cpu", or "cuda:N" with N the device models move to (LOCAL_RANK across ranks). Static string. */
const char *ft_torch_device_name (FtTorchDevice device);
/* Non-zero when bf16 autocast is worth offering on this CPU (AVX512-BF16 or AMX). */
int ft_torch_cpu_has_bf16 (void);
/* Non-zero when this build and CPU compute fp32 3x3 convolutions with Winograd kernels
 * (see ft_torch_model_set_winograd). */
int ft_torch_winograd_available (void);
/* Seeds libtorch's global generators (used by ft_torch_model_new and head surgery). */
void ft_torch_manual_seed (uint64_t seed);
/*
 * Gives back to the system the memory the shim keeps between training steps.
 * From the first ft_torch_model_new() on, large freed CPU tensors are kept for
 * tensors of the same size, never more than the most in use at once; a
 * program calls this when a run ends, so that an idle one holds no more.
 */
void ft_torch_release_memory (void);

/* Bytes of large CPU tensors: in use now, kept for reuse, the most ever in use at once, and
 * all that was newly mapped from the system, since the last ft_torch_release_memory();
 * kept + in_use never exceeds peak. */
typedef struct
{
  size_t in_use;
  size_t kept;
  size_t peak;
  size_t mapped;
} FtTorchMemory;

void ft_torch_memory_stats (FtTorchMemory *out);

/* ---- model ------------------------------------------------------------ */

/*
 * ft_torch_model_new:
 * A torchvision ResNet-18 (same module tree and state-dict names) with
 * @num_classes outputs and torchvision's initialisation, drawn from the
 * global generator (see ft_torch_manual_seed).
 * @out: (transfer full): free with ft_torch_model_free().
 */
FtTorchStatus *ft_torch_model_new (int num_classes, FtTorchModel **out);
void ft_torch_model_free (FtTorchModel *model);
int ft_torch_model_num_classes (const FtTorchModel *model);

/*
 * ft_torch_model_load:
 * Reads a weights file written by torch.save(model.state_dict()) (the real
 * resnet18-f37072fd.pth included, whose pickle holds an OrderedDict with
 * _metadata) or by ft_torch_model_save(), checks every key and shape
 * according to @mode and copies the tensors in.  On failure the model is
 * unchanged and the message names the file's problem or the first key at
 * fault.
 */
FtTorchStatus *ft_torch_model_load (FtTorchModel *model, const char *path, FtTorchLoadMode mode);

/*
 * ft_torch_model_save:
 * Writes the state dict (parameters and buffers, 122 tensors) as a plain
 * dict of CPU tensors in torch.save's zip format, so that Python's
 * resnet18(num_classes=N).load_state_dict(torch.load(path), strict=True)
 * accepts it.  Written to a temporary file beside @path, synced and renamed:
 * @path is either the old file or the complete new one.
 */
FtTorchStatus *ft_torch_model_save (const FtTorchModel *model, const char *path);

/*
 * ft_torch_model_replace_head:
 * Replaces fc by a new Linear(512, @num_classes): weight xavier_uniform_,
 * bias PyTorch's default init.  When @source_rows is not NULL it holds
 * @num_classes entries; an entry >= 0 copies that row of the old fc (weight
 * and bias) into the new one, -1 leaves the row random.
 */
FtTorchStatus *
ft_torch_model_replace_head (FtTorchModel *model, int num_classes, const int *source_rows);

/*
 * ft_torch_model_freeze:
 * Frozen parameters take no gradient and no update (weight decay included).
 * BatchNorm layers inside frozen stages stay in eval mode during training:
 * they normalise with, and never update, their running statistics, so a
 * frozen stage computes exactly the same function before and after training
 * and its state-dict entries stay bitwise unchanged.  Create the optimiser
 * after freezing.
 */
FtTorchStatus *ft_torch_model_freeze (FtTorchModel *model, FtTorchFreeze freeze);

FtTorchStatus *ft_torch_model_set_precision (FtTorchModel *model, FtTorchPrecision precision);
FtTorchStatus *ft_torch_model_set_channels_last (FtTorchModel *model, int channels_last);
FtTorchStatus *ft_torch_model_to_device (FtTorchModel *model, FtTorchDevice device);

/*
 * ft_torch_model_set_winograd:
 * Non-zero: the 3x3, stride-1 convolutions run by oneDNN's Winograd F(4x4, 3x3) kernels
 * wherever they apply (fp32 on a CPU that has them; see ft_torch_winograd_available), in
 * the forward pass and both gradients.  They do 2.25 times fewer multiplications than the
 * direct kernels libtorch picks, so a training step is about a quarter faster; the result
 * is the same convolution with other rounding (up to 6e-6 of a layer's largest output, and
 * 1.4e-6 of the largest logit over the whole network).  Zero (a new model's setting):
 * libtorch's own convolutions, which PyTorch computes bit for bit the same way.
 */
FtTorchStatus *ft_torch_model_set_winograd (FtTorchModel *model, int winograd);

/*
 * ft_torch_model_eval:
 * Eval mode forward of @n images (float NCHW, C = 3, contiguous, on the
 * host).  Writes @n * num_classes logits (float32) to @logits.
 */
FtTorchStatus *ft_torch_model_eval (
  FtTorchModel *model, const float *images, int n, int height, int width, float *logits);

/* ---- Grad-CAM ---------------------------------------------------------- */

/*
 * ft_torch_model_grad_cam:
 * Grad-CAM of one image (float CHW, C = 3, normalised, host memory) as pytorch-grad-cam's GradCAM
 * computes it for ResNet-18's layer4: A = layer4's output in eval mode, G = the gradient of the
 * logit of class @target (the predicted class when -1) with respect to A, w = G averaged over
 * the spatial positions, grid = ReLU(sum_k w_k A_k) min-max normalised (eps 1e-7); the map is
 * grid upsampled bilinearly (align_corners false) to @height × @width, clamped at 0 and min-max
 * normalised again.  Runs in the model's precision (bf16 autocast included); A and G are taken
 * to float32 before the weighting.  Frozen stages need no gradient: only the head's is taken.
 * @out: (transfer full): free with ft_torch_cam_free().
 */
FtTorchStatus *ft_torch_model_grad_cam (
  FtTorchModel *model, const float *image, int height, int width, int target, FtTorchCam **out);
void ft_torch_cam_free (FtTorchCam *cam);
/* The class the map is for. */
int ft_torch_cam_class (const FtTorchCam *cam);
/* The image's logits (num_classes floats); owned by @cam. */
const float *ft_torch_cam_logits (const FtTorchCam *cam);
/* The map at layer4's resolution, after the ReLU and the first normalisation, row-major;
 * owned by @cam. */
const float *ft_torch_cam_grid (const FtTorchCam *cam, int *rows, int *cols);
/* The map at the image's size, row-major; owned by @cam. */
const float *ft_torch_cam_map (const FtTorchCam *cam, int *rows, int *cols);

/* ---- optimisation ----------------------------------------------------- */

typedef struct
{
  double lr;           /* learning rate of every parameter but fc */
  double head_lr_mult; /* fc.weight and fc.bias use lr * head_lr_mult when param_groups */
  int param_groups;    /* non-zero: two groups as in the recipe; zero: one group at lr */
  double weight_decay; /* the recipe: 0.001, on every parameter */
  double momentum;     /* the recipe: 0 */
} FtTorchSgdOptions;

/*
 * ft_torch_sgd_new:
 * Plain SGD over the model's trainable (not frozen) parameters.
 * @out: (transfer full): free with ft_torch_sgd_free(); it must not outlive @model.
 */
FtTorchStatus *
ft_torch_sgd_new (FtTorchModel *model, const FtTorchSgdOptions *options, FtTorchSgd **out);
void ft_torch_sgd_free (FtTorchSgd *sgd);
/* Multiplies every group's learning rate by @factor (schedules). */
void ft_torch_sgd_scale_lr (FtTorchSgd *sgd, double factor);

/*
 * ft_torch_train_step:
 * One step in train mode: forward @n images (float NCHW, host memory) with
 * int64 @labels, loss = SUM over the batch of per-example cross-entropy,
 * backward, one SGD update.  @loss_sum receives the summed loss (as the
 * book adds it up) and @correct the number of correct predictions.
 * A model trained across ranks (ft_torch_model_set_dist()) accepts @n = 0,
 * a batch whose images were all unreadable: the rank still takes part in
 * the step's exchanges with a zero gradient, and updates as the others do.
 */
FtTorchStatus *ft_torch_train_step (FtTorchModel *model,
                                    FtTorchSgd *sgd,
                                    const float *images,
                                    const int64_t *labels,
                                    int n,
                                    int height,
                                    int width,
                                    double *loss_sum,
                                    int64_t *correct);

/* ---- state-dict access (tests, reuse of classifier rows, diagnostics) ---- */

/* Number of state-dict entries (parameters and buffers). */
size_t ft_torch_model_n_tensors (const FtTorchModel *model);
/* Name of entry @i in state-dict order; owned by @model. */
const char *ft_torch_model_tensor_name (const FtTorchModel *model, size_t i);
/*
 * Copies tensor @name (converted to float32) into @out, which holds @capacity
 * floats; @numel receives its element count (also when @out is NULL).
 */
FtTorchStatus *ft_torch_model_tensor_copy (
  const FtTorchModel *model, const char *name, float *out, size_t capacity, size_t *numel);

/* ---- data-parallel training (torch.distributed) ------------------------- */

/* What a failed status says about the other ranks. */
typedef enum
{
  FT_TORCH_DIST_FAULT_NONE,
  FT_TORCH_DIST_FAULT_UNSUPPORTED, /* this build has no c10d/gloo */
  FT_TORCH_DIST_FAULT_UNREACHABLE, /* the store at MASTER_ADDR:MASTER_PORT did not answer */
  FT_TORCH_DIST_FAULT_WORLD_SIZE,  /* the rank named counts another number of ranks */
  FT_TORCH_DIST_FAULT_LOST_RANK,   /* the rank named stopped answering */
  FT_TORCH_DIST_FAULT_CANCELLED,   /* ft_torch_dist_abort() abandoned the exchange */
} FtTorchDistFault;

/* The fault @status reports (NONE for NULL or a status of another kind); @rank receives the
 * rank it names, or -1. */
FtTorchDistFault ft_torch_status_dist_fault (const FtTorchStatus *status, int *rank);

/* Non-zero when this build can train across processes (c10d with gloo). */
int ft_torch_dist_available (void);
/* Non-zero when it can also on CUDA: its libtorch has c10d's NCCL. */
int ft_torch_dist_nccl_available (void);

typedef struct
{
  int rank;                /* RANK */
  int world_size;          /* WORLD_SIZE */
  int local_rank;          /* LOCAL_RANK */
  const char *master_addr; /* MASTER_ADDR */
  int master_port;         /* MASTER_PORT */
  int agent_store;         /* TORCHELASTIC_USE_AGENT_STORE=True: torchrun's agent hosts the
                            * store and this process joins it as a client */
  int restart_count;       /* TORCHELASTIC_RESTART_COUNT */
  double timeout_seconds;  /* for joining and for every collective */
  FtTorchDevice device;    /* where the model trains: on CUDA, NCCL on device local_rank
                            * (which models then move to); on the CPU, gloo */
} FtTorchDistOptions;

/*
 * ft_torch_dist_new:
 * Joins the process group as c10d's env:// rendezvous does: a TCPStore at
 * master_addr:master_port (hosted by rank 0, or by torchrun's agent, in which
 * case keys live under PrefixStore("/worker/attempt_<restart_count>")), the
 * ranks agreeing first on their number, then a gloo process group (the
 * interface GLOO_SOCKET_IFNAME names, else the host name's), or on CUDA an
 * NCCL one on device local_rank.
 * @out: (transfer full): free with ft_torch_dist_free().
 */
FtTorchStatus *ft_torch_dist_new (const FtTorchDistOptions *options, FtTorchDist **out);
void ft_torch_dist_free (FtTorchDist *dist);
/* Abandons the exchange this rank waits in, and every later one, with a status whose fault is
 * FT_TORCH_DIST_FAULT_CANCELLED: for a run being stopped.  Safe from any thread; @dist stays
 * to be freed and is of no further use. */
void ft_torch_dist_abort (FtTorchDist *dist);
int ft_torch_dist_rank (const FtTorchDist *dist);
int ft_torch_dist_world_size (const FtTorchDist *dist);
/* "gloo" or "nccl". Static string. */
const char *ft_torch_dist_backend (const FtTorchDist *dist);
/* Compares @value under @key with the other ranks; @other_rank receives the first rank whose
 * value differs from this one's (rank 0 compares all, the others compare with rank 0), or -1. */
FtTorchStatus *
ft_torch_dist_agree (FtTorchDist *dist, const char *key, const char *value, int *other_rank);
/* Sums @n doubles over the ranks, in place. */
FtTorchStatus *ft_torch_dist_allreduce (FtTorchDist *dist, double *values, int n);
/* Gives every rank rank 0's buffers, and its parameters too unless @buffers_only. */
FtTorchStatus *
ft_torch_dist_broadcast_model (FtTorchDist *dist, FtTorchModel *model, int buffers_only);
/*
 * ft_torch_model_set_dist:
 * From now on each ft_torch_train_step() of @model computes what
 * DistributedDataParallel computes: rank 0's buffers before the forward pass
 * (broadcast_buffers), the gradients of trainable parameters summed over the
 * ranks and divided by their number before the update.  @dist (borrowed) must
 * outlive its use; NULL trains alone again.
 */
FtTorchStatus *ft_torch_model_set_dist (FtTorchModel *model, FtTorchDist *dist);

/* Seconds the training steps spent exchanging gradients (waiting for the slowest rank
 * included) and the number of steps, since @dist was joined. */
void ft_torch_dist_comm_stats (const FtTorchDist *dist, double *seconds, uint64_t *steps);

/* torch.randperm(@n, generator=torch.Generator().manual_seed(@seed)) into @out. */
FtTorchStatus *ft_torch_randperm (int64_t n, uint64_t seed, int64_t *out);

FT_TORCH_END_DECLS
