/* test-application.c: the application, its actions and its settings
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "lia-application.h"
#include "lia-preferences-window.h"
#include "lia-setup-window.h"
#include "lia-test-util.h"
#include "lia-window.h"

static LiaApplication *
start_application (void)
{
  static guint n_started;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = g_strdup_printf ("%s.Test%u", APP_ID, ++n_started);
  LiaApplication *app = lia_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);

  /* The first run's setup window is tested on its own. */
  g_settings_set_boolean (settings, "setup-shown", TRUE);

  /* Each instance exports its own object path, so each needs its own id. */
  g_application_set_application_id (G_APPLICATION (app), app_id);

  /* No single-instance negotiation: each test gets its own instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  lia_test_iterate (50);

  return app;
}

static GtkWindow *
find_window (LiaApplication *app,
             GType           type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }

  return NULL;
}

static void
close_all (LiaApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))))
    gtk_window_destroy (windows->data);
  lia_test_iterate (20);
}

static void
assert_accel (LiaApplication *app,
              const char     *action,
              const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_true (g_strv_contains ((const char * const *)accels, accel));
}

static void
test_application_actions (void)
{
  g_autoptr(LiaApplication) app = start_application ();
  LiaWindow *window = LIA_WINDOW (find_window (app, LIA_TYPE_WINDOW));

  g_assert_nonnull (window);
  g_assert_true (LIA_IS_CONTEXT (lia_application_get_context (app)));
  g_assert_true (lia_window_get_context (window) == lia_application_get_context (app));

  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "quit", "about", "preferences", "shortcuts" };
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), names[i]));
    }

  assert_accel (app, "app.quit", "<Control>q");
  assert_accel (app, "app.preferences", "<Control>comma");
  assert_accel (app, "app.shortcuts", "<Control>question");
  assert_accel (app, "win.show-page('overview')", "<Alt>1");
  assert_accel (app, "win.show-page('explorer')", "<Alt>6");

  /* A second activation presents the same window rather than opening another. */
  g_application_activate (G_APPLICATION (app));
  lia_test_iterate (20);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  close_all (app);
}

static void
test_application_about (void)
{
  g_autoptr(LiaApplication) app = start_application ();
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  lia_test_iterate (50);

  about = find_window (app, ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Liaison");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_WEBSITE);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_true (gtk_window_get_transient_for (about) == find_window (app, LIA_TYPE_WINDOW));

  close_all (app);
}

static void
test_application_preferences_and_shortcuts (void)
{
  g_autoptr(LiaApplication) app = start_application ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  lia_test_iterate (50);
  g_assert_nonnull (find_window (app, LIA_TYPE_PREFERENCES_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  lia_test_iterate (50);
  g_assert_nonnull (find_window (app, GTK_TYPE_SHORTCUTS_WINDOW));

  close_all (app);
}

static void
test_application_quit (void)
{
  g_autoptr(LiaApplication) app = start_application ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  GtkWindow *window = find_window (app, LIA_TYPE_WINDOW);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  lia_test_iterate (50);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  gtk_window_set_default_size (window, 811, 611);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  lia_test_iterate (50);

  /* Every window is gone, and the main one saved its size on the way out. */
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 811);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 611);
}

/* Ctrl+Q typed into a dialog: the key event holds the dialog until the quit
 * action has run, so the dialog is finalized after its parent window. Taking
 * a reference here does what that event does; the test environment makes
 * the criticals a late teardown causes fatal. */
static void
test_application_quit_from_dialog (gconstpointer data)
{
  const char *action = data;
  g_autoptr(LiaApplication) app = start_application ();
  GtkWindow *main_window = find_window (app, LIA_TYPE_WINDOW);
  GtkWindow *dialog = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), action, NULL);
  lia_test_iterate (50);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (l->data != main_window)
        dialog = l->data;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == main_window);

  g_object_ref (dialog);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  lia_test_iterate (50);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_object_unref (dialog);
  lia_test_iterate (50);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static gboolean
has_sandbox (gpointer data)
{
  return lia_context_get_sandbox (data) != NULL;
}

/* The first start opens the setup over the main window; "Try the Sandbox"
 * from the real profile opens the windows again on the sandbox's own
 * profile, the setup on the sandbox's path. */
static void
test_application_first_run_and_try_sandbox (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(LiaApplication) app = NULL;
  g_autofree char *sandbox_profile = lia_context_dup_sandbox_profile_dir ();
  LiaContext *context;
  GtkWindow *setup;

  g_settings_set_boolean (settings, "setup-shown", FALSE);
  app = lia_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".TestFirstRun");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_activate (G_APPLICATION (app));
  lia_test_iterate (50);

  setup = find_window (app, LIA_TYPE_SETUP_WINDOW);
  g_assert_nonnull (setup);
  g_assert_true (gtk_window_get_transient_for (setup) == find_window (app, LIA_TYPE_WINDOW));
  g_assert_cmpstr (lia_setup_window_get_page (LIA_SETUP_WINDOW (setup)), ==, "welcome");
  g_assert_true (g_settings_get_boolean (settings, "setup-shown"));
  g_assert_null (lia_context_get_sandbox (lia_application_get_context (app)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.try-sandbox", NULL));
  lia_test_iterate (50);

  context = lia_application_get_context (app);
  g_assert_cmpstr (lia_context_get_profile_dir (context), ==, sandbox_profile);
  g_assert_true (lia_test_wait_until (has_sandbox, context, 20000));
  setup = find_window (app, LIA_TYPE_SETUP_WINDOW);
  g_assert_nonnull (setup);
  lia_test_iterate (100);
  g_assert_cmpstr (lia_setup_window_get_page (LIA_SETUP_WINDOW (setup)), ==, "ghl-app");
  g_assert_true (lia_window_get_context (LIA_WINDOW (find_window (app, LIA_TYPE_WINDOW))) == context);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  close_all (app);

  /* The sandbox saves its data when the application goes; the session's
   * data folder is left as it was found (other tests search it for the
   * sandbox's demo secrets). */
  g_clear_object (&app);
  remove_tree (sandbox_profile);
  g_assert_false (g_file_test (sandbox_profile, G_FILE_TEST_EXISTS));
}

static void
test_application_style_follows_settings (void)
{
  g_autoptr(LiaApplication) app = start_application ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  LiaPreferencesWindow *preferences;

  /* By default the app follows the system's light or dark preference. */
  g_settings_reset (settings, "style-variant");
  lia_test_iterate (10);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  g_settings_set_string (settings, "style-variant", "dark");
  lia_test_iterate (10);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));

  g_settings_set_string (settings, "style-variant", "light");
  lia_test_iterate (10);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* The preferences window writes the same key. */
  preferences = lia_preferences_window_new (lia_application_get_context (app));
  gtk_window_present (GTK_WINDOW (preferences));
  lia_test_iterate (50);
  {
    GtkWidget *row = NULL;
    row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                     LIA_TYPE_PREFERENCES_WINDOW,
                                                     "style_row"));
    g_assert_true (ADW_IS_COMBO_ROW (row));
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  }
  lia_test_iterate (10);
  { g_autofree char *value = g_settings_get_string (settings, "style-variant"); g_assert_cmpstr (value, ==, "dark"); }
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);

  g_settings_reset (settings, "style-variant");
  gtk_window_destroy (GTK_WINDOW (preferences));
  close_all (app);
}

int
main (int   argc,
      char *argv[])
{
  lia_test_init_ui (&argc, &argv);

  g_test_add_func ("/application/actions", test_application_actions);
  g_test_add_func ("/application/about", test_application_about);
  g_test_add_func ("/application/preferences-and-shortcuts", test_application_preferences_and_shortcuts);
  g_test_add_func ("/application/quit", test_application_quit);
  g_test_add_data_func ("/application/quit-from-preferences", "preferences",
                        test_application_quit_from_dialog);
  g_test_add_data_func ("/application/quit-from-about", "about",
                        test_application_quit_from_dialog);
  g_test_add_data_func ("/application/quit-from-shortcuts", "shortcuts",
                        test_application_quit_from_dialog);
  g_test_add_func ("/application/style-follows-settings", test_application_style_follows_settings);
  g_test_add_func ("/application/first-run-and-try-sandbox", test_application_first_run_and_try_sandbox);

  return g_test_run ();
}
