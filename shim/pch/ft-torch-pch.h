/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Precompiled: every shim file includes libtorch, whose headers dominate build time. */
#include <torch/torch.h>
