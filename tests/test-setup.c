/* test-setup.c: the setup window's sandbox path, the Connections page's cards
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lia-connection-card.h"
#include "lia-connections.h"
#include "lia-setup-window.h"
#include "lia-test-util.h"

/*
 * The window is driven through its actions, as its buttons and the
 * keyboard drive it. The "browser" is a desktop file of this test's own
 * (XDG_DATA_HOME), whose program does what a person does on the sandbox's
 * consent page; with the program gone, no browser opens, as on a machine
 * without a desktop session. The secrets land in the session's keyring
 * (build-aux/test.sh runs the tests in a throwaway one).
 */

static char *tmp_dir;
static char *browser_path;
static char *browser_log;

typedef struct
{
  char           *profile;
  LiaContext     *context;
  LiaSetupWindow *window;
} Fixture;

static gboolean
sandbox_is_up (gpointer data)
{
  return lia_context_get_sandbox (data) != NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->profile = g_dir_make_tmp ("liaison-setup-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->context = lia_context_new (NULL, fixture->profile);
  lia_context_start_sandbox_async (fixture->context, NULL, NULL, NULL);
  g_assert_true (lia_test_wait_until (sandbox_is_up, fixture->context, 20000));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
disconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lia_connections_disconnect_finish (LIA_CONNECTIONS (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  LiaConnections *connections = lia_context_get_connections (fixture->context);

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  lia_test_iterate (50);

  /* Leave the session's keyring as it was. */
  for (guint i = 0; i < 2; i++)
    if (lia_connection_get_method (lia_connections_get_connection (connections, i)) != LIA_CONNECTION_METHOD_NONE)
      {
        gboolean done = FALSE;

        lia_connections_disconnect_async (connections, i, NULL, disconnected_cb, &done);
        while (!done)
          g_main_context_iteration (NULL, TRUE);
      }

  g_clear_object (&fixture->context);
  remove_tree (fixture->profile);
  g_free (fixture->profile);
}

static void
set_browser (gboolean present)
{
  g_autofree char *away = g_strconcat (browser_path, ".away", NULL);

  if (present && g_file_test (away, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (away, browser_path), ==, 0);
  else if (!present && g_file_test (browser_path, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (browser_path, away), ==, 0);
}

typedef struct
{
  LiaSetupWindow *window;
  const char     *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (lia_setup_window_get_page (wait->window), wait->page) == 0;
}

static void
wait_for_page (LiaSetupWindow *window,
               const char     *page)
{
  PageWait wait = { window, page };

  if (!lia_test_wait_until (page_is, &wait, 20000))
    g_error ("The setup stayed on “%s” (problem: %s) instead of reaching “%s”",
             lia_setup_window_get_page (window), lia_setup_window_get_problem (window), page);
}

static gboolean
has_problem (gpointer data)
{
  return lia_setup_window_get_problem (data) != NULL;
}

static void
activate (LiaSetupWindow *window,
          const char     *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

static const char *
sandbox_info (Fixture    *fixture,
              const char *member)
{
  static char buffer[256];
  g_autoptr(JsonNode) info = lia_sandbox_get_info (lia_context_get_sandbox (fixture->context));

  g_strlcpy (buffer, json_object_get_string_member (json_node_get_object (info), member), sizeof buffer);
  return buffer;
}

static void
assert_no_file_holds (const char *dir,
                      const char *secret)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize length = 0;

      /* The sandbox's own state: the emulated servers' data (demo only). */
      if (g_str_equal (name, "sandbox.json"))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            assert_no_file_holds (path, secret);
          continue;
        }
      if (g_file_get_contents (path, &text, &length, NULL) &&
          memmem (text, length, secret, strlen (secret)) != NULL)
        g_error ("%s holds a secret", path);
    }
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row_anywhere (GtkWidget  *widget,
                   const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_row_anywhere (child, title);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static AdwEntryRow *
find_entry_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0 &&
      gtk_widget_get_child_visible (widget))
    {
      GtkWidget *page = widget;

      /* The row of the step shown, not a row of the same name elsewhere. */
      while (page != NULL && !GTK_IS_STACK (gtk_widget_get_parent (page)))
        page = gtk_widget_get_parent (page);
      if (page == NULL || gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (page))) == page)
        return ADW_ENTRY_ROW (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *row = find_entry_row (child, title);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static void
set_row_text (LiaSetupWindow *window,
              const char     *title,
              const char     *text)
{
  AdwEntryRow *row = find_entry_row (GTK_WIDGET (window), title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static LiaSetupWindow *
open_window (Fixture *fixture)
{
  fixture->window = lia_setup_window_new (fixture->context, TRUE);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (lia_setup_window_get_page (fixture->window), ==, "welcome");
  return fixture->window;
}

/* The sandbox path from Welcome to Done, the consent page approved by the
 * test's browser; then the Connections page's cards. */
static void
test_setup_sandbox_browser (Fixture       *fixture,
                            gconstpointer  data)
{
  LiaSetupWindow *window = open_window (fixture);
  LiaConnections *connections = lia_context_get_connections (fixture->context);
  g_autofree char *client_secret = g_strdup (sandbox_info (fixture, "client_secret"));
  g_autofree char *mojo_key = g_strdup (sandbox_info (fixture, "mojo_access_key"));
  g_autofree char *visited = NULL;
  GtkWidget *card;

  set_browser (TRUE);
  activate (window, "setup.try-sandbox");
  wait_for_page (window, "ghl-app");
  activate (window, "setup.sign-in");
  g_assert_cmpstr (lia_setup_window_get_page (window), ==, "sign-in");

  /* The browser approves; the window moves on by itself. */
  wait_for_page (window, "mojo");
  g_assert_true (g_file_get_contents (browser_log, &visited, NULL, NULL));
  g_assert_nonnull (strstr (visited, "code_challenge_method=S256"));
  g_assert_null (strstr (visited, "+"));
  g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_CONNECTED);
  g_assert_true (lia_connection_has_scope (lia_connections_get_connection (connections, LIA_SERVICE_GHL),
                                           "contacts.write"));

  activate (window, "setup.connect-mojo");
  wait_for_page (window, "test");
  activate (window, "setup.show-done");
  wait_for_page (window, "done");
  g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (connections, LIA_SERVICE_MOJO)),
                   ==, LIA_CONNECTION_CONNECTED);

  /* Nothing secret in the profile or the XDG folders. */
  assert_no_file_holds (fixture->profile, client_secret);
  assert_no_file_holds (fixture->profile, mojo_key);
  assert_no_file_holds (tmp_dir, client_secret);
  assert_no_file_holds (tmp_dir, mojo_key);

  /* The card says where it is connected, and its Test reads a contact. */
  card = lia_connection_card_new (fixture->context, LIA_SERVICE_GHL);
  g_object_ref_sink (card);
  g_assert_true (g_str_has_prefix (lia_connection_card_get_state_text (LIA_CONNECTION_CARD (card)), "Connected to"));
  g_assert_true (gtk_widget_activate_action (card, "card.test", NULL));
  while (strstr (lia_connection_card_get_test_text (LIA_CONNECTION_CARD (card)), "Reading") != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (lia_connection_card_get_test_text (LIA_CONNECTION_CARD (card)),
                                   "Read the contact"));
  g_object_unref (card);

  activate (window, "setup.finish");
  lia_test_iterate (20);
  fixture->window = NULL;
}

/* No browser can be opened: the window says so and approves the sandbox's
 * consent page itself. */
static void
test_setup_sandbox_no_browser (Fixture       *fixture,
                               gconstpointer  data)
{
  LiaSetupWindow *window = open_window (fixture);
  LiaConnections *connections = lia_context_get_connections (fixture->context);

  set_browser (FALSE);
  activate (window, "setup.try-sandbox");
  wait_for_page (window, "ghl-app");
  activate (window, "setup.sign-in");
  g_assert_true (lia_test_wait_until (has_problem, window, 20000));
  g_assert_cmpstr (lia_setup_window_get_page (window), ==, "sign-in");
  g_assert_nonnull (strstr (lia_setup_window_get_problem (window), "No web browser"));

  activate (window, "setup.approve-here");
  wait_for_page (window, "mojo");
  g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_CONNECTED);
  set_browser (TRUE);
}

static gboolean
has_write_scope (gpointer data)
{
  return lia_connection_has_scope (data, "contacts.write");
}

/* Read only: the card explains that writes need contacts.write, and its
 * button signs in again asking for it, with the same app. */
static void
test_setup_read_only_then_write (Fixture       *fixture,
                                 gconstpointer  data)
{
  LiaSetupWindow *window = open_window (fixture);
  LiaConnection *ghl = lia_connections_get_connection (lia_context_get_connections (fixture->context),
                                                       LIA_SERVICE_GHL);
  GtkWidget *card;
  GtkWidget *combo;

  set_browser (TRUE);
  activate (window, "setup.try-sandbox");
  wait_for_page (window, "ghl-app");
  combo = GTK_WIDGET (find_entry_row (GTK_WIDGET (window), "Client ID"));
  while (combo != NULL && !ADW_IS_PREFERENCES_PAGE (combo))
    combo = gtk_widget_get_parent (combo);
  g_assert_nonnull (combo);
  combo = find_widget_of_type (combo, ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (combo);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);   /* Read only */
  activate (window, "setup.sign-in");
  wait_for_page (window, "mojo");
  g_assert_true (lia_connection_has_scope (ghl, "contacts.readonly"));
  g_assert_false (lia_connection_has_scope (ghl, "contacts.write"));

  /* The client secret went to the keyring; the form no longer holds it.
   * Back skips the finished sign-in, to where the way in was chosen; the
   * sandbox path then starts where the profile stands (HighLevel done). */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row_anywhere (GTK_WIDGET (window), "Client Secret"))),
                   ==, "");
  activate (window, "setup.back");
  wait_for_page (window, "welcome");
  activate (window, "setup.try-sandbox");
  wait_for_page (window, "mojo");

  card = g_object_ref_sink (lia_connection_card_new (fixture->context, LIA_SERVICE_GHL));
  g_assert_nonnull (lia_connection_card_get_write_hint (LIA_CONNECTION_CARD (card)));
  g_assert_nonnull (strstr (lia_connection_card_get_write_hint (LIA_CONNECTION_CARD (card)), "contacts.write"));

  g_assert_true (gtk_widget_activate_action (card, "card.ask-write-access", NULL));
  g_assert_true (lia_test_wait_until (has_write_scope, ghl, 20000));
  g_assert_true (lia_connection_has_scope (ghl, "contacts.readonly"));
  g_assert_null (lia_connection_card_get_write_hint (LIA_CONNECTION_CARD (card)));
  g_object_unref (card);
}

static gboolean
mojo_connected (gpointer data)
{
  return lia_connection_get_method (data) != LIA_CONNECTION_METHOD_NONE;
}

/* Reconnecting Mojo Helpdesk from the Connections page in Sandbox mode: the
 * sandbox's address and key, never the real service's default. */
static void
test_setup_sandbox_reconnect_mojo (Fixture       *fixture,
                                   gconstpointer  data)
{
  LiaConnection *mojo = lia_connections_get_connection (lia_context_get_connections (fixture->context),
                                                        LIA_SERVICE_MOJO);
  LiaSetupWindow *window = lia_setup_window_new (fixture->context, TRUE);

  fixture->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&fixture->window);
  lia_setup_window_reconnect (window, LIA_SERVICE_MOJO, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (lia_setup_window_get_page (window), ==, "mojo");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (window), "Helpdesk Address"))),
                   ==, sandbox_info (fixture, "mojo_url"));

  activate (window, "setup.connect-mojo");
  g_assert_true (lia_test_wait_until (mojo_connected, mojo, 20000));
  /* Done: the window closes itself. */
  lia_test_iterate (50);
  g_assert_null (fixture->window);
  g_assert_cmpstr (lia_connection_get_url (mojo), ==, sandbox_info (fixture, "mojo_url"));
}

static gboolean
port_is_free (gpointer data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, GPOINTER_TO_UINT (data));
  gboolean free_port;

  free_port = g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL, NULL, NULL);
  g_socket_listener_close (listener);
  return free_port;
}

/* Cancel goes back, closes the listener, and keeps what was typed; a wrong
 * client secret or Mojo key is said in plain words and stores nothing. */
static void
test_setup_cancel_and_refusals (Fixture       *fixture,
                                gconstpointer  data)
{
  LiaSetupWindow *window = open_window (fixture);
  LiaConnections *connections = lia_context_get_connections (fixture->context);
  guint port;

  set_browser (FALSE);
  activate (window, "setup.try-sandbox");
  wait_for_page (window, "ghl-app");
  activate (window, "setup.sign-in");
  g_assert_true (lia_test_wait_until (has_problem, window, 20000));
  /* The sandbox's app listens on a port of the profile's own, never 8719. */
  {
    g_autoptr(GUri) redirect = g_uri_parse (lia_context_get_sandbox_redirect_uri (fixture->context),
                                            G_URI_FLAGS_NONE, NULL);

    port = (guint)g_uri_get_port (redirect);
  }
  g_assert_cmpuint (port, !=, 8719);
  g_assert_false (port_is_free (GUINT_TO_POINTER (port)));
  activate (window, "setup.cancel-sign-in");
  wait_for_page (window, "ghl-app");
  g_assert_true (lia_test_wait_until (port_is_free, GUINT_TO_POINTER (port), 5000));
  g_assert_cmpint (lia_connection_get_method (lia_connections_get_connection (connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_METHOD_NONE);

  /* The other way in: a wrong private integration token, then the right one. */
  activate (window, "setup.back");
  wait_for_page (window, "welcome");
  activate (window, "setup.connect-accounts");
  wait_for_page (window, "ghl-method");
  activate (window, "setup.use-private-token");
  wait_for_page (window, "ghl-token");
  set_row_text (window, "Private Integration Token", "pit-00000000-0000-0000-0000-000000000000");
  set_row_text (window, "Location ID", sandbox_info (fixture, "location_id"));
  set_row_text (window, "API URL", sandbox_info (fixture, "ghl_url"));
  activate (window, "setup.connect-private-token");
  g_assert_true (lia_test_wait_until (has_problem, window, 20000));
  g_assert_cmpstr (lia_setup_window_get_page (window), ==, "ghl-token");
  g_assert_cmpint (lia_connection_get_method (lia_connections_get_connection (connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_METHOD_NONE);

  set_row_text (window, "Private Integration Token", sandbox_info (fixture, "private_token"));
  activate (window, "setup.connect-private-token");
  wait_for_page (window, "mojo");
  g_assert_cmpint (lia_connection_get_method (lia_connections_get_connection (connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_METHOD_PRIVATE_TOKEN);

  /* A wrong Mojo key: said in plain words, without the key, nothing kept. */
  set_row_text (window, "Access Key", "not-the-key");
  activate (window, "setup.connect-mojo");
  g_assert_true (lia_test_wait_until (has_problem, window, 20000));
  g_assert_cmpstr (lia_setup_window_get_page (window), ==, "mojo");
  g_assert_null (strstr (lia_setup_window_get_problem (window), "not-the-key"));
  g_assert_cmpint (lia_connection_get_method (lia_connections_get_connection (connections, LIA_SERVICE_MOJO)),
                   ==, LIA_CONNECTION_METHOD_NONE);

  set_row_text (window, "Access Key", sandbox_info (fixture, "mojo_access_key"));
  activate (window, "setup.connect-mojo");
  wait_for_page (window, "test");
  set_browser (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *apps = NULL;
  g_autofree char *data_dirs = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *script = NULL;
  g_autofree char *escaped_log = NULL;
  int status;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("1..0 # SKIP no session bus: run the tests with build-aux/test.sh\n");
      return 0;
    }

  /* This test's own browser, and no other: XDG_DATA_DIRS keeps the icons,
   * MIME data and settings schemas, not the system's applications. */
  tmp_dir = g_dir_make_tmp ("liaison-setup-xdg-XXXXXX", &error);
  g_assert_no_error (error);
  apps = g_build_filename (tmp_dir, "data", "applications", NULL);
  data_dirs = g_build_filename (tmp_dir, "system", NULL);
  g_mkdir_with_parents (apps, 0700);
  g_mkdir_with_parents (data_dirs, 0700);
  {
    g_autofree char *icons = g_build_filename (data_dirs, "icons", NULL);
    g_autofree char *mime = g_build_filename (data_dirs, "mime", NULL);
    g_autofree char *schemas = g_build_filename (data_dirs, "glib-2.0", NULL);

    g_assert_cmpint (symlink ("/usr/share/glib-2.0", schemas), ==, 0);
    g_assert_cmpint (symlink ("/usr/share/icons", icons), ==, 0);
    g_assert_cmpint (symlink ("/usr/share/mime", mime), ==, 0);
  }
  browser_path = g_build_filename (tmp_dir, "fake-browser", NULL);
  browser_log = g_build_filename (tmp_dir, "fake-browser.log", NULL);
  script = g_strdup_printf ("#!/usr/bin/python3\n"
                            "# Opens the consent page, presses Approve, follows the redirect.\n"
                            "import sys, urllib.request\n"
                            "uri = sys.argv[1]\n"
                            "open('%s', 'a').write(uri + '\\n')\n"
                            "urllib.request.urlopen(uri, timeout=10).read()\n"
                            "urllib.request.urlopen(urllib.request.Request(uri, data=b'decision=approve'), timeout=10).read()\n",
                            (escaped_log = g_strescape (browser_log, NULL)));
  g_assert_true (g_file_set_contents_full (browser_path, script, -1, G_FILE_SET_CONTENTS_NONE, 0755, NULL));
  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Fake Browser\nExec=%s %%u\n"
                             "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n", browser_path);
  {
    g_autofree char *path = g_build_filename (apps, "fake-browser.desktop", NULL);
    g_autofree char *mimeapps = g_build_filename (apps, "mimeapps.list", NULL);

    g_assert_true (g_file_set_contents (path, desktop, -1, NULL));
    g_assert_true (g_file_set_contents (mimeapps,
                                        "[Default Applications]\n"
                                        "x-scheme-handler/http=fake-browser.desktop\n"
                                        "x-scheme-handler/https=fake-browser.desktop\n", -1, NULL));
  }
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data", NULL);
    g_autofree char *config_home = g_build_filename (tmp_dir, "config", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
    g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  }

  lia_test_init_ui (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/setup/sandbox-browser", test_setup_sandbox_browser);
  ADD ("/setup/sandbox-no-browser", test_setup_sandbox_no_browser);
  ADD ("/setup/cancel-and-refusals", test_setup_cancel_and_refusals);
  ADD ("/setup/read-only-then-write", test_setup_read_only_then_write);
  ADD ("/setup/sandbox-reconnect-mojo", test_setup_sandbox_reconnect_mojo);

#undef ADD

  status = g_test_run ();
  remove_tree (tmp_dir);
  return status;
}
