/* lia-window.c: the main window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-connections-page.h"
#include "lia-page.h"
#include "lia-window-private.h"

struct _LiaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned references */
  LiaContext           *context;

  /* Template widgets */
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwWindowTitle       *content_title;
  AdwWindowTitle       *sidebar_title;
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *overview_status;
  LiaPage              *overview_page;
  LiaPage              *connections_page;
  LiaPage              *mappings_page;
  LiaPage              *automations_page;
  LiaPage              *runs_page;
  LiaPage              *explorer_page;
};

G_DEFINE_FINAL_TYPE (LiaWindow, lia_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static GtkWidget *
create_sidebar_row (gpointer item,
                    gpointer user_data)
{
  GtkStackPage *page = item;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = gtk_image_new ();
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  g_object_bind_property (page, "icon-name", icon, "icon-name", G_BINDING_SYNC_CREATE);
  g_object_bind_property (page, "title", label, "label", G_BINDING_SYNC_CREATE);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "page-name",
                          g_strdup (gtk_stack_page_get_name (page)), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page),
                                  -1);

  return row;
}

static void
select_row_for_page (LiaWindow  *self,
                     const char *name)
{
  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        break;

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "page-name"), name) == 0)
        {
          if (gtk_list_box_get_selected_row (self->sidebar) != row)
            gtk_list_box_select_row (self->sidebar, row);
          break;
        }
    }
}

static void
save_window_state (LiaWindow *self)
{
  GSettings *settings;
  int width = 0;
  int height = 0;

  if (self->context == NULL || !(settings = lia_context_get_settings (self->context)))
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (settings);
}

static void
restore_window_state (LiaWindow *self)
{
  GSettings *settings = lia_context_get_settings (self->context);
  g_autofree char *page = NULL;
  int width;
  int height;

  if (settings == NULL)
    return;

  width = g_settings_get_int (settings, "window-width");
  height = g_settings_get_int (settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  page = g_settings_get_string (settings, "last-page");
  if (gtk_stack_get_child_by_name (self->stack, page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, page);

  g_settings_bind (settings, "last-page", self->stack, "visible-child-name", G_SETTINGS_BIND_SET);
}


/*
 * Signal callbacks
 */

static void
sidebar_row_activated_cb (LiaWindow     *self,
                          GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "page-name");

  lia_window_set_page (self, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (LiaWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
stack_visible_child_changed_cb (LiaWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  GtkStackPage *page;

  if (child == NULL)
    return;

  page = gtk_stack_get_page (self->stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  select_row_for_page (self, gtk_stack_page_get_name (page));
}


/*
 * Actions
 */

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LiaWindow *self = LIA_WINDOW (widget);

  lia_window_set_page (self, g_variant_get_string (parameter, NULL));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}


/*
 * GtkWindow overrides
 */

static gboolean
lia_window_close_request (GtkWindow *window)
{
  save_window_state (LIA_WINDOW (window));

  return GTK_WINDOW_CLASS (lia_window_parent_class)->close_request (window);
}


/*
 * GObject overrides
 */

/* Sandbox mode shows under the app's name, so demo data is never mistaken
 * for the real services. */
static void
context_sandbox_changed_cb (LiaWindow *self)
{
  gboolean sandbox = lia_context_get_sandbox (self->context) != NULL;

  adw_window_title_set_subtitle (self->sidebar_title, sandbox ? _("Sandbox") : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title),
                               sandbox ? _("Demo data on this computer: nothing reaches the real services")
                                       : NULL);
}

static void
lia_window_constructed (GObject *object)
{
  LiaWindow *self = (LiaWindow *)object;
  LiaPage *pages[] = {
    self->overview_page, self->connections_page, self->mappings_page,
    self->automations_page, self->runs_page, self->explorer_page,
  };

  G_OBJECT_CLASS (lia_window_parent_class)->constructed (object);

  g_assert (LIA_IS_CONTEXT (self->context));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    g_object_bind_property (self, "context", pages[i], "context", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->context, "notify::sandbox",
                           G_CALLBACK (context_sandbox_changed_cb), self, G_CONNECT_SWAPPED);
  context_sandbox_changed_cb (self);

  restore_window_state (self);
  stack_visible_child_changed_cb (self);
}

static void
lia_window_dispose (GObject *object)
{
  LiaWindow *self = (LiaWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LIA_TYPE_WINDOW);

  G_OBJECT_CLASS (lia_window_parent_class)->dispose (object);
}

static void
lia_window_finalize (GObject *object)
{
  LiaWindow *self = (LiaWindow *)object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (lia_window_parent_class)->finalize (object);
}

static void
lia_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LiaWindow *self = LIA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LiaWindow *self = LIA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_window_class_init (LiaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lia_window_constructed;
  object_class->dispose = lia_window_dispose;
  object_class->finalize = lia_window_finalize;
  object_class->get_property = lia_window_get_property;
  object_class->set_property = lia_window_set_property;

  window_class->close_request = lia_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         LIA_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LIA_TYPE_PAGE);
  g_type_ensure (LIA_TYPE_CONNECTIONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/lia-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, overview_status);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, connections_page);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, mappings_page);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, automations_page);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, runs_page);
  gtk_widget_class_bind_template_child (widget_class, LiaWindow, explorer_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
}

static void
lia_window_init (LiaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->overview_status, APP_ID);
  gtk_list_box_bind_model (self->sidebar,
                           G_LIST_MODEL (gtk_stack_get_pages (self->stack)),
                           create_sidebar_row,
                           NULL, NULL);
}


/*
 * Public API
 */

LiaWindow *
lia_window_new (GtkApplication *application,
                LiaContext     *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LIA_IS_CONTEXT (context), NULL);

  return g_object_new (LIA_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

LiaContext *
lia_window_get_context (LiaWindow *self)
{
  g_return_val_if_fail (LIA_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * lia_window_get_page:
 *
 * Returns: the name of the page shown: `overview`, `connections`, `mappings`,
 *   `automations`, `runs` or `explorer`
 */
const char *
lia_window_get_page (LiaWindow *self)
{
  g_return_val_if_fail (LIA_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
lia_window_set_page (LiaWindow  *self,
                     const char *page_name)
{
  g_return_if_fail (LIA_IS_WINDOW (self));
  g_return_if_fail (page_name != NULL);

  if (gtk_stack_get_child_by_name (self->stack, page_name) == NULL)
    {
      g_debug ("No page named “%s”", page_name);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, page_name);
}

void
lia_window_add_toast (LiaWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (LIA_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkListBox *
_lia_window_get_sidebar (LiaWindow *self)
{
  return self->sidebar;
}

AdwLeaflet *
_lia_window_get_leaflet (LiaWindow *self)
{
  return self->leaflet;
}

GtkStack *
_lia_window_get_stack (LiaWindow *self)
{
  return self->stack;
}

const char *
_lia_window_get_title (LiaWindow *self)
{
  return adw_window_title_get_title (self->content_title);
}

const char *
_lia_window_get_subtitle (LiaWindow *self)
{
  return adw_window_title_get_subtitle (self->sidebar_title);
}
