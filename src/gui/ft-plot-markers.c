/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ft-plot-private.h"

/* Where the arrow of a marker may stand: centred on @x, kept inside the frame. */
static double
arrow_left (const graphene_rect_t *area, double x, double arrow, double gap)
{
  double lo = area->origin.x + gap, hi = area->origin.x + area->size.width - gap - arrow;

  return MAX (lo, MIN (x - arrow / 2, hi));
}

/* The text beside its arrow on the side with room (the right first), or, when neither side has
 * room, on a line of its own under the arrow.  Returns the height its row takes. */
static double
place_text (const graphene_rect_t *area,
            const FtPlotMarkerSize *size,
            double arrow,
            double gap,
            FtPlotMarkerPlace *place)
{
  const graphene_rect_t *a = &place->arrow;
  double left = area->origin.x + gap, right = area->origin.x + area->size.width - gap;
  double w = MIN (size->width, right - left), h = size->height;
  double x, y = a->origin.y;

  if (a->origin.x + arrow + gap + w <= right)
    x = a->origin.x + arrow + gap;
  else if (a->origin.x - gap - w >= left)
    x = a->origin.x - gap - w;
  else
    {
      x = MAX (left, MIN (a->origin.x + arrow / 2 - w / 2, right - w));
      y = a->origin.y + arrow + gap / 2;
    }
  graphene_rect_init (&place->text, x, y, w, h);
  return MAX (y + h, a->origin.y + arrow) - a->origin.y;
}

void
_ft_plot_place_markers (const graphene_rect_t *area,
                        double arrow,
                        double gap,
                        const FtPlotMarkerSize *sizes,
                        guint n,
                        FtPlotMarkerPlace *places)
{
  double top = area->origin.y + gap;

  g_assert (n == 0 || (sizes != NULL && places != NULL));
  /* one row per marker, each under the one before: however close their values lie along x,
   * no two markers share a row, so none covers another */
  for (guint i = 0; i < n; i++)
    {
      double left = arrow_left (area, sizes[i].x, arrow, gap);

      graphene_rect_init (&places[i].arrow, left, top, arrow, arrow);
      top += place_text (area, &sizes[i], arrow, gap, &places[i]) + gap;
    }
}
