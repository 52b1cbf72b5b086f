/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ft-archive.h"
#include "ft-split-dialog.h"
#include "ft-split.h"

struct _FtSplitDialog
{
  AdwMessageDialog parent_instance;
  char *source;
  GtkSpinButton *percent_spin;
  GtkSpinButton *seed_spin;
};

G_DEFINE_FINAL_TYPE (FtSplitDialog, ft_split_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GtkWidget *
labelled (const char *mnemonic, GtkWidget *control)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), control);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), control);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  return box;
}

static GtkWidget *
make_controls (FtSplitDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->percent_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (5, 50, 5));
  gtk_spin_button_set_value (self->percent_spin, 100 * FT_SPLIT_DEFAULT_TEST_FRACTION);
  self->seed_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, G_MAXINT32, 1));
  gtk_spin_button_set_value (self->seed_spin, 0);
  gtk_box_append (GTK_BOX (box), labelled (_ ("_Percent of each class to test on"),
                                           GTK_WIDGET (self->percent_spin)));
  gtk_box_append (GTK_BOX (box), labelled (_ ("S_eed"), GTK_WIDGET (self->seed_spin)));
  return box;
}

GtkWidget *
ft_split_dialog_new (GtkWindow *parent, const char *source)
{
  FtSplitDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *datasets = ft_archive_default_datasets_dir ();
  g_autofree char *body = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  name = g_filename_display_basename (source);
  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    body = g_strdup_printf (
      _ ("“%s” has a folder of photos for each class, but no train/ and test/ folders. A share "
         "of each class can be held out for testing, picked at random from the seed: the same "
         "seed always picks the same photos. Your photos stay as they are; the new data set in "
         "%s holds hard links to them, which take no space and keep working if the photos are "
         "moved, or copies where links cannot be made."),
      name, datasets);
  else
    /* an archive's photos are unpacked into the new data set: they take their own space */
    body = g_strdup_printf (
      _ ("“%s” has a folder of photos for each class, but no train/ and test/ folders. A share "
         "of each class can be held out for testing, picked at random from the seed: the same "
         "seed always picks the same photos. The archive stays as it is; its photos are "
         "unpacked into the new data set in %s."),
      name, datasets);
  self = g_object_new (FT_TYPE_SPLIT_DIALOG, "transient-for", parent, "modal", TRUE, "heading",
                       _ ("Split Into Training and Test Photos?"), "body", body, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _ ("Split Into Training and Test Photos?"));
  self->source = g_strdup (source);
  return GTK_WIDGET (self);
}

const char *
ft_split_dialog_get_source (FtSplitDialog *self)
{
  g_return_val_if_fail (FT_IS_SPLIT_DIALOG (self), NULL);
  return self->source;
}

double
ft_split_dialog_get_test_fraction (FtSplitDialog *self)
{
  g_return_val_if_fail (FT_IS_SPLIT_DIALOG (self), FT_SPLIT_DEFAULT_TEST_FRACTION);
  return gtk_spin_button_get_value (self->percent_spin) / 100;
}

guint64
ft_split_dialog_get_seed (FtSplitDialog *self)
{
  g_return_val_if_fail (FT_IS_SPLIT_DIALOG (self), 0);
  return (guint64) gtk_spin_button_get_value_as_int (self->seed_spin);
}

static void
ft_split_dialog_finalize (GObject *object)
{
  g_free (FT_SPLIT_DIALOG (object)->source);
  G_OBJECT_CLASS (ft_split_dialog_parent_class)->finalize (object);
}

static void
ft_split_dialog_class_init (FtSplitDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ft_split_dialog_finalize;
}

static void
ft_split_dialog_init (FtSplitDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_set_extra_child (dialog, make_controls (self));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "split", _ ("_Split"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "split", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "split");
  adw_message_dialog_set_close_response (dialog, "cancel");
}
