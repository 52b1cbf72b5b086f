/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ft-run-estimate.h"
#include "ft-settings.h"

/* An epoch longer than this deserves a word before Start. */
#define LONG_EPOCH_SECONDS 60.0

struct _FtRunEstimate
{
  GtkWidget parent_instance;
  GSettings *settings;
  GtkWidget *box;
  GtkLabel *label;
  guint n_train;
};

G_DEFINE_FINAL_TYPE (FtRunEstimate, ft_run_estimate, GTK_TYPE_WIDGET)

static char *
format_length (double seconds)
{
  int s = (int) ceil (seconds);

  if (s >= 3600)
    return g_strdup_printf (_ ("%d h %02d min"), s / 3600, s / 60 % 60);
  if (s >= 60)
    return g_strdup_printf (_ ("%d min"), (s + 30) / 60);
  return g_strdup_printf (_ ("%d s"), MAX (s, 1));
}

/* Examples per second at @size px: the step's work grows with the pixels of an image. */
static double
speed_at (FtRunEstimate *self, guint size)
{
  double measured = g_settings_get_double (self->settings, "measured-speed");
  double at = g_settings_get_uint (self->settings, "measured-speed-size");

  if (measured <= 0 || at <= 0)
    return 0;
  return measured * (at / size) * (at / size);
}

/* The largest power of two up to a quarter of the set: a few steps an epoch. */
static guint
suggest_batch (guint n_train)
{
  guint batch = 1;

  while (batch * 2 <= MAX (n_train / 4, 1))
    batch *= 2;
  return batch;
}

static void
append_sentence (GString *text, char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
  g_free (sentence);
}

static void
describe_length (FtRunEstimate *self, GString *text, guint size, double speed)
{
  guint epochs = g_settings_get_uint (self->settings, "epochs");
  guint runs = g_settings_get_boolean (self->settings, "side-by-side") ? 2 : 1;
  double epoch_seconds = self->n_train / speed;
  g_autofree char *total = format_length (epoch_seconds * epochs * runs);
  g_autofree char *epoch = format_length (epoch_seconds);

  if (epoch_seconds <= LONG_EPOCH_SECONDS)
    {
      append_sentence (text, g_strdup_printf (_ ("The run will take about %s on this computer, "
                                                 "from the speed its last run measured."),
                                              total));
      return;
    }
  if (size > 64)
    {
      guint smaller = MAX (size / 2 / 16 * 16, 32);
      g_autofree char *faster = format_length (self->n_train / speed_at (self, smaller));

      append_sentence (text, g_strdup_printf (_ ("One epoch will take about %s on this computer, "
                                                 "the run about %s. For a first look, try "
                                                 "%u px images (about %s an epoch) or fewer "
                                                 "epochs."),
                                              epoch, total, smaller, faster));
    }
  else
    append_sentence (text, g_strdup_printf (_ ("One epoch will take about %s on this computer, "
                                               "the run about %s. For a first look, try fewer "
                                               "epochs or a smaller data set."),
                                            epoch, total));
}

static void
update (FtRunEstimate *self)
{
  guint batch = g_settings_get_uint (self->settings, "batch-size");
  guint size = g_settings_get_uint (self->settings, "image-size");
  g_autoptr (GString) text = g_string_new (NULL);
  double speed = speed_at (self, size);

  if (self->n_train > 0 && batch > self->n_train)
    append_sentence (text,
                     g_strdup_printf (_ ("The batch of %u is larger than the %u training images, "
                                         "so each epoch is a single step that learns little. Try "
                                         "a batch of %u."),
                                      batch, self->n_train, suggest_batch (self->n_train)));
  if (self->n_train > 0 && speed > 0)
    describe_length (self, text, size, speed);
  gtk_label_set_text (self->label, text->str);
  gtk_widget_set_visible (self->box, text->len > 0);
}

static void
ft_run_estimate_dispose (GObject *object)
{
  FtRunEstimate *self = FT_RUN_ESTIMATE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ft_run_estimate_parent_class)->dispose (object);
}

static void
ft_run_estimate_class_init (FtRunEstimateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ft_run_estimate_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ft_run_estimate_init (FtRunEstimate *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_add_css_class (self->box, "weights-note");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (self->box), label);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->label = GTK_LABEL (label);
  self->settings = ft_settings_new ();
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
ft_run_estimate_new (void)
{
  return g_object_new (FT_TYPE_RUN_ESTIMATE, NULL);
}

void
ft_run_estimate_set_n_train (FtRunEstimate *self, guint n_train)
{
  g_return_if_fail (FT_IS_RUN_ESTIMATE (self));
  self->n_train = n_train;
  update (self);
}

const char *
ft_run_estimate_get_text (FtRunEstimate *self)
{
  g_return_val_if_fail (FT_IS_RUN_ESTIMATE (self), NULL);
  return gtk_widget_get_visible (self->box) ? gtk_label_get_text (self->label) : "";
}

void
ft_run_estimate_record_speed (GSettings *settings, double examples_per_sec, guint image_size)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  if (!(examples_per_sec > 0) || image_size == 0)
    return;
  g_settings_set_double (settings, "measured-speed", examples_per_sec);
  g_settings_set_uint (settings, "measured-speed-size", image_size);
}
