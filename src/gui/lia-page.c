/* lia-page.c: the base of every page of the main window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaPage"

#include "config.h"

#include "lia-page.h"

/*
 * A page of the main window's stack. The window binds its context onto
 * every page's "context" property, so a page reaches the app-wide services
 * (settings, ledger, connections) without globals. The page's title and
 * icon live on its GtkStackPage, where the sidebar reads them.
 */

typedef struct
{
  LiaContext *context;
} LiaPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LiaPage, lia_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
lia_page_dispose (GObject *object)
{
  LiaPage *self = (LiaPage *)object;
  LiaPagePrivate *priv = lia_page_get_instance_private (self);

  g_clear_object (&priv->context);

  G_OBJECT_CLASS (lia_page_parent_class)->dispose (object);
}

static void
lia_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LiaPage *self = LIA_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, lia_page_get_context (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LiaPage *self = LIA_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      lia_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_page_class_init (LiaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lia_page_dispose;
  object_class->get_property = lia_page_get_property;
  object_class->set_property = lia_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         LIA_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lia_page_init (LiaPage *self)
{
}

/**
 * lia_page_get_context:
 *
 * Returns: (nullable) (transfer none): the page's context
 */
LiaContext *
lia_page_get_context (LiaPage *self)
{
  LiaPagePrivate *priv = lia_page_get_instance_private (self);

  g_return_val_if_fail (LIA_IS_PAGE (self), NULL);

  return priv->context;
}

void
lia_page_set_context (LiaPage    *self,
                      LiaContext *context)
{
  LiaPagePrivate *priv = lia_page_get_instance_private (self);

  g_return_if_fail (LIA_IS_PAGE (self));
  g_return_if_fail (context == NULL || LIA_IS_CONTEXT (context));

  if (!g_set_object (&priv->context, context))
    return;

  if (LIA_PAGE_GET_CLASS (self)->context_changed)
    LIA_PAGE_GET_CLASS (self)->context_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}
