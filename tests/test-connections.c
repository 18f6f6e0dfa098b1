/* test-connections.c: connecting HighLevel and Mojo Helpdesk, against the sandbox and the keyring
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "lia-connections.h"
#include "lia-error.h"
#include "lia-ghl-scopes.h"
#include "lia-sandbox.h"

typedef enum
{
  BROWSER_FOLLOW,
  BROWSER_FORGE_STATE,
  BROWSER_DENY,
  BROWSER_TWICE,
  BROWSER_NEVER,
} BrowserMode;

typedef struct
{
  LiaSandbox     *sandbox;
  JsonObject     *info;
  char           *profile;
  char           *redirect_uri;
  guint           port;
  SoupSession    *browser;
  BrowserMode     mode;
  char           *callback_uri;   /* where the consent page sent the browser */
  const char     *callback_host;  /* the browser picks this address for "localhost" */
  guint           statuses[2];    /* what the listener answered */
  char           *page;
  guint           pending;
  LiaConnections *connections;
} Fixture;

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;


/* Helpers */

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);

  return wait->result;
}

static const char *
info (Fixture    *fixture,
      const char *name)
{
  return json_object_get_string_member (fixture->info, name);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static GBytes *
http_get (Fixture     *fixture,
          const char  *method,
          const char  *uri,
          const char  *json,
          guint       *status)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  GBytes *body;

  if (json != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json",
                                              g_bytes_new (json, strlen (json)));
  body = soup_session_send_and_read (fixture->browser, message, NULL, NULL);
  if (status != NULL)
    *status = soup_message_get_status (message);
  return body;
}

static void
admin (Fixture    *fixture,
       const char *service,
       const char *lever,
       const char *json)
{
  g_autofree char *uri = g_strdup_printf ("%s/_sandbox/%s", info (fixture, service), lever);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = http_get (fixture, "POST", uri, json ?: "{}", &status);
  g_assert_cmpuint (status, ==, 200);
}

static gint64
token_exchanges (Fixture *fixture)
{
  g_autofree char *uri = g_strdup_printf ("%s/_sandbox/stats", info (fixture, "ghl_url"));
  g_autoptr(GBytes) body = http_get (fixture, "GET", uri, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *requests;
  JsonObject *token;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));
  requests = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "requests");
  if (!json_object_has_member (requests, "POST /oauth/token"))
    return 0;
  token = json_object_get_object_member (requests, "POST /oauth/token");
  return json_object_get_int_member_with_default (token, "200", 0);
}

static char *
lookup (Fixture    *fixture,
        LiaService  service,
        const char *kind)
{
  LiaConnection *connection = lia_connections_get_connection (fixture->connections, service);
  g_autoptr(GError) error = NULL;
  char *secret;

  if (lia_connection_get_account (connection) == NULL)
    return NULL;
  secret = lia_secret_store_lookup_sync (lia_connections_get_secret_store (fixture->connections),
                                         lia_service_to_string (service),
                                         lia_connection_get_account (connection), kind, NULL, &error);
  g_assert_no_error (error);
  return secret;
}

static char *
read_profile_file (Fixture *fixture)
{
  char *text = NULL;

  g_file_get_contents (lia_connections_get_path (fixture->connections), &text, NULL, NULL);
  return text;
}

/* The fake browser */

static void
callback_answered_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Fixture *fixture = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  guint slot = fixture->statuses[0] == 0 ? 0 : 1;

  fixture->statuses[slot] = soup_message_get_status (message);
  if (slot == 0 && body != NULL)
    fixture->page = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  fixture->pending--;
}

static void
visit_callback (Fixture *fixture)
{
  guint times = fixture->mode == BROWSER_TWICE ? 2 : 1;

  for (guint i = 0; i < times; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", fixture->callback_uri);

      fixture->pending++;
      soup_session_send_and_read_async (fixture->browser, message, G_PRIORITY_DEFAULT, NULL,
                                        callback_answered_cb, fixture);
    }
}

static void
consented_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  const char *location;

  fixture->pending--;
  g_assert_cmpuint (soup_message_get_status (message), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  g_assert_nonnull (location);
  fixture->callback_uri = g_strdup (location);
  if (fixture->callback_host != NULL && strstr (location, "//localhost:") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (location, "//localhost:", 2);

      g_free (fixture->callback_uri);
      fixture->callback_uri = g_strdup_printf ("%s//%s:%s", parts[0], fixture->callback_host, parts[1]);
    }

  if (fixture->mode == BROWSER_FORGE_STATE)
    {
      char *state = strstr (fixture->callback_uri, "state=");

      g_assert_nonnull (state);
      state[6] = state[6] == 'A' ? 'B' : 'A';
    }

  visit_callback (fixture);
}

static void
fake_launch (const char *uri,
             gpointer    user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(SoupMessage) message = NULL;

  /* Scopes are joined with %20, never "+". */
  g_assert_null (strstr (uri, "+"));
  g_assert_nonnull (strstr (uri, "code_challenge_method=S256"));

  if (fixture->mode == BROWSER_NEVER)
    return;

  if (fixture->mode == BROWSER_DENY)
    {
      g_autofree char *query = g_strdup (strchr (uri, '?') + 1);

      message = soup_message_new ("POST", uri);
      {
        g_autofree char *form = g_strconcat (query, "&decision=deny", NULL);

        soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                                  g_bytes_new (form, strlen (form)));
      }
    }
  else
    {
      message = soup_message_new ("GET", uri);
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  fixture->pending++;
  soup_session_send_and_read_async (fixture->browser, message, G_PRIORITY_DEFAULT, NULL,
                                    consented_cb, fixture);
}

static void
start_sandbox (Fixture  *fixture,
               gboolean  auto_approve)
{
  LiaSandboxOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  fixture->port = free_port ();
  fixture->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/oauth/callback", fixture->port);

  lia_sandbox_options_init (&options);
  options.contacts = 20;
  options.auto_approve = auto_approve;
  options.redirect_uris = g_new0 (char *, 3);
  options.redirect_uris[0] = g_strdup (fixture->redirect_uri);
  options.redirect_uris[1] = g_strdup_printf ("http://localhost:%u/oauth/callback", fixture->port);
  fixture->sandbox = lia_sandbox_new (&options);
  lia_sandbox_options_clear (&options);

  g_assert_true (lia_sandbox_start_in_thread (fixture->sandbox, &error));
  g_assert_no_error (error);
  node = lia_sandbox_get_info (fixture->sandbox);
  fixture->info = json_object_ref (json_node_get_object (node));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->profile = g_dir_make_tmp ("liaison-connections-XXXXXX", NULL);
  fixture->browser = soup_session_new ();
  start_sandbox (fixture, GPOINTER_TO_INT (data) != BROWSER_DENY);
  fixture->mode = GPOINTER_TO_INT (data);
  fixture->connections = lia_connections_new (fixture->profile, NULL);
  g_assert_true (lia_connections_load (fixture->connections, NULL));
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
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
disconnect_all (Fixture *fixture)
{
  for (LiaService service = LIA_SERVICE_GHL; service <= LIA_SERVICE_MOJO; service++)
    {
      Wait wait = { 0, };

      lia_connections_disconnect_async (fixture->connections, service, NULL, wait_cb, &wait);
      lia_connections_disconnect_finish (fixture->connections, wait_for (&wait), NULL);
      g_object_unref (wait.result);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Leave the session's keyring as it was. */
  if (lia_connections_get_load_error (fixture->connections) == NULL)
    disconnect_all (fixture);
  while (fixture->pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&fixture->connections);
  lia_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->info, json_object_unref);
  g_clear_object (&fixture->browser);
  remove_tree (fixture->profile);
  g_clear_pointer (&fixture->profile, g_free);
  g_clear_pointer (&fixture->redirect_uri, g_free);
  g_clear_pointer (&fixture->callback_uri, g_free);
  g_clear_pointer (&fixture->page, g_free);
}

static gboolean
sign_in_full (Fixture                *fixture,
              const char             *client_secret,
              const char * const     *scopes,
              guint                   timeout,
              GError                **error)
{
  g_autoptr(LiaOAuthFlow) flow = NULL;
  g_auto(GStrv) preset = lia_ghl_scopes_get_preset (LIA_GHL_SCOPES_READ_WRITE);
  g_autofree char *api = g_strdup (info (fixture, "ghl_url"));
  Wait wait = { 0, };
  gboolean ok;

  flow = lia_connections_new_ghl_flow (fixture->connections, info (fixture, "client_id"),
                                       client_secret ?: info (fixture, "client_secret"),
                                       scopes ?: (const char * const *)preset);
  lia_oauth_flow_set_auth_url (flow, info (fixture, "auth_url"));
  lia_oauth_flow_set_api_url (flow, api);
  lia_oauth_flow_set_redirect_uri (flow, fixture->redirect_uri);
  if (timeout > 0)
    lia_oauth_flow_set_timeout (flow, timeout);
  lia_oauth_flow_set_launcher (flow, fake_launch, fixture, NULL);

  lia_connections_connect_ghl_oauth_async (fixture->connections, flow, NULL, wait_cb, &wait);
  ok = lia_connections_connect_finish (fixture->connections, wait_for (&wait), error);
  g_object_unref (wait.result);

  while (fixture->pending > 0)
    g_main_context_iteration (NULL, TRUE);

  return ok;
}

static gboolean
sign_in (Fixture  *fixture,
         GError  **error)
{
  return sign_in_full (fixture, NULL, NULL, 0, error);
}

static LiaSecret *
get_token (Fixture    *fixture,
           const char *rejected,
           GError    **error)
{
  Wait wait = { 0, };
  LiaSecret *token;

  lia_connections_get_ghl_token_async (fixture->connections, rejected, NULL, wait_cb, &wait);
  token = lia_connections_get_ghl_token_finish (fixture->connections, wait_for (&wait), error);
  g_object_unref (wait.result);
  return token;
}

static GBytes *
request (Fixture    *fixture,
         LiaService  service,
         const char *method,
         const char *path,
         const char *json,
         GError    **error)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;
  Wait wait = { 0, };
  GBytes *answer;

  lia_connections_request_async (fixture->connections, service, method, path, body, NULL, NULL,
                                 wait_cb, &wait);
  answer = lia_connections_request_finish (fixture->connections, wait_for (&wait), error);
  g_object_unref (wait.result);
  return answer;
}

static gboolean
connect_mojo (Fixture     *fixture,
              const char  *url,
              const char  *key,
              gboolean     read_only,
              GError     **error)
{
  Wait wait = { 0, };
  gboolean ok;

  lia_connections_connect_mojo_async (fixture->connections, url, key, read_only, NULL, wait_cb, &wait);
  ok = lia_connections_connect_finish (fixture->connections, wait_for (&wait), error);
  g_object_unref (wait.result);
  return ok;
}

static gboolean
connect_pit (Fixture     *fixture,
             const char  *token,
             const char  *location,
             GError     **error)
{
  Wait wait = { 0, };
  gboolean ok;

  lia_connections_connect_ghl_private_token_async (fixture->connections, info (fixture, "ghl_url"),
                                                   token, location, NULL, wait_cb, &wait);
  ok = lia_connections_connect_finish (fixture->connections, wait_for (&wait), error);
  g_object_unref (wait.result);
  return ok;
}

static gboolean
verify (Fixture     *fixture,
        LiaService   service,
        GError     **error)
{
  Wait wait = { 0, };
  gboolean ok;

  lia_connections_verify_async (fixture->connections, service, NULL, wait_cb, &wait);
  ok = lia_connections_verify_finish (fixture->connections, wait_for (&wait), error);
  g_object_unref (wait.result);
  return ok;
}

static void
assert_file_lacks (const char *path,
                   const char *secret)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return;
  g_assert_null (g_strstr_len (text, length, secret));
}

static void
assert_tree_lacks (const char *path,
                   const char *secret)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        assert_tree_lacks (child, secret);
      else
        assert_file_lacks (child, secret);
    }
}

/* Tests */

static void
test_oauth_full (Fixture       *fixture,
                 gconstpointer  data)
{
  LiaConnection *ghl = lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL);
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *file = NULL;
  g_autoptr(LiaConnections) again = NULL;
  guint notified = 0;

  g_signal_connect_swapped (ghl, "notify::state", G_CALLBACK (g_nullify_pointer), &notified);
  notified = 1;
  g_assert_true (sign_in (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 0);   /* the state notified */
  g_signal_handlers_disconnect_by_data (ghl, &notified);

  g_assert_cmpint (lia_connection_get_state (ghl), ==, LIA_CONNECTION_CONNECTED);
  g_assert_cmpint (lia_connection_get_method (ghl), ==, LIA_CONNECTION_METHOD_OAUTH);
  g_assert_cmpstr (lia_connection_get_location_id (ghl), ==, info (fixture, "location_id"));
  g_assert_nonnull (lia_connection_get_location_name (ghl));
  g_assert_true (lia_connection_has_scope (ghl, "contacts.write"));
  g_assert_cmpint (lia_connection_get_expires_at (ghl), >, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (fixture->statuses[0], ==, 200);
  g_assert_nonnull (strstr (fixture->page, "Signed in"));

  access = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_ACCESS_TOKEN);
  refresh = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_REFRESH_TOKEN);
  secret = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_CLIENT_SECRET);
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  g_assert_cmpstr (secret, ==, info (fixture, "client_secret"));

  /* The facts are in the profile, the secrets are not. */
  file = read_profile_file (fixture);
  g_assert_nonnull (strstr (file, info (fixture, "location_id")));
  g_assert_nonnull (strstr (file, "\"version\" : 1"));
  g_assert_null (strstr (file, access));
  g_assert_null (strstr (file, refresh));
  g_assert_null (strstr (file, secret));

  g_assert_true (verify (fixture, LIA_SERVICE_GHL, &error));
  g_assert_no_error (error);

  /* The listener is closed after the one valid callback. */
  {
    g_autoptr(SoupMessage) late = soup_message_new ("GET", fixture->callback_uri);
    g_autoptr(GBytes) body = soup_session_send_and_read (fixture->browser, late, NULL, &error);

    g_assert_null (body);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    g_clear_error (&error);
  }

  /* Loaded again from the profile: the same facts. */
  again = lia_connections_new (fixture->profile, NULL);
  g_assert_true (lia_connections_load (again, &error));
  g_assert_cmpstr (lia_connection_get_location_id (lia_connections_get_connection (again, LIA_SERVICE_GHL)),
                   ==, info (fixture, "location_id"));
  g_assert_cmpint (lia_connection_get_expires_at (lia_connections_get_connection (again, LIA_SERVICE_GHL)),
                   ==, lia_connection_get_expires_at (ghl));
}

static void
test_oauth_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  LiaConnection *ghl = lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL);
  g_autoptr(GError) error = NULL;

  g_assert_false (sign_in (fixture, &error));
  if (fixture->mode == BROWSER_FORGE_STATE)
    {
      g_assert_error (error, LIA_ERROR, LIA_ERROR_STATE_MISMATCH);
      g_assert_cmpuint (fixture->statuses[0], ==, 400);
      /* No code was exchanged. */
      g_assert_cmpint (token_exchanges (fixture), ==, 0);
    }
  else
    {
      g_assert_error (error, LIA_ERROR, LIA_ERROR_ACCESS_DENIED);
      g_assert_cmpuint (fixture->statuses[0], ==, 200);
    }
  g_assert_nonnull (strstr (fixture->page, "could not sign in"));
  g_assert_cmpint (lia_connection_get_state (ghl), ==, LIA_CONNECTION_DISCONNECTED);
  g_assert_false (g_file_test (lia_connections_get_path (fixture->connections), G_FILE_TEST_EXISTS));
}

static void
test_oauth_second_callback (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in (fixture, &error));
  g_assert_no_error (error);
  /* One exchange; the other callback got 410, or found the listener closed. */
  g_assert_cmpint (token_exchanges (fixture), ==, 1);
  g_assert_true ((fixture->statuses[0] == 200 && (fixture->statuses[1] == 410 || fixture->statuses[1] == 0)) ||
                 (fixture->statuses[1] == 200 && fixture->statuses[0] == 410));
}

static void
test_oauth_code_reuse (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LiaOAuthTokens) tokens = NULL;
  g_autofree char *token_uri = g_strconcat (info (fixture, "ghl_url"), "/oauth/token", NULL);
  Wait wait = { 0, };

  g_assert_true (sign_in (fixture, &error));
  uri = g_uri_parse (fixture->callback_uri, G_URI_FLAGS_NONE, NULL);
  query = soup_form_decode (g_uri_get_query (uri));

  g_hash_table_insert (form, (gpointer)"client_id", (gpointer)info (fixture, "client_id"));
  g_hash_table_insert (form, (gpointer)"client_secret", (gpointer)info (fixture, "client_secret"));
  g_hash_table_insert (form, (gpointer)"grant_type", (gpointer)"authorization_code");
  g_hash_table_insert (form, (gpointer)"code", g_hash_table_lookup (query, "code"));
  lia_oauth_tokens_request_async (lia_connections_get_http (fixture->connections, LIA_SERVICE_GHL),
                                  token_uri, form, NULL, wait_cb, &wait);
  tokens = lia_oauth_tokens_request_finish (wait_for (&wait), &error);
  g_object_unref (wait.result);

  g_assert_null (tokens);
  g_assert_error (error, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN);
  /* The message is plain and carries no code. */
  g_assert_null (strstr (error->message, g_hash_table_lookup (query, "code")));
}

static void
test_oauth_wrong_secret (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sign_in_full (fixture, "not-the-secret", NULL, 0, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "client secret"));
  g_assert_null (strstr (error->message, "not-the-secret"));
  g_assert_nonnull (strstr (fixture->page, "client secret"));
  g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_DISCONNECTED);
}

static void
test_oauth_timeout (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_assert_false (sign_in_full (fixture, NULL, NULL, 1, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* The listener is gone. */
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->port, NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_oauth_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(LiaOAuthFlow) flow = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char *scopes[] = { "contacts.readonly", NULL };
  Wait wait = { 0, };

  flow = lia_connections_new_ghl_flow (fixture->connections, "id", "secret", scopes);
  lia_oauth_flow_set_redirect_uri (flow, fixture->redirect_uri);
  lia_oauth_flow_set_launcher (flow, fake_launch, fixture, NULL);
  lia_connections_connect_ghl_oauth_async (fixture->connections, flow, cancellable, wait_cb, &wait);
  g_assert_nonnull (lia_oauth_flow_get_authorize_uri (flow));
  g_cancellable_cancel (cancellable);
  g_assert_false (lia_connections_connect_finish (fixture->connections, wait_for (&wait), &error));
  g_object_unref (wait.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_oauth_port_in_use (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", fixture->port);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error));
  g_assert_false (sign_in (fixture, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_PORT_IN_USE);
  g_assert_nonnull (strstr (error->message, "in use"));
}

static void
test_refresh_rotation (Fixture       *fixture,
                       gconstpointer  data)
{
  LiaConnection *ghl = lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_refresh = NULL;
  g_autofree char *new_refresh = NULL;
  g_autoptr(LiaSecret) before = NULL;
  g_autoptr(LiaSecret) after = NULL;
  g_autofree char *stored_access = NULL;

  g_assert_true (sign_in (fixture, &error));
  old_refresh = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_REFRESH_TOKEN);
  before = get_token (fixture, NULL, &error);
  g_assert_no_error (error);

  /* Within the margin of its expiry: refreshed ahead of time. */
  lia_connections_set_refresh_margin (fixture->connections, 2 * 86400);
  after = get_token (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpint (token_exchanges (fixture), ==, 2);

  /* By the time the new access token was handed out, the rotated refresh
   * token was in the keyring, and so was the new access token. */
  new_refresh = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_REFRESH_TOKEN);
  stored_access = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (new_refresh, !=, old_refresh);
  g_assert_cmpstr (stored_access, ==, after);
  g_assert_cmpint (lia_connection_get_state (ghl), ==, LIA_CONNECTION_CONNECTED);
}

static void
test_refresh_old_token_reused (Fixture       *fixture,
                               gconstpointer  data)
{
  LiaConnection *ghl = lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_refresh = NULL;
  g_autoptr(LiaSecret) token = NULL;
  g_autoptr(LiaSecret) again = NULL;
  g_autofree char *file = NULL;
  Wait wait = { 0, };

  g_assert_true (sign_in (fixture, &error));
  old_refresh = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_REFRESH_TOKEN);
  token = get_token (fixture, NULL, &error);
  g_assert_no_error (error);
  /* A 401 for this token: one refresh, which rotates the refresh token. */
  {
    g_autoptr(LiaSecret) rejected = g_steal_pointer (&token);

    token = get_token (fixture, rejected, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (token, !=, rejected);
  }
  g_assert_cmpint (token_exchanges (fixture), ==, 2);

  /* Put the dead refresh token back, as a second copy of Liaison would use it. */
  lia_secret_store_store_async (lia_connections_get_secret_store (fixture->connections), "ghl",
                                lia_connection_get_account (ghl), LIA_SECRET_REFRESH_TOKEN,
                                old_refresh, NULL, wait_cb, &wait);
  g_assert_true (lia_secret_store_store_finish (lia_connections_get_secret_store (fixture->connections),
                                                wait_for (&wait), &error));
  g_object_unref (wait.result);

  again = get_token (fixture, token, &error);
  g_assert_null (again);
  g_assert_error (error, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpint (lia_connection_get_state (ghl), ==, LIA_CONNECTION_NEEDS_SIGN_IN);
  file = read_profile_file (fixture);
  g_assert_nonnull (strstr (file, "\"needs_sign_in\" : true"));

  /* And calls now fail with that error at once. */
  g_clear_error (&error);
  g_assert_null (request (fixture, LIA_SERVICE_GHL, "GET", "/contacts/?limit=1", NULL, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN);
}

static void
test_refresh_location_inactive (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSecret) token = NULL;
  g_autofree char *json = NULL;

  g_assert_true (sign_in (fixture, &error));
  json = g_strdup_printf ("{\"locationId\": \"%s\"}", info (fixture, "location_id"));
  admin (fixture, "ghl_url", "deactivate-location", json);
  token = get_token (fixture, "rejected-token", &error);
  g_assert_error (error, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "not active"));
  g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_NEEDS_SIGN_IN);
}

typedef struct
{
  guint  ok;
  guint  failed;
  guint  pending;
} Burst;

static void
burst_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = lia_connections_request_finish (LIA_CONNECTIONS (object), result, &error);

  if (body != NULL)
    burst->ok++;
  else
    burst->failed++;
  burst->pending--;
}

static void
test_refresh_single_flight (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) warm = NULL;
  g_autofree char *path = NULL;
  Burst burst = { 0, };

  g_assert_true (sign_in (fixture, &error));
  path = g_strdup_printf ("/contacts/?limit=1&locationId=%s", info (fixture, "location_id"));
  warm = request (fixture, LIA_SERVICE_GHL, "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (token_exchanges (fixture), ==, 1);

  /* Every access token dies: all 20 calls meet a 401. */
  admin (fixture, "ghl_url", "expire-tokens", NULL);
  for (guint i = 0; i < 20; i++)
    {
      burst.pending++;
      lia_connections_request_async (fixture->connections, LIA_SERVICE_GHL, "GET", path, NULL, NULL,
                                     NULL, burst_cb, &burst);
    }
  while (burst.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (burst.ok, ==, 20);
  g_assert_cmpuint (burst.failed, ==, 0);
  /* The sign-in's exchange, and exactly one refresh. */
  g_assert_cmpint (token_exchanges (fixture), ==, 2);
}

static void
test_private_token (Fixture       *fixture,
                    gconstpointer  data)
{
  LiaConnection *ghl = lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GBytes) body = NULL;

  g_assert_true (connect_pit (fixture, info (fixture, "private_token"), info (fixture, "location_id"), &error));
  g_assert_no_error (error);
  g_assert_cmpint (lia_connection_get_method (ghl), ==, LIA_CONNECTION_METHOD_PRIVATE_TOKEN);
  g_assert_nonnull (lia_connection_get_location_name (ghl));
  account = g_strdup (lia_connection_get_account (ghl));

  /* A wrong token: refused in plain words, and the good one stays. */
  g_assert_false (connect_pit (fixture, "pit-wrong", info (fixture, "location_id"), &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "pit-wrong"));
  g_clear_error (&error);
  g_assert_cmpstr (lia_connection_get_account (ghl), ==, account);
  stored = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_PRIVATE_TOKEN);
  g_assert_cmpstr (stored, ==, info (fixture, "private_token"));

  /* A location the token does not open. */
  g_assert_false (connect_pit (fixture, info (fixture, "private_token"), "elsewhere", &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_FORBIDDEN);
  g_clear_error (&error);

  body = request (fixture, LIA_SERVICE_GHL, "GET", "/locations/x", NULL, &error);
  g_assert_error (error, LIA_ERROR, LIA_ERROR_FORBIDDEN);
  g_assert_true (verify (fixture, LIA_SERVICE_GHL, NULL));
}

static void
test_mojo (Fixture       *fixture,
           gconstpointer  data)
{
  LiaConnection *mojo = lia_connections_get_connection (fixture->connections, LIA_SERVICE_MOJO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(LiaConnections) again = NULL;
  g_autofree char *json = NULL;

  /* Wrong key */
  g_assert_false (connect_mojo (fixture, info (fixture, "mojo_url"), "wrong-key", FALSE, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "wrong-key"));
  g_clear_error (&error);
  g_assert_cmpint (lia_connection_get_state (mojo), ==, LIA_CONNECTION_DISCONNECTED);

  /* Network down: nobody listens on port 1 */
  g_assert_false (connect_mojo (fixture, "http://127.0.0.1:1", info (fixture, "mojo_access_key"), FALSE, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_NETWORK);
  g_clear_error (&error);

  /* A read-only key, not said so: learnt from the first refused write. */
  g_assert_true (connect_mojo (fixture, info (fixture, "mojo_url"), info (fixture, "mojo_readonly_key"), FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lia_connection_get_state (mojo), ==, LIA_CONNECTION_CONNECTED);
  g_assert_false (lia_connection_get_read_only (mojo));
  body = request (fixture, LIA_SERVICE_MOJO, "GET", "/users?per_page=1", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);
  body = request (fixture, LIA_SERVICE_MOJO, "POST", "/tickets",
                  "{\"title\": \"t\", \"description\": \"d\"}", &error);
  g_assert_null (body);
  g_assert_error (error, LIA_ERROR, LIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_true (lia_connection_get_read_only (mojo));
  g_assert_cmpint (lia_connection_get_state (mojo), ==, LIA_CONNECTION_CONNECTED);
  again = lia_connections_new (fixture->profile, NULL);
  g_assert_true (lia_connections_load (again, NULL));
  g_assert_true (lia_connection_get_read_only (lia_connections_get_connection (again, LIA_SERVICE_MOJO)));

  /* The read-write key, then it expires. */
  g_assert_true (connect_mojo (fixture, info (fixture, "mojo_url"), info (fixture, "mojo_access_key"), FALSE, &error));
  g_assert_false (lia_connection_get_read_only (mojo));
  g_assert_true (verify (fixture, LIA_SERVICE_MOJO, &error));
  json = g_strdup_printf ("{\"key\": \"%s\"}", info (fixture, "mojo_access_key"));
  admin (fixture, "mojo_url", "expire-key", json);
  g_assert_false (verify (fixture, LIA_SERVICE_MOJO, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN);
  g_assert_null (strstr (error->message, info (fixture, "mojo_access_key")));
  g_assert_cmpint (lia_connection_get_state (mojo), ==, LIA_CONNECTION_NEEDS_SIGN_IN);
}

static void
test_disconnect (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *file = NULL;
  g_autoptr(LiaSecret) gone = NULL;
  Wait wait = { 0, };

  g_assert_true (sign_in (fixture, &error));
  g_assert_true (connect_mojo (fixture, info (fixture, "mojo_url"), info (fixture, "mojo_access_key"), FALSE, &error));
  account = g_strdup (lia_connection_get_account (lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL)));

  lia_connections_disconnect_async (fixture->connections, LIA_SERVICE_GHL, NULL, wait_cb, &wait);
  g_assert_true (lia_connections_disconnect_finish (fixture->connections, wait_for (&wait), &error));
  g_object_unref (wait.result);

  for (guint i = 0; i < 3; i++)
    {
      const char *kinds[] = { LIA_SECRET_ACCESS_TOKEN, LIA_SECRET_REFRESH_TOKEN, LIA_SECRET_CLIENT_SECRET };

      gone = lia_secret_store_lookup_sync (lia_connections_get_secret_store (fixture->connections),
                                           "ghl", account, kinds[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_null (gone);
    }
  g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (fixture->connections, LIA_SERVICE_GHL)),
                   ==, LIA_CONNECTION_DISCONNECTED);
  file = read_profile_file (fixture);
  g_assert_null (strstr (file, "\"ghl\""));
  g_assert_nonnull (strstr (file, "\"mojo\""));
}

static void
test_bad_token_answer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("<html>oops</html>", 17);
  g_autoptr(GBytes) no_token = g_bytes_new_static ("{\"token_type\": \"Bearer\"}", 24);
  g_autoptr(LiaOAuthTokens) tokens = NULL;

  g_assert_null (lia_oauth_tokens_parse (garbage, "text/html", &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_null (lia_oauth_tokens_parse (no_token, "application/json", &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Form-encoded, with "expires" */
  {
    g_autoptr(GBytes) form = g_bytes_new_static ("access_token=a&refresh_token=r&expires=60", 41);

    tokens = lia_oauth_tokens_parse (form, "application/x-www-form-urlencoded", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tokens->access_token, ==, "a");
    g_assert_cmpint (tokens->expires_at, >, 0);
  }
}

static void
test_load_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaConnections) broken = NULL;
  g_autofree char *text = NULL;
  const char *path = lia_connections_get_path (fixture->connections);

  g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"ghl\": ", -1, NULL));
  broken = lia_connections_new (fixture->profile, NULL);
  g_assert_false (lia_connections_load (broken, &error));
  g_assert_error (error, LIA_ERROR, LIA_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Nothing is written over it. */
  {
    Wait wait = { 0, };

    lia_connections_connect_mojo_async (broken, info (fixture, "mojo_url"),
                                        info (fixture, "mojo_access_key"), FALSE, NULL, wait_cb, &wait);
    g_assert_false (lia_connections_connect_finish (broken, wait_for (&wait), &error));
    g_object_unref (wait.result);
    g_assert_error (error, LIA_ERROR, LIA_ERROR_CONFIG);
  }
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "{\"version\": 1, \"ghl\": ");
  g_unlink (path);
}

static void
test_no_secret_on_disk (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSecret) token = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  const char *dirs[] = { fixture->profile, g_get_user_data_dir (), g_get_user_config_dir (),
                         g_get_user_cache_dir (), g_get_user_state_dir () };

  g_assert_true (sign_in (fixture, &error));
  lia_connections_set_refresh_margin (fixture->connections, 2 * 86400);
  token = get_token (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (connect_mojo (fixture, info (fixture, "mojo_url"), info (fixture, "mojo_access_key"), FALSE, &error));
  access = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_ACCESS_TOKEN);
  refresh = lookup (fixture, LIA_SERVICE_GHL, LIA_SECRET_REFRESH_TOKEN);
  uri = g_uri_parse (fixture->callback_uri, G_URI_FLAGS_NONE, NULL);
  query = soup_form_decode (g_uri_get_query (uri));

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      assert_tree_lacks (dirs[i], access);
      assert_tree_lacks (dirs[i], refresh);
      assert_tree_lacks (dirs[i], info (fixture, "client_secret"));
      assert_tree_lacks (dirs[i], info (fixture, "mojo_access_key"));
      assert_tree_lacks (dirs[i], g_hash_table_lookup (query, "code"));
    }
}

static gint64
sandbox_429s (Fixture *fixture)
{
  g_autofree char *uri = g_strdup_printf ("%s/_sandbox/stats", info (fixture, "ghl_url"));
  g_autoptr(GBytes) body = http_get (fixture, "GET", uri, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "http_429");
}

/* With the sandbox's limit on (10 per 2 seconds, tighter than HighLevel's
 * documented 100 per 10), a burst of 35 reads all succeed and meet no 429:
 * the first one alone learns the account's limit from the headers, the
 * rest are paced (the sandbox answers 429 to anything over its limit). */
static void
test_pacing (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Burst burst = { 0, };

  g_assert_true (connect_pit (fixture, info (fixture, "private_token"), info (fixture, "location_id"), &error));
  admin (fixture, "ghl_url", "faults", "{\"rate_limit\": \"10/2\"}");
  path = g_strdup_printf ("/locations/%s", info (fixture, "location_id"));

  for (guint i = 0; i < 35; i++)
    {
      burst.pending++;
      lia_connections_request_async (fixture->connections, LIA_SERVICE_GHL, "GET", path, NULL, NULL, NULL,
                                     burst_cb, &burst);
    }
  while (burst.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (burst.ok, ==, 35);
  g_assert_cmpuint (burst.failed, ==, 0);
  g_assert_cmpint (sandbox_429s (fixture), ==, 0);
}

/* A "localhost" redirect URL: Liaison listens on both loopback addresses,
 * since a browser may try either. */
static void
test_oauth_localhost_both (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *hosts[] = { "127.0.0.1", "[::1]" };

  g_free (fixture->redirect_uri);
  fixture->redirect_uri = g_strdup_printf ("http://localhost:%u/oauth/callback", fixture->port);

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(GError) error = NULL;

      fixture->callback_host = hosts[i];
      g_clear_pointer (&fixture->callback_uri, g_free);
      g_clear_pointer (&fixture->page, g_free);
      fixture->statuses[0] = fixture->statuses[1] = 0;
      g_assert_true (sign_in (fixture, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (fixture->callback_uri, hosts[i]));
      g_assert_cmpuint (fixture->statuses[0], ==, 200);
      g_assert_cmpint (lia_connection_get_state (lia_connections_get_connection (fixture->connections,
                                                                                  LIA_SERVICE_GHL)),
                       ==, LIA_CONNECTION_CONNECTED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The throwaway keyring lives on the session bus of build-aux/test.sh
   * (which sets LIA_SESSION_DIR); never the keyring of a real session. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || g_getenv ("LIA_SESSION_DIR") == NULL)
    {
      g_print ("1..0 # SKIP no session bus: run the tests with build-aux/test.sh\n");
      return 0;
    }

#define ADD(path, mode, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (mode), fixture_set_up, func, fixture_tear_down)

  ADD ("/connections/oauth/full", BROWSER_FOLLOW, test_oauth_full);
  ADD ("/connections/oauth/state-mismatch", BROWSER_FORGE_STATE, test_oauth_refused);
  ADD ("/connections/oauth/deny", BROWSER_DENY, test_oauth_refused);
  ADD ("/connections/oauth/second-callback", BROWSER_TWICE, test_oauth_second_callback);
  ADD ("/connections/oauth/localhost-both", BROWSER_FOLLOW, test_oauth_localhost_both);
  ADD ("/connections/pacing", BROWSER_FOLLOW, test_pacing);
  ADD ("/connections/oauth/code-reuse", BROWSER_FOLLOW, test_oauth_code_reuse);
  ADD ("/connections/oauth/wrong-secret", BROWSER_FOLLOW, test_oauth_wrong_secret);
  ADD ("/connections/oauth/timeout", BROWSER_NEVER, test_oauth_timeout);
  ADD ("/connections/oauth/cancel", BROWSER_NEVER, test_oauth_cancel);
  ADD ("/connections/oauth/port-in-use", BROWSER_FOLLOW, test_oauth_port_in_use);
  ADD ("/connections/refresh/rotation", BROWSER_FOLLOW, test_refresh_rotation);
  ADD ("/connections/refresh/old-token-reused", BROWSER_FOLLOW, test_refresh_old_token_reused);
  ADD ("/connections/refresh/location-inactive", BROWSER_FOLLOW, test_refresh_location_inactive);
  ADD ("/connections/refresh/single-flight", BROWSER_FOLLOW, test_refresh_single_flight);
  ADD ("/connections/private-token", BROWSER_FOLLOW, test_private_token);
  ADD ("/connections/mojo", BROWSER_FOLLOW, test_mojo);
  ADD ("/connections/disconnect", BROWSER_FOLLOW, test_disconnect);
  ADD ("/connections/bad-token-answer", BROWSER_FOLLOW, test_bad_token_answer);
  ADD ("/connections/load-error", BROWSER_FOLLOW, test_load_error);
  ADD ("/connections/no-secret-on-disk", BROWSER_FOLLOW, test_no_secret_on_disk);

#undef ADD

  return g_test_run ();
}
