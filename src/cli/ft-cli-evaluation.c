/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-cli-evaluation.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "ft-evaluation.h"

static char *
image_path (const FtCliEvaluationReport *r, guint i)
{
  const char *path = ft_predictions_get_path (r->predictions, i);

  return r->images_dir ? g_build_filename (r->images_dir, path, NULL) : g_strdup (path);
}

static void
add_confusion (JsonBuilder *b, const FtEvaluation *e)
{
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint a = 0; a < e->n_classes; a++)
    {
      json_builder_begin_array (b);
      for (guint p = 0; p < e->n_classes; p++)
        json_builder_add_int_value (b, ft_evaluation_get_count (e, a, p));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static void
add_per_class (JsonBuilder *b, const FtCliEvaluationReport *r, const FtEvaluation *e)
{
  json_builder_set_member_name (b, "per_class");
  json_builder_begin_array (b);
  for (guint c = 0; c < e->n_classes; c++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "class");
      json_builder_add_string_value (b, r->classes[c]);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, e->precision[c]);
      json_builder_set_member_name (b, "recall");
      json_builder_add_double_value (b, e->recall[c]);
      json_builder_set_member_name (b, "support");
      json_builder_add_int_value (b, e->support[c]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_most_confused (JsonBuilder *b, const FtCliEvaluationReport *r, GArray *pairs)
{
  json_builder_set_member_name (b, "most_confused");
  json_builder_begin_array (b);
  for (guint i = 0; i < pairs->len; i++)
    {
      const FtConfusedPair *p = &g_array_index (pairs, FtConfusedPair, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "actual");
      json_builder_add_string_value (b, r->classes[p->actual]);
      json_builder_set_member_name (b, "predicted");
      json_builder_add_string_value (b, r->classes[p->predicted]);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, p->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_top_losses (JsonBuilder *b, const FtCliEvaluationReport *r, GArray *losses)
{
  json_builder_set_member_name (b, "top_losses");
  json_builder_begin_array (b);
  for (guint i = 0; i < losses->len; i++)
    {
      const FtTopLoss *t = &g_array_index (losses, FtTopLoss, i);
      g_autofree char *path = image_path (r, t->index);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "image");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "actual");
      json_builder_add_string_value (b, r->classes[t->actual]);
      json_builder_set_member_name (b, "predicted");
      json_builder_add_string_value (b, r->classes[t->predicted]);
      json_builder_set_member_name (b, "loss");
      json_builder_add_double_value (b, t->loss);
      json_builder_set_member_name (b, "prob_actual");
      json_builder_add_double_value (b, t->prob_actual);
      json_builder_set_member_name (b, "prob_predicted");
      json_builder_add_double_value (b, t->prob_predicted);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_json (const FtCliEvaluationReport *r, const FtEvaluation *e, GArray *pairs, GArray *losses)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "epoch");
  json_builder_add_int_value (b, r->epoch);
  json_builder_set_member_name (b, "images");
  json_builder_add_int_value (b, e->n);
  json_builder_set_member_name (b, "classes");
  json_builder_begin_array (b);
  for (guint c = 0; c < e->n_classes; c++)
    json_builder_add_string_value (b, r->classes[c]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, e->accuracy);
  add_confusion (b, e);
  add_per_class (b, r, e);
  add_most_confused (b, r, pairs);
  add_top_losses (b, r, losses);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  printf ("%s\n", text);
}

/* The width of the widest class name, in characters, and at least @min. */
static int
name_width (const FtCliEvaluationReport *r, guint n, int min)
{
  int width = min;

  for (guint c = 0; c < n; c++)
    width = MAX (width, (int) g_utf8_strlen (r->classes[c], -1));
  return width;
}

/* @text padded with spaces to @width characters (printf pads bytes, not characters). */
static void
print_padded (const char *text, int width, gboolean right)
{
  int pad = MAX (0, width - (int) g_utf8_strlen (text, -1));

  printf ("%*s%s%*s", right ? pad : 0, "", text, right ? 0 : pad, "");
}

static void
print_confusion (const FtCliEvaluationReport *r, const FtEvaluation *e)
{
  int width = name_width (r, e->n_classes, 6);

  printf ("%s\n", _ ("Confusion matrix (rows actual, columns predicted):"));
  print_padded ("", width, FALSE);
  for (guint p = 0; p < e->n_classes; p++)
    {
      printf ("  ");
      print_padded (r->classes[p], width, TRUE);
    }
  printf ("\n");
  for (guint a = 0; a < e->n_classes; a++)
    {
      print_padded (r->classes[a], width, FALSE);
      for (guint p = 0; p < e->n_classes; p++)
        printf ("  %*u", width, ft_evaluation_get_count (e, a, p));
      printf ("\n");
    }
}

static void
print_per_class (const FtCliEvaluationReport *r, const FtEvaluation *e)
{
  int width = name_width (r, e->n_classes, 6);

  printf ("\n");
  print_padded (_ ("class"), width, FALSE);
  printf ("  ");
  print_padded (_ ("precision"), 9, TRUE);
  printf ("  ");
  print_padded (_ ("recall"), 6, TRUE);
  printf ("  ");
  print_padded (_ ("support"), 7, TRUE);
  printf ("\n");
  for (guint c = 0; c < e->n_classes; c++)
    {
      print_padded (r->classes[c], width, FALSE);
      printf ("  %9.3f  %6.3f  %7u\n", e->precision[c], e->recall[c], e->support[c]);
    }
}

static void
print_text (const FtCliEvaluationReport *r, const FtEvaluation *e, GArray *pairs, GArray *losses)
{
  printf (_ ("Epoch %u: accuracy %.3f on %u test images"), r->epoch, e->accuracy, e->n);
  printf ("\n\n");
  print_confusion (r, e);
  print_per_class (r, e);
  if (pairs->len > 0)
    printf ("\n%s\n", _ ("Most confused (actual → predicted: images):"));
  for (guint i = 0; i < pairs->len; i++)
    {
      const FtConfusedPair *p = &g_array_index (pairs, FtConfusedPair, i);
      printf ("  %s → %s: %u\n", r->classes[p->actual], r->classes[p->predicted], p->count);
    }
  printf ("\n%s\n", _ ("Top losses (loss, actual and its probability, predicted and its, image):"));
  for (guint i = 0; i < losses->len; i++)
    {
      const FtTopLoss *t = &g_array_index (losses, FtTopLoss, i);
      g_autofree char *path = image_path (r, t->index);

      printf ("  %.4f  %s %.4f  %s %.4f  %s\n", t->loss, r->classes[t->actual], t->prob_actual,
              r->classes[t->predicted], t->prob_predicted, path);
    }
}

void
ft_cli_evaluation_print (const FtCliEvaluationReport *r, gboolean json)
{
  g_autoptr (FtEvaluation) e = ft_evaluation_new (r->predictions);
  g_autoptr (GArray) pairs = ft_evaluation_most_confused (e);
  g_autoptr (GArray) losses = ft_evaluation_top_losses (r->predictions, r->top_losses);

  if (json)
    print_json (r, e, pairs, losses);
  else
    print_text (r, e, pairs, losses);
}
