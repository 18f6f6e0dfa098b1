/* lia-preferences-window.c: the preferences window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaPreferencesWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-preferences-window.h"

struct _LiaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Owned references */
  LiaContext           *context;

  /* Template widgets */
  AdwComboRow          *style_row;
};

G_DEFINE_FINAL_TYPE (LiaPreferencesWindow, lia_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the style combo, in order, as the style-variant key names them. */
static const char *style_nicks[] = { "default", "light", "dark" };


/*
 * Auxiliary methods
 */

static gboolean
style_nick_to_position (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_nicks); i++)
    {
      if (g_strcmp0 (nick, style_nicks[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_position_to_nick (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (style_nicks))
    return NULL;

  return g_variant_new_string (style_nicks[position]);
}


/*
 * GObject overrides
 */

static void
lia_preferences_window_dispose (GObject *object)
{
  LiaPreferencesWindow *self = (LiaPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LIA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lia_preferences_window_parent_class)->dispose (object);
}

static void
lia_preferences_window_class_init (LiaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lia_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/lia-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LiaPreferencesWindow, style_row);
}

static void
lia_preferences_window_init (LiaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}


/*
 * Public API
 */

LiaPreferencesWindow *
lia_preferences_window_new (LiaContext *context)
{
  LiaPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (LIA_IS_CONTEXT (context), NULL);

  self = g_object_new (LIA_TYPE_PREFERENCES_WINDOW, NULL);
  self->context = g_object_ref (context);

  if ((settings = lia_context_get_settings (context)))
    g_settings_bind_with_mapping (settings, "style-variant",
                                  self->style_row, "selected",
                                  G_SETTINGS_BIND_DEFAULT,
                                  style_nick_to_position,
                                  style_position_to_nick,
                                  NULL, NULL);

  return self;
}
