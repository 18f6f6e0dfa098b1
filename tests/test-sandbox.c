/* test-sandbox.c: the sandbox embedded in a program, as the app's Sandbox mode runs it
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "lia-sandbox.h"

static LiaSandbox *
new_sandbox (const char *state_file)
{
  LiaSandboxOptions options;
  LiaSandbox *sandbox;

  lia_sandbox_options_init (&options);
  options.contacts = 10;
  options.seed = 5;
  options.state_file = g_strdup (state_file);
  sandbox = lia_sandbox_new (&options);
  lia_sandbox_options_clear (&options);

  return sandbox;
}

static void
test_sandbox_options_defaults (void)
{
  LiaSandboxOptions options;
  guint max = 1, window = 1;

  lia_sandbox_options_init (&options);
  g_assert_cmpuint (options.contacts, ==, 200);
  g_assert_cmpuint (options.rate_limit_max, ==, 100);
  g_assert_cmpuint (options.rate_limit_window, ==, 10);
  g_assert_cmpuint (options.daily_limit, ==, 200000);
  g_assert_cmpuint (options.token_lifetime, ==, 86399);
  g_assert_false (options.allow_duplicates);
  g_assert_cmpuint (options.ghl_port, ==, 0);
  lia_sandbox_options_clear (&options);

  g_assert_true (lia_sandbox_parse_rate_limit ("250/5", &max, &window));
  g_assert_cmpuint (max, ==, 250);
  g_assert_cmpuint (window, ==, 5);
  g_assert_true (lia_sandbox_parse_rate_limit ("off", &max, &window));
  g_assert_cmpuint (max, ==, 0);
  g_assert_false (lia_sandbox_parse_rate_limit ("10", &max, &window));
  g_assert_false (lia_sandbox_parse_rate_limit ("10/", &max, &window));
  g_assert_false (lia_sandbox_parse_rate_limit ("x/10", &max, &window));
  g_assert_false (lia_sandbox_parse_rate_limit ("10/0", &max, &window));
}

/* The caller's thread never iterates a main context here: if the sandbox
 * needed the caller's loop, these synchronous requests would hang. */
static void
test_sandbox_thread (void)
{
  g_autoptr(LiaSandbox) sandbox = new_sandbox (NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) info = NULL;
  JsonObject *object;
  const char *urls[] = { "ghl_url", "mojo_url" };

  g_assert_true (lia_sandbox_start_in_thread (sandbox, &error));
  g_assert_no_error (error);

  info = lia_sandbox_get_info (sandbox);
  object = json_node_get_object (info);

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *url = g_strconcat (json_object_get_string_member (object, urls[i]),
                                          "/_sandbox/stats", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\"http_429\""));
    }

  lia_sandbox_stop (sandbox);
  /* Stopping twice is harmless. */
  lia_sandbox_stop (sandbox);
}

static void
test_sandbox_thread_start_error (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSandbox) sandbox = NULL;
  LiaSandboxOptions options;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);

  lia_sandbox_options_init (&options);
  options.contacts = 3;
  options.mojo_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  sandbox = lia_sandbox_new (&options);
  lia_sandbox_options_clear (&options);

  g_assert_false (lia_sandbox_start_in_thread (sandbox, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (lia_sandbox_get_info_line (sandbox));
}

static void
test_sandbox_state_saved_on_stop (void)
{
  g_autofree char *folder = g_dir_make_tmp ("liaison-sandbox-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "state.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSandbox) sandbox = new_sandbox (path);

  g_assert_true (lia_sandbox_start_in_thread (sandbox, &error));
  g_assert_no_error (error);
  lia_sandbox_stop (sandbox);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "{\"format\":1,\"seed\":5,\"contacts\":10,\"ghl\":"));

  g_remove (path);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/options-defaults", test_sandbox_options_defaults);
  g_test_add_func ("/sandbox/thread", test_sandbox_thread);
  g_test_add_func ("/sandbox/thread-start-error", test_sandbox_thread_start_error);
  g_test_add_func ("/sandbox/state-saved-on-stop", test_sandbox_state_saved_on_stop);

  return g_test_run ();
}
