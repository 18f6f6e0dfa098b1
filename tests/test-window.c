/* test-window.c: the main window, its pages and its remembered state
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "lia-connections-page.h"
#include "lia-page.h"
#include "lia-test-util.h"
#include "lia-window-private.h"

static const struct {
  const char *name;
  const char *title;
} pages[] = {
  { "overview", "Overview" },
  { "connections", "Connections" },
  { "mappings", "Mappings" },
  { "automations", "Automations" },
  { "runs", "Runs" },
  { "explorer", "Explorer" },
};

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (BASE_APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static LiaWindow *
open_window (LiaContext *context,
             int         width,
             int         height)
{
  LiaWindow *window = lia_window_new (NULL, context);

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (lia_test_wait_until (lia_test_widget_is_mapped, window, 5000));
  lia_test_iterate (50);

  return window;
}

static void
test_window_pages (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(LiaContext) context = lia_context_new (settings, NULL);
  LiaWindow *window = open_window (context, 0, 0);
  GtkListBox *sidebar = _lia_window_get_sidebar (window);
  GtkStack *stack = _lia_window_get_stack (window);
  guint n_rows = 0;

  /* It opens on the overview, as a first start should. */
  g_assert_cmpstr (lia_window_get_page (window), ==, "overview");
  g_assert_cmpstr (_lia_window_get_title (window), ==, "Overview");

  while (gtk_list_box_get_row_at_index (sidebar, n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (pages));

  /* Every page is reachable from its sidebar row, in order, and gets the context. */
  for (int i = G_N_ELEMENTS (pages) - 1; i >= 0; i--)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, i);
      GtkWidget *child;

      gtk_widget_activate (GTK_WIDGET (row));
      lia_test_iterate (10);

      g_assert_cmpstr (lia_window_get_page (window), ==, pages[i].name);
      g_assert_cmpstr (_lia_window_get_title (window), ==, pages[i].title);
      g_assert_true (gtk_list_box_get_selected_row (sidebar) == row);

      child = gtk_stack_get_child_by_name (stack, pages[i].name);
      g_assert_true (LIA_IS_PAGE (child));
      g_assert_true (lia_page_get_context (LIA_PAGE (child)) == context);
      /* Pages still to be built show what they will do. */
      if (g_str_equal (pages[i].name, "connections"))
        g_assert_true (LIA_IS_CONNECTIONS_PAGE (child));
      else
        g_assert_true (ADW_IS_STATUS_PAGE (adw_bin_get_child (ADW_BIN (child))));
    }

  /* And through the window action the keyboard shortcuts use. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 pages[i].name));
      g_assert_cmpstr (lia_window_get_page (window), ==, pages[i].name);
      g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (stack,
                                                   gtk_stack_get_visible_child (stack))),
                       ==, _lia_window_get_title (window));
    }

  /* A page that does not exist changes nothing. */
  lia_window_set_page (window, "no-such-page");
  g_assert_cmpstr (lia_window_get_page (window), ==, pages[G_N_ELEMENTS (pages) - 1].name);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_restores_state (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(LiaContext) context = lia_context_new (settings, NULL);
  LiaWindow *window;
  int width, height;

  g_settings_set_string (settings, "last-page", "automations");
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = open_window (context, 0, 0);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_cmpstr (lia_window_get_page (window), ==, "automations");

  /* Moving to another page is remembered at once. */
  lia_window_set_page (window, "explorer");
  { g_autofree char *value = g_settings_get_string (settings, "last-page"); g_assert_cmpstr (value, ==, "explorer"); }

  /* The size is remembered when the window closes. */
  gtk_window_set_default_size (GTK_WINDOW (window), 777, 555);
  gtk_window_close (GTK_WINDOW (window));
  lia_test_iterate (20);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 777);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 555);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window comes back where the last one was. */
  window = open_window (context, 0, 0);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpstr (lia_window_get_page (window), ==, "explorer");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
leaflet_is_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static gboolean
leaflet_is_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (data);
}

static void
test_window_adaptive (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(LiaContext) context = lia_context_new (settings, NULL);
  LiaWindow *window;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_box;
  int width, height;

  /* Wide: sidebar and page side by side. */
  window = open_window (context, 1000, 700);
  leaflet = _lia_window_get_leaflet (window);
  g_assert_true (lia_test_wait_until (leaflet_is_unfolded, leaflet, 2000));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A phone's width: one pane at a time, the sidebar first. */
  window = open_window (context, 360, 640);
  leaflet = _lia_window_get_leaflet (window);
  g_assert_true (lia_test_wait_until (leaflet_is_folded, leaflet, 2000));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 360);

  sidebar_box = adw_leaflet_get_visible_child (leaflet);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (_lia_window_get_sidebar (window)), sidebar_box));

  /* Picking a page slides to it; back returns to the list. */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (_lia_window_get_sidebar (window), 4)));
  lia_test_iterate (400);
  g_assert_cmpstr (lia_window_get_page (window), ==, "runs");
  g_assert_true (adw_leaflet_get_visible_child (leaflet) != sidebar_box);

  g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
  lia_test_iterate (400);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar_box);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lia_context_start_sandbox_finish (LIA_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *)data;
}

/* Sandbox mode says so under the app's name, once the sandbox serves. */
static void
test_window_sandbox_mode (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autofree char *profile = g_dir_make_tmp ("liaison-test-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (profile, "sandbox.json", NULL);
  g_autoptr(LiaContext) context = lia_context_new (settings, profile);
  LiaWindow *window = open_window (context, 0, 0);
  gboolean started = FALSE;

  g_assert_cmpstr (_lia_window_get_subtitle (window), ==, "");

  lia_context_start_sandbox_async (context, NULL, sandbox_started_cb, &started);
  g_assert_true (lia_test_wait_until (flag_is_set, &started, 10000));
  g_assert_cmpstr (_lia_window_get_subtitle (window), ==, "Sandbox");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&context);
  g_remove (state);
  {
    g_autofree char *ports = g_build_filename (profile, "sandbox-ports.json", NULL);

    g_assert_cmpint (g_remove (ports), ==, 0);
  }
  g_assert_cmpint (g_rmdir (profile), ==, 0);
}

/* A connections file Liaison cannot read: the Connections page says which
 * and why, and the file stays as it was. */
static void
test_window_connections_load_error (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autofree char *profile = g_dir_make_tmp ("liaison-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (profile, "connections.json", NULL);
  g_autoptr(LiaContext) context = NULL;
  g_autofree char *after = NULL;
  LiaWindow *window;
  GtkWidget *page;

  g_assert_true (g_file_set_contents (path, "{ not json", -1, NULL));
  context = lia_context_new (settings, profile);
  window = open_window (context, 0, 0);
  lia_window_set_page (window, "connections");
  page = gtk_stack_get_child_by_name (_lia_window_get_stack (window), "connections");

  g_assert_nonnull (lia_connections_page_get_problem (LIA_CONNECTIONS_PAGE (page)));
  g_assert_nonnull (strstr (lia_connections_page_get_problem (LIA_CONNECTIONS_PAGE (page)), "connections.json"));
  g_assert_nonnull (lia_connections_page_get_card (LIA_CONNECTIONS_PAGE (page), LIA_SERVICE_GHL));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&context);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "{ not json");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (profile), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  lia_test_init_ui (&argc, &argv);

  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add_func ("/window/restores-state", test_window_restores_state);
  g_test_add_func ("/window/adaptive", test_window_adaptive);
  g_test_add_func ("/window/sandbox-mode", test_window_sandbox_mode);
  g_test_add_func ("/window/connections-load-error", test_window_connections_load_error);

  return g_test_run ();
}
