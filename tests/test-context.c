/* test-context.c: the context object
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "lia-context.h"

static void
test_context_default_profile (void)
{
  g_autoptr(LiaContext) context = lia_context_new (NULL, NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (),
                                                "liaison", "profiles", "default", NULL);

  g_assert_cmpstr (lia_context_get_profile_dir (context), ==, expected);
  g_assert_null (lia_context_get_settings (context));
}

static void
test_context_relative_profile (void)
{
  g_autoptr(LiaContext) context = lia_context_new (NULL, "some/where");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, "some", "where", NULL);

  g_assert_true (g_path_is_absolute (lia_context_get_profile_dir (context)));
  g_assert_cmpstr (lia_context_get_profile_dir (context), ==, expected);
}

static void
test_context_ensure_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("liaison-test-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autoptr(LiaContext) context = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "a", "profile", NULL);
  context = lia_context_new (NULL, dir);

  g_assert_true (lia_context_ensure_profile_dir (context, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  /* Only the owner may read a profile. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_assert_cmpint (g_rmdir (parent), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static void
test_context_ensure_profile_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaContext) context = lia_context_new (NULL, "/proc/self/liaison-cannot-exist");

  g_assert_false (lia_context_ensure_profile_dir (context, &error));
  g_assert_nonnull (error);
  /* The message names the folder so the user knows which one failed. */
  g_assert_nonnull (strstr (error->message, "/proc/self/liaison-cannot-exist"));
}

static void
test_context_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(LiaContext) context = lia_context_new (settings, NULL);

  g_assert_true (lia_context_get_settings (context) == settings);
}

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (lia_context_start_sandbox_finish (LIA_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  (*(guint *)user_data)++;
}

/* Sandbox mode: the emulators start without blocking the caller, show up on
 * the context, and leave their data in the profile when the context goes. */
static void
test_context_sandbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("liaison-test-XXXXXX", &error);
  g_autofree char *state = g_build_filename (tmp, "sandbox.json", NULL);
  g_autofree char *ports = g_build_filename (tmp, "sandbox-ports.json", NULL);
  g_autoptr(LiaContext) context = lia_context_new (NULL, tmp);
  g_autoptr(JsonNode) info = NULL;
  gboolean done = FALSE;
  guint notified = 0;

  g_assert_null (lia_context_get_sandbox (context));
  g_signal_connect (context, "notify::sandbox", G_CALLBACK (notified_cb), &notified);

  lia_context_start_sandbox_async (context, NULL, sandbox_started_cb, &done);
  /* Nothing is ready before the main loop runs the answer. */
  g_assert_null (lia_context_get_sandbox (context));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (lia_context_get_sandbox (context));
  info = lia_sandbox_get_info (lia_context_get_sandbox (context));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (info), "ghl_url"),
                                   "http://127.0.0.1:"));

  g_clear_object (&context);
  g_assert_true (g_file_test (state, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_remove (state), ==, 0);
  g_assert_cmpint (g_remove (ports), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static char *
start_and_get_url (const char *profile,
                   const char *member)
{
  g_autoptr(LiaContext) context = lia_context_new (NULL, profile);
  g_autoptr(JsonNode) info = NULL;
  gboolean done = FALSE;

  lia_context_start_sandbox_async (context, NULL, sandbox_started_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  info = lia_sandbox_get_info (lia_context_get_sandbox (context));
  return g_strdup (json_object_get_string_member (json_node_get_object (info), member));
}

/* The sandbox comes back on the same ports, so the profile's connections
 * still find it; when a port is taken it takes another one. */
static void
test_context_sandbox_ports (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("liaison-test-XXXXXX", &error);
  g_autofree char *first = start_and_get_url (tmp, "ghl_url");
  g_autofree char *second = start_and_get_url (tmp, "ghl_url");
  g_autofree char *third = NULL;
  g_autoptr(GSocketListener) squatter = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GUri) uri = g_uri_parse (first, G_URI_FLAGS_NONE, NULL);

  g_assert_cmpstr (first, ==, second);

  /* Someone else listens on its port meanwhile. */
  address = g_inet_socket_address_new (loopback, (guint16)g_uri_get_port (uri));
  g_socket_listener_add_address (squatter, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  third = start_and_get_url (tmp, "ghl_url");
  g_assert_cmpstr (third, !=, first);
  g_socket_listener_close (squatter);

  {
    g_autofree char *path = g_build_filename (tmp, "sandbox-ports.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GUri) moved = g_uri_parse (third, G_URI_FLAGS_NONE, NULL);
    g_autofree char *expected = g_strdup_printf ("\"ghl\": %d", g_uri_get_port (moved));

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, expected));
    g_assert_cmpint (g_remove (path), ==, 0);
  }

  {
    g_autofree char *state = g_build_filename (tmp, "sandbox.json", NULL);

    g_assert_cmpint (g_remove (state), ==, 0);
  }
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/default-profile", test_context_default_profile);
  g_test_add_func ("/context/relative-profile", test_context_relative_profile);
  g_test_add_func ("/context/ensure-profile", test_context_ensure_profile);
  g_test_add_func ("/context/ensure-profile-error", test_context_ensure_profile_error);
  g_test_add_func ("/context/settings", test_context_settings);
  g_test_add_func ("/context/sandbox", test_context_sandbox);
  g_test_add_func ("/context/sandbox-ports", test_context_sandbox_ports);

  return g_test_run ();
}
