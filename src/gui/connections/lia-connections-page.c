/* lia-connections-page.c: the Connections page: one card per service
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaConnectionsPage"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-connections-page.h"

struct _LiaConnectionsPage
{
  LiaPage    parent_instance;

  /* Template widgets */
  GtkWidget *problem_group;
  AdwActionRow *problem_row;
  GtkBox    *cards;

  /* Owned by the box */
  GtkWidget *card[2];
};

G_DEFINE_FINAL_TYPE (LiaConnectionsPage, lia_connections_page, LIA_TYPE_PAGE)

static void
lia_connections_page_context_changed (LiaPage *page)
{
  LiaConnectionsPage *self = LIA_CONNECTIONS_PAGE (page);
  LiaContext *context = lia_page_get_context (page);

  for (guint i = 0; i < G_N_ELEMENTS (self->card); i++)
    {
      if (self->card[i] != NULL && self->cards != NULL)
        gtk_box_remove (self->cards, self->card[i]);
      self->card[i] = NULL;
    }

  if (context == NULL || self->cards == NULL)
    return;

  /* A file Liaison cannot read is left alone, and said so: connecting
   * again would not replace it. */
  {
    const GError *load_error = lia_connections_get_load_error (lia_context_get_connections (context));

    gtk_widget_set_visible (self->problem_group, load_error != NULL);
    if (load_error != NULL)
      adw_action_row_set_subtitle (self->problem_row, load_error->message);
  }

  self->card[LIA_SERVICE_GHL] = lia_connection_card_new (context, LIA_SERVICE_GHL);
  self->card[LIA_SERVICE_MOJO] = lia_connection_card_new (context, LIA_SERVICE_MOJO);
  gtk_box_append (self->cards, self->card[LIA_SERVICE_GHL]);
  gtk_box_append (self->cards, self->card[LIA_SERVICE_MOJO]);
}

static void
lia_connections_page_dispose (GObject *object)
{
  LiaConnectionsPage *self = LIA_CONNECTIONS_PAGE (object);

  self->card[0] = self->card[1] = NULL;
  /* AdwBin keeps its own pointer to the template's root: let go of it
   * first, or AdwBin would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LIA_TYPE_CONNECTIONS_PAGE);

  G_OBJECT_CLASS (lia_connections_page_parent_class)->dispose (object);
}

static void
lia_connections_page_class_init (LiaConnectionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LiaPageClass *page_class = LIA_PAGE_CLASS (klass);

  object_class->dispose = lia_connections_page_dispose;
  page_class->context_changed = lia_connections_page_context_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/lia-connections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionsPage, problem_group);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionsPage, problem_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionsPage, cards);
}

static void
lia_connections_page_init (LiaConnectionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
lia_connections_page_get_problem (LiaConnectionsPage *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS_PAGE (self), NULL);

  return gtk_widget_get_visible (self->problem_group) ? adw_action_row_get_subtitle (self->problem_row) : NULL;
}

LiaConnectionCard *
lia_connections_page_get_card (LiaConnectionsPage *self,
                               LiaService          service)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS_PAGE (self), NULL);

  return self->card[service] != NULL ? LIA_CONNECTION_CARD (self->card[service]) : NULL;
}
