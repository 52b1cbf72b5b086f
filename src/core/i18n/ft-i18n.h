/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ft_i18n_init:
 *
 * Sets the locale from the environment and binds the program's gettext domain to its
 * catalogues: the folder named by $FINETUNE_LOCALEDIR when set (the build tree's po/, as
 * `tools/dev run`, `meson devenv` and the tests set it), else those installed beside the
 * running binary (prefix/share/locale seen from prefix/bin) when that folder exists, else the
 * configured LOCALEDIR. Call it first in main().
 */
void ft_i18n_init (void);

/**
 * ft_i18n_locale_dir:
 *
 * Returns: (transfer full): the folder ft_i18n_init() binds the gettext domain to.
 */
char *ft_i18n_locale_dir (void);

G_END_DECLS
