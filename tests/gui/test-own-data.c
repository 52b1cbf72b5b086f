/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ft-data-page.h"
#include "ft-settings.h"
#include "ft-synth.h"
#include "ft-test-gui.h"
#include "ft-thumbnail.h"
#include "ft-training-page.h"

static int width = 800, height = 600;
static char *root;
static char *shots;
static FtApplication *app;

static gboolean
window_shown (gpointer title)
{
  return ft_test_gui_find_window (title) != NULL;
}

static gboolean
window_gone (gpointer title)
{
  return ft_test_gui_find_window (title) == NULL;
}

static gboolean
has_selection (gpointer chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

static gboolean
not_running (gpointer page)
{
  return !ft_training_page_get_running (page);
}

static gboolean
dataset_loaded (gpointer page)
{
  return ft_data_page_get_dataset (page) != NULL;
}

typedef struct
{
  GtkWidget *root;
  const char *text;
} TextQuery;

static gboolean
shows_text (GtkWidget *widget, gpointer data)
{
  const char *text = data;
  const char *shown = NULL;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    shown = gtk_label_get_label (GTK_LABEL (widget));
  return shown != NULL && strstr (shown, text) != NULL;
}

static gboolean
text_shown (gpointer data)
{
  TextQuery *query = data;

  return ft_test_gui_find (query->root, shows_text, (gpointer) query->text) != NULL;
}

static gboolean
is_unreadable_thumbnail (GtkWidget *widget, gpointer name)
{
  return FT_IS_THUMBNAIL (widget) && ft_thumbnail_get_unreadable (FT_THUMBNAIL (widget))
         && g_str_has_suffix (ft_thumbnail_get_path (FT_THUMBNAIL (widget)), name);
}

static gboolean
is_figure_photo (GtkWidget *widget, gpointer data)
{
  return GTK_IS_PICTURE (widget)
         && gtk_picture_get_content_fit (GTK_PICTURE (widget)) == GTK_CONTENT_FIT_CONTAIN;
}

/* Scrolls @page so that the book's figure's first row is at the top. */
static void
scroll_to_figure (GtkWidget *page)
{
  GtkWidget *scrolled = gtk_widget_get_first_child (page);
  GtkWidget *photo = ft_test_gui_find (page, is_figure_photo, NULL);
  GtkAdjustment *adj;
  graphene_point_t at;

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  g_assert_nonnull (photo);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (
    gtk_widget_compute_point (photo, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                              &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adj, at.y - 60);
}

static gboolean
is_spin_button (GtkWidget *widget, gpointer data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
is_entry (GtkWidget *widget, gpointer data)
{
  return GTK_IS_ENTRY (widget);
}

static void
write_png (const char *path, int w, int h)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  g_autoptr (GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  gdk_pixbuf_fill (pixbuf, 0xc06020ff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

/* The practice set with a truncated PNG and a text file named .jpg among its training images. */
static char *
write_damaged_set (void)
{
  char *dir = g_build_filename (root, "damaged", NULL);
  g_autofree char *cut = g_build_filename (dir, "train", "hotdog", "0-cut.png", NULL);
  g_autofree char *text = g_build_filename (dir, "train", "not-hotdog", "zz-notes.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (ft_synth_write (dir, 16, 64, 5, NULL, &error));
  g_assert_no_error (error);
  write_png (cut, 90, 60);
  g_assert_true (g_file_get_contents (cut, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 2, NULL));
  g_assert_true (g_file_set_contents (text, "these are notes, not a photo\n", -1, NULL));
  return dir;
}

static GtkWidget *
find_in_toasts (FtWindow *window, const char *label)
{
  GtkWidget *overlay = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkWidget *content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content && ft_test_gui_find_button (child, label) != NULL)
      return ft_test_gui_find_button (child, label);
  return NULL;
}

typedef struct
{
  FtWindow *window;
  const char *label;
} ToastQuery;

static gboolean
toast_button_shown (gpointer data)
{
  ToastQuery *query = data;

  return find_in_toasts (query->window, query->label) != NULL;
}

/* The Data page counts and marks unreadable images; a run skips them and its end says how many,
 * with a button that names them. */
static void
test_unreadable (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *dir = write_damaged_set ();
  FtWindow *window;
  GtkWidget *data_page, *training;
  TextQuery counted = { NULL, NULL };
  ToastQuery show = { NULL, _ ("Show Them") };
  const char *title = _ ("Unreadable Images");
  GtkWindow *dialog;

  g_settings_set_string (settings, "data-dir", dir);
  g_settings_set_uint (settings, "epochs", 1);
  g_settings_set_uint (settings, "batch-size", 8);
  g_settings_set_uint (settings, "image-size", 64);
  window = ft_test_gui_window_new (app, width, height);
  data_page = ft_window_get_page (window, "data");
  ft_window_show_page (window, "data");
  g_assert_true (ft_test_gui_wait (dataset_loaded, data_page, 20000));
  {
    FtDataset *dataset = ft_data_page_get_dataset (FT_DATA_PAGE (data_page));
    guint n_train = ft_image_folder_count_class (ft_dataset_get_train (dataset), 0);
    guint n_test = ft_image_folder_count_class (ft_dataset_get_test (dataset), 0);
    g_autofree char *where = g_strdup_printf (_ ("“%s” in %s"), ft_dataset_get_name (dataset),
                                              ft_dataset_get_root (dataset));
    g_autofree char *row = g_strdup_printf (
      ngettext ("%u to train on, %u to test, and %u that cannot be read, which training skips",
                "%u to train on, %u to test, and %u that cannot be read, which training skips", 1),
      n_train - 1, n_test, 1);
    g_autofree char *group
      = g_strdup_printf (ngettext ("%s. %u image cannot be read; training skips it.",
                                   "%s. %u images cannot be read; training skips them.", 2),
                         where, 2);
    TextQuery whole = { data_page, group };

    /* one bad file in each class, counted apart from the images to train on */
    counted.root = data_page;
    counted.text = row;
    g_assert_true (ft_test_gui_wait (text_shown, &counted, 30000));
    g_assert_true (text_shown (&whole));
  }
  g_assert_nonnull (ft_test_gui_find (data_page, is_unreadable_thumbnail, "/0-cut.png"));
  g_assert_nonnull (ft_test_gui_find (data_page, is_unreadable_thumbnail, "/zz-notes.jpg"));
  /* the book's figure keeps each photo's proportions */
  g_assert_nonnull (ft_test_gui_find (data_page, is_figure_photo, NULL));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "data-unreadable");
  scroll_to_figure (data_page);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "data-unreadable-figure");

  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (100);
  ft_test_gui_click (
    ft_test_gui_find_button (ft_window_get_page (window, "experiment"), _ ("From scratch (book)")));
  ft_window_show_page (window, "training");
  training = ft_window_get_page (window, "training");
  ft_test_gui_spin (100);
  ft_test_gui_click (ft_test_gui_find_actionable (training, "win.start"));
  ft_test_gui_spin (500);
  g_assert_true (ft_test_gui_wait (not_running, training, 240000));
  show.window = window;
  g_assert_true (ft_test_gui_wait (toast_button_shown, &show, 5000));
  {
    g_autofree char *title_text
      = g_strdup_printf (ngettext ("The run skipped %u image that cannot be read.",
                                   "The run skipped %u images that cannot be read.", 2),
                         2);
    TextQuery said = { GTK_WIDGET (window), title_text };

    g_assert_true (text_shown (&said));
  }
  ft_test_gui_click (find_in_toasts (window, _ ("Show Them")));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) title, 5000));
  dialog = ft_test_gui_find_window (title);
  g_assert_nonnull (ft_test_gui_find_row (GTK_WIDGET (dialog), "0-cut.png"));
  g_assert_nonnull (ft_test_gui_find_row (GTK_WIDGET (dialog), "zz-notes.jpg"));
  ft_test_gui_shoot (GTK_WIDGET (dialog), shots, "run-skipped");
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (dialog), _ ("_Close")));
  g_assert_true (ft_test_gui_wait (window_gone, (gpointer) title, 5000));
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
  g_settings_set_string (settings, "data-dir", "");
}

static void
write_bytes (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

/* A BMP whose header claims 100000x100000 pixels of 24 bits, with a few bytes of them. */
static void
write_huge_bmp (const char *path)
{
  guint8 bmp[64] = { 'B', 'M' };
  const guint32 fields[][2] = {
    { 2, sizeof bmp }, { 10, 54 }, { 14, 40 }, { 18, 100000 }, { 22, 100000 }, { 34, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      guint32 v = GUINT32_TO_LE (fields[i][1]);
      memcpy (bmp + fields[i][0], &v, 4);
    }
  bmp[26] = 1;  /* planes */
  bmp[28] = 24; /* bits per pixel */
  write_bytes (path, bmp, sizeof bmp);
}

/* @name of the image fuzz harness's corpus, the reproducer of a finding, copied to @path. */
static void
copy_reproducer (const char *name, const char *path)
{
  g_autofree char *source
    = g_test_build_filename (G_TEST_DIST, "fuzz", "image", "corpus", name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  write_bytes (path, data, len);
}

/* The practice set with, among its training images, an SVG named .jpg, a GIF named .png, a BMP
 * claiming 100000x100000 pixels, and the image fuzz harness's reproducers of an SVG without a
 * width, a GIF frame 0 rows high and a BMP with a huge info header (the first class's first
 * six), a truncated PNG and a text file named .jpg (the last class's last two). */
static char *
write_hostile_set (void)
{
  static const guint8 gif[]
    = { 'G',  'I', 'F', '8', '9', 'a',  1, 0, 1, 0,   0x80, 0, 0,   0xff, 0xff,
        0xff, 0,   0,   0,   '!', 0xf9, 4, 1, 0, 0,   0,    0, ',', 0,    0,
        0,    0,   1,   0,   1,   0,    0, 2, 2, 'D', 1,    0, ';' };
  static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" "
                            "height=\"64\"><rect width=\"64\" height=\"64\"/></svg>\n";
  char *dir = g_build_filename (root, "hostile", NULL);
  g_autofree char *first = g_build_filename (dir, "train", "hotdog", NULL);
  g_autofree char *last = g_build_filename (dir, "train", "not-hotdog", NULL);
  g_autofree char *svg_path = g_build_filename (first, "0-drawing.jpg", NULL);
  g_autofree char *gif_path = g_build_filename (first, "0-moving.png", NULL);
  g_autofree char *bmp_path = g_build_filename (first, "0-huge.bmp", NULL);
  g_autofree char *svg_repro = g_build_filename (first, "0-drawing-no-width.jpg", NULL);
  g_autofree char *gif_repro = g_build_filename (first, "0-moving-flat.png", NULL);
  g_autofree char *bmp_repro = g_build_filename (first, "0-huge-info.bmp", NULL);
  g_autofree char *cut = g_build_filename (last, "zz-cut.png", NULL);
  g_autofree char *text = g_build_filename (last, "zz-notes.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (ft_synth_write (dir, 16, 64, 5, NULL, &error));
  g_assert_no_error (error);
  write_bytes (svg_path, svg, strlen (svg));
  write_bytes (gif_path, gif, sizeof gif);
  write_huge_bmp (bmp_path);
  copy_reproducer ("repro-svg-no-width.jpg", svg_repro);
  copy_reproducer ("repro-gif-frame-height-0", gif_repro);
  copy_reproducer ("repro-bmp-info-size-huge.bmp", bmp_repro);
  write_png (cut, 90, 60);
  g_assert_true (g_file_get_contents (cut, &data, &len, NULL));
  write_bytes (cut, data, len / 2);
  write_bytes (text, "these are notes, not a photo\n", strlen ("these are notes, not a photo\n"));
  return dir;
}

static gboolean
is_button (GtkWidget *widget, gpointer data)
{
  return GTK_IS_BUTTON (widget);
}

/* The sentence the marked thumbnail of @name gives, on its button. */
static char *
thumbnail_sentence (GtkWidget *page, const char *name)
{
  g_autofree char *suffix = g_strconcat ("/", name, NULL);
  GtkWidget *thumb = ft_test_gui_find (page, is_unreadable_thumbnail, suffix);
  GtkWidget *button;

  g_assert_nonnull (thumb);
  button = ft_test_gui_find (thumb, is_button, NULL);
  g_assert_nonnull (button);
  return g_strdup (gtk_widget_get_tooltip_text (button));
}

/* Files that only pass for images: each counted unreadable, marked in the gallery with its
 * sentence; nothing crashes or warns (the tests run with warnings and criticals fatal), and the
 * rest of the window answers. */
static void
test_hostile_images (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *dir = write_hostile_set ();
  const char *names[]
    = { "0-drawing.jpg", "0-moving.png", "0-huge.bmp", "zz-cut.png", "zz-notes.jpg" };
  FtWindow *window;
  GtkWidget *data_page, *experiment;

  g_settings_set_string (settings, "data-dir", dir);
  window = ft_test_gui_window_new (app, width, height);
  data_page = ft_window_get_page (window, "data");
  ft_window_show_page (window, "data");
  g_assert_true (ft_test_gui_wait (dataset_loaded, data_page, 20000));
  {
    FtDataset *dataset = ft_data_page_get_dataset (FT_DATA_PAGE (data_page));
    g_autofree char *where = g_strdup_printf (_ ("“%s” in %s"), ft_dataset_get_name (dataset),
                                              ft_dataset_get_root (dataset));
    g_autofree char *group
      = g_strdup_printf (ngettext ("%s. %u image cannot be read; training skips it.",
                                   "%s. %u images cannot be read; training skips them.", 8),
                         where, 8);
    guint n_train = ft_image_folder_count_class (ft_dataset_get_train (dataset), 0);
    guint n_test = ft_image_folder_count_class (ft_dataset_get_test (dataset), 0);
    g_autofree char *row = g_strdup_printf (
      ngettext ("%u to train on, %u to test, and %u that cannot be read, which training skips",
                "%u to train on, %u to test, and %u that cannot be read, which training skips", 6),
      n_train - 6, n_test, 6);
    TextQuery whole = { data_page, group };
    TextQuery counted = { data_page, row };

    g_assert_true (ft_test_gui_wait (text_shown, &whole, 30000));
    g_assert_true (text_shown (&counted));
  }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *said = thumbnail_sentence (data_page, names[i]);
      g_autofree char *expected
        = g_strdup_printf (_ ("%s cannot be read as an image, so training skips it."), names[i]);

      g_assert_cmpstr (said, ==, expected);
    }
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "data-hostile");
  scroll_to_figure (data_page);
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "data-hostile-figure");
  /* the rest of the window answers */
  ft_window_show_page (window, "experiment");
  experiment = ft_window_get_page (window, "experiment");
  ft_test_gui_spin (100);
  ft_test_gui_click (ft_test_gui_find_button (experiment, _ ("From scratch (book)")));
  g_assert_cmpint (g_settings_get_enum (settings, "init"), ==, 1);
  ft_window_show_page (window, "data");
  ft_test_gui_spin (100);
  g_assert_true (gtk_widget_get_mapped (data_page));
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
  g_settings_set_string (settings, "data-dir", "");
}

static gboolean
data_dir_is (gpointer expected)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  g_autofree char *dir = g_settings_get_string (settings, "data-dir");

  return g_str_equal (dir, expected);
}

/* Own photos without train/ and test/: the Folder chooser leads to the split offer, which
 * makes a data set beside the others and leaves the photos as they were. */
static void
test_split_offer (void)
{
  g_autofree char *photos = g_build_filename (root, "photos", NULL);
  g_autofree char *datasets
    = g_build_filename (g_get_user_data_dir (), "finetune", "datasets", NULL);
  g_autofree char *expected = g_build_filename (datasets, "photos-split", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (photos);
  const char *choose = _ ("Open a Data Set Folder");
  const char *offer = _ ("Split Into Training and Test Photos?");
  FtWindow *window;
  GtkWidget *data_page;
  GtkWindow *chooser, *dialog;
  FtImageFolder *test;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *cat = g_strdup_printf ("%s/cat/%u.png", photos, i);
      g_autofree char *dog = g_strdup_printf ("%s/dog/%u.png", photos, i);
      write_png (cat, 40 + i, 30);
      write_png (dog, 30, 40 + i);
    }
  window = ft_test_gui_window_new (app, width, height);
  data_page = ft_window_get_page (window, "data");
  ft_window_show_page (window, "data");
  ft_test_gui_spin (100);
  ft_test_gui_click (ft_test_gui_find_actionable (data_page, "data.open-folder"));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) choose, 5000));
  chooser = ft_test_gui_find_window (choose);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  g_assert_true (ft_test_gui_wait (has_selection, chooser, 5000));
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (chooser), _ ("_Open")));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) offer, 10000));
  dialog = ft_test_gui_find_window (offer);
  {
    GtkWidget *row = ft_test_gui_find (GTK_WIDGET (dialog), is_spin_button, NULL);
    g_assert_nonnull (row);
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (row)), ==, 20);
  }
  ft_test_gui_shoot (GTK_WIDGET (dialog), shots, "split-offer");
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (dialog), _ ("_Split")));
  g_assert_true (ft_test_gui_wait (data_dir_is, expected, 20000));
  g_assert_true (ft_test_gui_wait (dataset_loaded, data_page, 20000));
  test = ft_dataset_get_test (ft_data_page_get_dataset (FT_DATA_PAGE (data_page)));
  g_assert_cmpuint (ft_image_folder_get_n_samples (test), ==, 4);
  {
    g_autofree char *left = g_build_filename (photos, "cat", "0.png", NULL);
    g_autofree char *no_train = g_build_filename (photos, "train", NULL);
    g_assert_true (g_file_test (left, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (no_train, G_FILE_TEST_EXISTS));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* An archive of class folders, wrapped in one folder, without train/ and test/: the Archive…
 * chooser leads to the same split offer, and the data set is made from the archive's photos,
 * with nothing of the unpacking left behind. */
static void
test_archive_split_offer (void)
{
  g_autofree char *photos = g_build_filename (root, "packed", "holiday", NULL);
  g_autofree char *archive = g_build_filename (root, "holiday.tar", NULL);
  g_autofree char *datasets
    = g_build_filename (g_get_user_data_dir (), "finetune", "datasets", NULL);
  g_autofree char *expected = g_build_filename (datasets, "holiday-split", NULL);
  g_autofree char *packed = g_build_filename (root, "packed", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (archive);
  g_autoptr (GError) error = NULL;
  const char *choose = _ ("Open an Archive");
  const char *offer = _ ("Split Into Training and Test Photos?");
  FtWindow *window;
  GtkWidget *data_page;
  GtkWindow *chooser, *dialog;
  FtDataset *dataset;
  int status = -1;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *sea = g_strdup_printf ("%s/sea/%u.png", photos, i);
      g_autofree char *hill = g_strdup_printf ("%s/hill/%u.png", photos, i);
      write_png (sea, 40 + i, 30);
      write_png (hill, 30, 40 + i);
    }
  g_assert_true (g_spawn_sync (NULL,
                               (char *[]){ "tar", "-C", packed, "-cf", archive, "holiday", NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  window = ft_test_gui_window_new (app, width, height);
  data_page = ft_window_get_page (window, "data");
  ft_window_show_page (window, "data");
  ft_test_gui_spin (100);
  ft_test_gui_click (ft_test_gui_find_actionable (data_page, "data.open-zip"));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) choose, 5000));
  chooser = ft_test_gui_find_window (choose);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  g_assert_true (ft_test_gui_wait (has_selection, chooser, 5000));
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (chooser), _ ("_Open")));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) offer, 20000));
  dialog = ft_test_gui_find_window (offer);
  {
    GtkWidget *row = ft_test_gui_find (GTK_WIDGET (dialog), is_spin_button, NULL);
    g_assert_nonnull (row);
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (row)), ==, 20);
  }
  {
    /* it speaks of the archive, not of hard links to photos that are only unpacked */
    g_autofree char *body = NULL;

    g_autofree char *folder_body = g_strdup_printf (
      _ ("“%s” has a folder of photos for each class, but no train/ and test/ folders. A share "
         "of each class can be held out for testing, picked at random from the seed: the same "
         "seed always picks the same photos. Your photos stay as they are; the new data set in "
         "%s holds hard links to them, which take no space and keep working if the photos are "
         "moved, or copies where links cannot be made."),
      "holiday.tar", datasets);

    g_object_get (dialog, "body", &body, NULL);
    g_assert_nonnull (strstr (body, "holiday.tar"));
    g_assert_cmpstr (body, !=, folder_body);
  }
  ft_test_gui_shoot (GTK_WIDGET (dialog), shots, "archive-split-offer");
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (dialog), _ ("_Split")));
  g_assert_true (ft_test_gui_wait (data_dir_is, expected, 20000));
  g_assert_true (ft_test_gui_wait (dataset_loaded, data_page, 20000));
  dataset = ft_data_page_get_dataset (FT_DATA_PAGE (data_page));
  g_assert_cmpuint (ft_image_folder_get_n_classes (ft_dataset_get_train (dataset)), ==, 2);
  g_assert_cmpuint (ft_image_folder_get_n_samples (ft_dataset_get_test (dataset)), ==, 4);
  g_assert_cmpuint (ft_image_folder_get_n_samples (ft_dataset_get_train (dataset)), ==, 16);
  {
    /* the data set folder holds the split and nothing unpacked stays beside it */
    g_autoptr (GDir) dir = g_dir_open (datasets, 0, NULL);
    const char *name;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "."));
  }
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "archive-split-done");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static gboolean
is_main_menu (GtkWidget *widget, gpointer data)
{
  return GTK_IS_MENU_BUTTON (widget)
         && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                       "open-menu-symbolic")
              == 0;
}

/* A menu's item: GTK's GtkModelButton, with its label in "text". */
static gboolean
is_menu_item (GtkWidget *widget, gpointer label)
{
  g_autofree char *text = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;
  g_autofree char *plain = g_strdup (label);

  /* the item shows its label without the mnemonic's underscore */
  for (char *c = plain; *c != '\0'; c++)
    if (*c == '_')
      memmove (c, c + 1, strlen (c));
  g_object_get (widget, "text", &text, NULL);
  return g_strcmp0 (text, plain) == 0;
}

/* The menu's Open Data Set… (as Ctrl+O and the toasts' Open…) asks folder or archive, then
 * opens that chooser. */
static void
test_open_choice (void)
{
  FtWindow *window = ft_test_gui_window_new (app, width, height);
  const char *ask = _ ("Open a Data Set");
  const char *choose = _ ("Open a Data Set Folder");
  GtkWindow *dialog, *chooser;

  GtkWidget *menu_button = ft_test_gui_find (GTK_WIDGET (window), is_main_menu, NULL);
  GtkWidget *item;

  g_assert_nonnull (menu_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  ft_test_gui_spin (300);
  item = ft_test_gui_find (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))),
                           is_menu_item, (gpointer) _ ("_Open Data Set…"));
  ft_test_gui_click (item);
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) ask, 5000));
  dialog = ft_test_gui_find_window (ask);
  g_assert_nonnull (ft_test_gui_find_button (GTK_WIDGET (dialog), _ ("_Archive…")));
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (dialog), _ ("_Folder…")));
  g_assert_true (ft_test_gui_wait (window_shown, (gpointer) choose, 5000));
  chooser = ft_test_gui_find_window (choose);
  g_assert_true (GTK_IS_FILE_CHOOSER (chooser));
  ft_test_gui_click (ft_test_gui_find_button (GTK_WIDGET (chooser), _ ("_Cancel")));
  g_assert_true (ft_test_gui_wait (window_gone, (gpointer) choose, 5000));
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

static gboolean
row_subtitle_has (GtkWidget *row, const char *text)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return subtitle != NULL && strstr (subtitle, text) != NULL;
}

/* The fixed text of @format up to its first directive other than a leading "%s". */
static char *
prefix_of (const char *format)
{
  gsize skip = g_str_has_prefix (format, "%s") ? 2 : 0;
  const char *cut = strchr (format + skip, '%');

  return cut ? g_strndup (format, cut - format) : g_strdup (format);
}

/* Side by side shows both runs; an edit stays on Both and says what it changed, and where. */
static void
test_side_by_side (void)
{
  g_autoptr (GSettings) settings = ft_settings_new ();
  FtWindow *window = ft_test_gui_window_new (app, width, height);
  GtkWidget *page = ft_window_get_page (window, "experiment");
  GtkWidget *both, *first, *second, *entry;

  ft_window_show_page (window, "experiment");
  ft_test_gui_spin (100);
  g_autofree char *scratch_title = g_strdup_printf (_ ("From scratch, lr %s"), "0.0005");
  g_autofree char *finetune_title = g_strdup_printf (_ ("Fine-tune, lr %s"), "0.0001");
  g_autofree char *random_start = prefix_of (_ ("Starts from random weights; %s; %s."));
  g_autofree char *book = prefix_of (_ ("%s\nThe book’s settings."));

  both = ft_test_gui_find_button (page, _ ("Both, side by side"));
  ft_test_gui_click (both);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (both)));
  second = ft_test_gui_find_row (page, scratch_title);
  g_assert_nonnull (second);
  g_assert_true (gtk_widget_get_visible (second));
  g_assert_true (row_subtitle_has (second, random_start));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "experiment-side-by-side");

  entry = ft_test_gui_find (page, is_entry, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "0.0001");
  /* Return in the entry, as a person confirms the rate */
  g_signal_emit_by_name (entry, "activate");
  ft_test_gui_spin (200);
  g_assert_cmpfloat (g_settings_get_double (settings, "lr"), ==, 0.0001);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (both)));
  first = ft_test_gui_find_row (page, finetune_title);
  g_assert_nonnull (first);
  g_assert_true (row_subtitle_has (first, "→ 0.0001"));
  second = ft_test_gui_find_row (page, scratch_title);
  g_assert_nonnull (second);
  g_assert_true (row_subtitle_has (second, book + strlen ("%s")));
  ft_test_gui_shoot (GTK_WIDGET (window), shots, "experiment-side-by-side-edited");
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

/* GNOME's small screens: the window narrows to 800 px, wrapping rather than clipping.  The
 * window adds its frame to the widest page. */
static void
test_narrow (void)
{
  FtWindow *window = ft_test_gui_window_new (app, 1100, 700);
  const char *pages[] = { "data", "experiment", "training", "runs" };
  int minimum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = ft_window_get_page (window, pages[i]);
      int page_min = 0;

      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &page_min, NULL, NULL, NULL);
      g_test_message ("page %s needs %d px", pages[i], page_min);
      g_assert_cmpint (page_min, <=, 790);
    }
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  g_test_message ("the window needs %d px", minimum);
  g_assert_cmpint (minimum, <=, 800);
  gtk_window_destroy (GTK_WINDOW (window));
  ft_test_gui_spin (100);
}

int
main (int argc, char **argv)
{
  int status;

  ft_test_gui_require_display ();
  root = ft_test_gui_isolate ();
  ft_test_gui_setup_locale ();
  ft_test_gui_window_size (&width, &height);
  shots = ft_test_gui_shots_dir ("own-data");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ft_test_gui_app_new ();
  g_test_add_func ("/own-data/narrow", test_narrow);
  g_test_add_func ("/own-data/side-by-side", test_side_by_side);
  g_test_add_func ("/own-data/open-choice", test_open_choice);
  g_test_add_func ("/own-data/split-offer", test_split_offer);
  g_test_add_func ("/own-data/archive-split-offer", test_archive_split_offer);
  g_test_add_func ("/own-data/unreadable", test_unreadable);
  g_test_add_func ("/own-data/hostile-images", test_hostile_images);
  status = g_test_run ();
  g_object_unref (app);
  ft_test_gui_remove_tree (root);
  return status;
}
