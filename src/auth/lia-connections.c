/* lia-connections.c: the HighLevel and Mojo Helpdesk connections of a profile
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaConnections"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lia-connection-private.h"
#include "lia-connections.h"
#include "lia-rate-limiter.h"
#include "lia-error.h"

/*
 * LiaConnections is what the Connections page and `liaison-cli connect`
 * work with: the two LiaConnection (a GListModel, HighLevel first), one
 * LiaHttp per service, and the async calls that connect, verify and
 * disconnect.
 *
 * Facts and secrets live apart:
 *
 *  - the non-secret facts in the profile's `connections.json` (versioned,
 *    written atomically, owner-only), loaded with errors that name the file
 *    and the reason; a file that fails to load is left untouched and never
 *    overwritten;
 *  - the secrets in the keyring (LiaSecretStore), under each connection's
 *    `account` id, a fresh UUID per connection.
 *
 * Connecting verifies the credentials first, then stores the secrets, then
 * the facts, and only then removes the previous connection's secrets: a
 * failure at any step leaves what was stored before as it was.
 *
 * HighLevel's access token is refreshed 5 minutes ahead of expiry, or when
 * a call meets 401, one refresh at a time: every caller that asks meanwhile
 * waits for the same answer. The rotated refresh token is stored before the
 * new access token is handed out. A refused refresh (invalid_grant, "Location
 * is not active") turns the connection to needs-sign-in.
 */

#define FORMAT_VERSION         1
#define DEFAULT_REFRESH_MARGIN (5 * 60)

struct _LiaConnections
{
  GObject         parent_instance;

  char           *profile_dir;
  char           *path;
  GError         *load_error;
  gboolean        loaded;

  LiaConnection  *ghl;
  LiaConnection  *mojo;
  LiaHttp        *ghl_http;
  LiaRateLimiter *ghl_limiter;
  char           *rate_limit_key;
  LiaHttp        *mojo_http;
  LiaSecretStore *secrets;

  LiaSecret      *ghl_token;      /* the access token (or private token) in use */
  LiaSecret      *mojo_key;
  GPtrArray      *token_waiters;  /* GTasks waiting for the one refresh */
  gboolean        refreshing;
  guint           refresh_margin;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LiaConnections, lia_connections, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROFILE_DIR,
  PROP_SECRET_STORE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* The secrets a new connection stores, and its facts until they are saved. */
typedef struct
{
  LiaService      service;
  LiaConnection  *facts;
  LiaOAuthFlow   *flow;
  GPtrArray      *kinds;
  GPtrArray      *values;
  guint           next;
  char           *old_account;
  char           *token;         /* the private token or access key being verified */
} ConnectData;

typedef struct
{
  LiaService   service;
  char        *method;
  char        *path;
  GBytes      *body;
  char        *content_type;
  LiaSecret   *credential;
  SoupMessage *message;
  gboolean     retried;
  guint        rate_limited;   /* 429s met so far */
  gint64       slot;           /* the rate limiter's, while sent */
} RequestData;

static void secret_wipe_free (gpointer data);

static void
connect_data_free (ConnectData *data)
{
  g_clear_object (&data->facts);
  g_clear_object (&data->flow);
  g_clear_pointer (&data->kinds, g_ptr_array_unref);
  g_clear_pointer (&data->values, g_ptr_array_unref);
  g_clear_pointer (&data->old_account, g_free);
  g_clear_pointer (&data->token, lia_secret_free);
  g_free (data);
}

static void
request_data_free (RequestData *data)
{
  g_clear_pointer (&data->method, g_free);
  g_clear_pointer (&data->path, g_free);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->content_type, g_free);
  g_clear_pointer (&data->credential, lia_secret_free);
  g_clear_object (&data->message);
  g_free (data);
}


/*
 * Auxiliary functions
 */

static void
secret_wipe_free (gpointer data)
{
  lia_secret_free (data);
}

static char *
trim_url (const char *url)
{
  char *trimmed = g_strstrip (g_strdup (url));

  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  return trimmed;
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri != NULL && (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ||
                      g_strcmp0 (g_uri_get_scheme (uri), "http") == 0) &&
      g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0')
    return TRUE;

  g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
               /* Translators: %s is what the user gave */
               _("“%s” is not a web address; it should look like https://example.com."), url);
  return FALSE;
}

static LiaConnection *
connection_for (LiaConnections *self,
                LiaService      service)
{
  return service == LIA_SERVICE_MOJO ? self->mojo : self->ghl;
}

static gboolean
save (LiaConnections  *self,
      LiaConnection   *replace,
      LiaConnection   *with,
      GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  LiaConnection *items[] = { self->ghl, self->mojo };

  if (self->load_error != NULL)
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s says which file and why */
                   _("Liaison leaves your connections file alone until it can read it: %s"),
                   self->load_error->message);
      return FALSE;
    }

  if (g_mkdir_with_parents (self->profile_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is a folder, then the system's reason */
                   _("Could not create the profile folder “%s”: %s"),
                   self->profile_dir, g_strerror (saved_errno));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      LiaConnection *item = items[i] == replace ? with : items[i];

      if (item == NULL || lia_connection_get_method (item) == LIA_CONNECTION_METHOD_NONE)
        continue;

      json_builder_set_member_name (builder, lia_service_to_string (lia_connection_get_service (items[i])));
      {
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

        json_node_take_object (node, _lia_connection_to_json (item));
        json_builder_add_value (builder, g_steal_pointer (&node));
      }
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  if (!g_file_set_contents_full (self->path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is a file, then the system's reason */
                   _("Could not save “%s”: %s"), self->path, local_error->message);
      return FALSE;
    }

  g_debug ("Saved %s", self->path);
  return TRUE;
}

static void
save_or_warn (LiaConnections *self)
{
  g_autoptr(GError) error = NULL;

  if (!save (self, NULL, NULL, &error))
    g_warning ("%s", error->message);
}

static void
forget_credentials (LiaConnections *self,
                    LiaService      service)
{
  if (service == LIA_SERVICE_GHL)
    g_clear_pointer (&self->ghl_token, lia_secret_free);
  else
    g_clear_pointer (&self->mojo_key, lia_secret_free);
}

static void
mark_needs_sign_in (LiaConnections *self,
                    LiaService      service,
                    const GError   *error)
{
  LiaConnection *connection = connection_for (self, service);

  forget_credentials (self, service);
  if (lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_NONE)
    return;

  _lia_connection_set_last_error (connection, error->message);
  if (lia_connection_get_state (connection) != LIA_CONNECTION_NEEDS_SIGN_IN)
    {
      g_debug ("%s needs a new sign-in", lia_service_get_title (service));
      _lia_connection_set_state (connection, LIA_CONNECTION_NEEDS_SIGN_IN);
      save_or_warn (self);
    }
}

/* What a failed call says about the connection's state. */
static void
note_outcome (LiaConnections *self,
              LiaService      service,
              const GError   *error)
{
  LiaConnection *connection = connection_for (self, service);

  if (lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_NONE)
    return;

  if (error == NULL)
    {
      _lia_connection_set_last_error (connection, NULL);
      if (lia_connection_get_state (connection) == LIA_CONNECTION_UNREACHABLE)
        _lia_connection_set_state (connection, LIA_CONNECTION_CONNECTED);
      return;
    }

  if (g_error_matches (error, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN))
    {
      mark_needs_sign_in (self, service, error);
    }
  else if (g_error_matches (error, LIA_ERROR, LIA_ERROR_NETWORK) ||
           g_error_matches (error, LIA_ERROR, LIA_ERROR_TIMEOUT))
    {
      _lia_connection_set_last_error (connection, error->message);
      if (lia_connection_get_state (connection) == LIA_CONNECTION_CONNECTED)
        _lia_connection_set_state (connection, LIA_CONNECTION_UNREACHABLE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _lia_connection_set_last_error (connection, error->message);
    }
}

static SoupMessage *
new_api_message (LiaConnections *self,
                 LiaService      service,
                 const char     *base,
                 const char     *method,
                 const char     *path,
                 GBytes         *body,
                 const char     *content_type,
                 const char     *credential)
{
  g_autofree char *uri = NULL;
  SoupMessage *message;
  SoupMessageHeaders *headers;

  if (service == LIA_SERVICE_MOJO)
    {
      g_autofree char *escaped = g_uri_escape_string (credential, NULL, FALSE);

      uri = g_strconcat (base, "/api/v2", path, strchr (path, '?') != NULL ? "&" : "?",
                         "access_key=", escaped, NULL);
    }
  else
    {
      uri = g_strconcat (base, path, NULL);
    }

  message = soup_message_new (method, uri);
  if (message == NULL)
    return NULL;

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (service == LIA_SERVICE_GHL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", credential, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      soup_message_headers_replace (headers, "Version", LIA_GHL_API_VERSION);
      explicit_bzero (bearer, strlen (bearer));
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type ?: "application/json", body);

  return message;
}

static GError *
invalid_address_error (const char *base)
{
  return g_error_new (LIA_ERROR, LIA_ERROR_CONFIG,
                      /* Translators: %s is a web address */
                      _("“%s” is not a web address Liaison can use."), base);
}


/*
 * Storing a new connection's secrets, one after the other
 */

static void store_next (GTask *task);

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!lia_secret_store_store_finish (LIA_SECRET_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  store_next (g_steal_pointer (&task));
}

static void
store_next (GTask *task)
{
  LiaConnections *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  guint i = data->next++;

  if (i >= data->kinds->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  lia_secret_store_store_async (self->secrets,
                                lia_service_to_string (data->service),
                                lia_connection_get_account (data->facts),
                                g_ptr_array_index (data->kinds, i),
                                g_ptr_array_index (data->values, i),
                                g_task_get_cancellable (task),
                                secret_stored_cb,
                                task);
}

static void
add_secret (ConnectData *data,
            const char  *kind,
            const char  *value)
{
  g_ptr_array_add (data->kinds, (gpointer)kind);
  g_ptr_array_add (data->values, g_strdup (value));
}

static ConnectData *
connect_data_new (LiaService service)
{
  ConnectData *data = g_new0 (ConnectData, 1);
  g_autofree char *account = g_uuid_string_random ();

  data->service = service;
  data->facts = _lia_connection_new (service);
  data->kinds = g_ptr_array_new ();
  data->values = g_ptr_array_new_with_free_func (secret_wipe_free);
  _lia_connection_set_string (data->facts, "account", account);
  _lia_connection_set_state (data->facts, LIA_CONNECTION_CONNECTED);

  return data;
}


/*
 * Connecting: verify, store the secrets, save the facts, drop the old secrets
 */

static void
old_secrets_cleared_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The new connection works; stale items are only clutter. */
  if (!lia_secret_store_clear_finish (LIA_SECRET_STORE (object), result, &error))
    g_debug ("The previous connection's secrets stay: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static void
new_secrets_cleared_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lia_secret_store_clear_finish (LIA_SECRET_STORE (object), result, &error))
    g_debug ("Could not remove a failed connection's secrets: %s", error->message);
}

static void
connect_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  LiaConnection *live = connection_for (self, data->service);
  const char *service = lia_service_to_string (data->service);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !save (self, live, data->facts, &error))
    {
      /* Whatever part of the new secrets made it in goes again. */
      lia_secret_store_clear_async (self->secrets, service, lia_connection_get_account (data->facts),
                                    NULL, NULL, new_secrets_cleared_cb, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->old_account = g_strdup (lia_connection_get_account (live));
  forget_credentials (self, data->service);
  _lia_connection_take_facts (live, data->facts);
  g_debug ("%s connected", lia_service_get_title (data->service));

  if (data->old_account != NULL &&
      g_strcmp0 (data->old_account, lia_connection_get_account (live)) != 0)
    {
      lia_secret_store_clear_async (self->secrets, service, data->old_account, NULL,
                                    NULL, old_secrets_cleared_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
connect_store (GTask *task)
{
  LiaConnections *self = g_task_get_source_object (task);
  GTask *store_task = g_task_new (self, g_task_get_cancellable (task), connect_stored_cb, task);

  g_task_set_task_data (store_task, g_task_get_task_data (task), NULL);
  store_next (store_task);
}

static void
location_named_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  LiaHttp *http = LIA_HTTP (object);
  gboolean private_token = lia_connection_get_method (data->facts) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN;
  SoupMessage *message = g_object_get_data (G_OBJECT (task), "message");
  g_autofree char *said = NULL;

  body = lia_http_send_finish (http, result, &error);
  if (body != NULL && !lia_http_check_status (http, message, body, &error))
    {
      said = lia_http_dup_server_message (body);
      g_clear_pointer (&body, g_bytes_unref);
    }
  if (body != NULL)
    root = lia_http_parse_json (http, body, &error);

  if (root == NULL)
    {
      /* With a private token this read is the check; after a sign-in it
       * only fetches the name. */
      if (private_token)
        {
          if (g_error_matches (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED))
            {
              g_autofree char *message_text = g_strdup (said ?: "HTTP 401");

              g_clear_error (&error);
              g_set_error (&error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED,
                           /* Translators: %s is HighLevel's answer */
                           _("HighLevel refused the private integration token (%s). Copy it "
                             "again from Settings → Private Integrations of the sub-account."),
                           message_text);
            }
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("The location's name stays unknown: %s", error->message);
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object_ = json_node_get_object (root);
      JsonNode *member = json_object_get_member (object_, "location");
      JsonObject *location = object_;

      if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        location = json_node_get_object (member);
      _lia_connection_set_location_name (data->facts,
                                         json_object_get_string_member_with_default (location, "name", NULL));
    }

  connect_store (g_steal_pointer (&task));
}

/* GET /locations/{id}: the check of a private token, the name after a sign-in. */
static void
fetch_location (GTask      *task,
                const char *token)
{
  LiaConnections *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autofree char *escaped = g_uri_escape_string (lia_connection_get_location_id (data->facts), NULL, FALSE);
  g_autofree char *path = g_strconcat ("/locations/", escaped, NULL);
  SoupMessage *message;

  message = new_api_message (self, LIA_SERVICE_GHL, lia_connection_get_api_url (data->facts),
                             "GET", path, NULL, NULL, token);
  if (message == NULL)
    {
      g_task_return_error (task, invalid_address_error (lia_connection_get_api_url (data->facts)));
      g_object_unref (task);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "message", message, g_object_unref);
  lia_http_send_async (self->ghl_http, message, g_task_get_cancellable (task),
                       location_named_cb, task);
}

static void
flow_ran_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  LiaOAuthFlow *flow = LIA_OAUTH_FLOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaOAuthTokens) tokens = NULL;
  g_autofree char *scopes = NULL;

  tokens = lia_oauth_flow_run_finish (flow, result, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (tokens->location_id == NULL || tokens->refresh_token == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                               _("HighLevel signed in without naming a sub-account (location) or "
                                 "without a refresh token. Choose a sub-account when you sign in, "
                                 "and make sure the app is a Sub-Account app."));
      return;
    }

  scopes = tokens->scope != NULL ? g_strdup (tokens->scope)
                                 : g_strjoinv (" ", (char **)lia_oauth_flow_get_scopes (flow));
  _lia_connection_set_method (data->facts, LIA_CONNECTION_METHOD_OAUTH);
  _lia_connection_set_string (data->facts, "client-id", lia_oauth_flow_get_client_id (flow));
  _lia_connection_set_string (data->facts, "auth-url", lia_oauth_flow_get_auth_url (flow));
  _lia_connection_set_string (data->facts, "api-url", lia_oauth_flow_get_api_url (flow));
  _lia_connection_set_string (data->facts, "redirect-uri", lia_oauth_flow_get_redirect_uri (flow));
  _lia_connection_set_string (data->facts, "location-id", tokens->location_id);
  _lia_connection_set_string (data->facts, "user-type", tokens->user_type ?: "Location");
  _lia_connection_set_scopes_text (data->facts, scopes);
  _lia_connection_set_expires_at (data->facts, tokens->expires_at);

  add_secret (data, LIA_SECRET_CLIENT_SECRET, lia_oauth_flow_get_client_secret (flow));
  add_secret (data, LIA_SECRET_REFRESH_TOKEN, tokens->refresh_token);
  add_secret (data, LIA_SECRET_ACCESS_TOKEN, tokens->access_token);

  if (lia_connection_has_scope (data->facts, "locations.readonly"))
    fetch_location (g_steal_pointer (&task), tokens->access_token);
  else
    connect_store (g_steal_pointer (&task));
}

static void
mojo_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaHttp *http = LIA_HTTP (object);
  SoupMessage *message = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = lia_http_send_finish (http, result, &error);
  if (body != NULL && !lia_http_check_status (http, message, body, &error))
    {
      if (g_error_matches (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED))
        {
          g_autofree char *said = lia_http_dup_server_message (body) ?: g_strdup ("HTTP 401");

          /* Its sentence goes inside ours: without its own full stop. */
          if (g_str_has_suffix (said, "."))
            said[strlen (said) - 1] = '\0';
          g_clear_error (&error);
          g_set_error (&error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED,
                       /* Translators: %s is Mojo Helpdesk's answer */
                       _("Mojo Helpdesk refused the access key (%s). Check that you copied all "
                         "of it from My profile → Dev settings → API keys, and that it has not "
                         "expired or been rotated."), said);
        }
      g_clear_pointer (&body, g_bytes_unref);
    }
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  connect_store (g_steal_pointer (&task));
}


/*
 * HighLevel's access token: cache, keyring, one refresh at a time
 */

static void
return_token (GTask      *task,
              const char *token)
{
  g_task_return_pointer (task, g_strdup (token), secret_wipe_free);
}

static void
finish_refresh (LiaConnections *self,
                const GError   *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->token_waiters);

  self->token_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->refreshing = FALSE;

  if (error != NULL)
    note_outcome (self, LIA_SERVICE_GHL, error);
  else
    note_outcome (self, LIA_SERVICE_GHL, NULL);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        return_token (waiter, self->ghl_token);
    }
}

typedef struct
{
  LiaConnections *self;
  LiaOAuthTokens *tokens;
  LiaSecret      *client_secret;
  char           *account;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->self);
  g_clear_pointer (&refresh->tokens, lia_oauth_tokens_free);
  g_clear_pointer (&refresh->client_secret, lia_secret_free);
  g_clear_pointer (&refresh->account, g_free);
  g_free (refresh);
}

/* Still the same connection as when the refresh started? */
static gboolean
refresh_is_current (Refresh *refresh)
{
  return g_strcmp0 (lia_connection_get_account (refresh->self->ghl), refresh->account) == 0;
}

static void
refresh_fail (Refresh *refresh,
              GError  *error)
{
  LiaConnections *self = refresh->self;

  g_debug ("The refresh failed: %s", error->message);
  finish_refresh (self, error);
  g_error_free (error);
  refresh_free (refresh);
}

static void
access_token_stored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Refresh *refresh = user_data;
  LiaConnections *self = refresh->self;
  GError *error = NULL;

  if (!lia_secret_store_store_finish (LIA_SECRET_STORE (object), result, &error))
    {
      refresh_fail (refresh, error);
      return;
    }

  if (!refresh_is_current (refresh))
    {
      refresh_fail (refresh, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("HighLevel was disconnected meanwhile.")));
      return;
    }

  g_clear_pointer (&self->ghl_token, lia_secret_free);
  self->ghl_token = g_strdup (refresh->tokens->access_token);
  _lia_connection_set_expires_at (self->ghl, refresh->tokens->expires_at);
  if (refresh->tokens->scope != NULL)
    _lia_connection_set_scopes_text (self->ghl, refresh->tokens->scope);
  save_or_warn (self);
  g_debug ("The access token was refreshed");

  finish_refresh (self, NULL);
  refresh_free (refresh);
}

static void
refresh_token_stored_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Refresh *refresh = user_data;
  LiaConnections *self = refresh->self;
  GError *error = NULL;

  /* The old refresh token is dead now: the new one had to be kept first. */
  if (object != NULL && !lia_secret_store_store_finish (LIA_SECRET_STORE (object), result, &error))
    {
      refresh_fail (refresh, error);
      return;
    }

  lia_secret_store_store_async (self->secrets, "ghl", refresh->account, LIA_SECRET_ACCESS_TOKEN,
                                refresh->tokens->access_token, NULL,
                                access_token_stored_cb, refresh);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Refresh *refresh = user_data;
  LiaConnections *self = refresh->self;
  GError *error = NULL;

  refresh->tokens = lia_oauth_tokens_request_finish (result, &error);
  if (refresh->tokens == NULL)
    {
      refresh_fail (refresh, error);
      return;
    }

  if (!refresh_is_current (refresh))
    {
      refresh_fail (refresh, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("HighLevel was disconnected meanwhile.")));
      return;
    }

  if (refresh->tokens->refresh_token == NULL)
    {
      /* No new refresh token: the old one stays valid (as GOA and EDS do). */
      refresh_token_stored_cb (NULL, NULL, refresh);
      return;
    }

  lia_secret_store_store_async (self->secrets, "ghl", refresh->account, LIA_SECRET_REFRESH_TOKEN,
                                refresh->tokens->refresh_token, NULL,
                                refresh_token_stored_cb, refresh);
}

static void
refresh_token_looked_up_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  Refresh *refresh = user_data;
  LiaConnections *self = refresh->self;
  g_autoptr(LiaSecret) refresh_token = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *token_uri = NULL;
  GError *error = NULL;

  refresh_token = lia_secret_store_lookup_finish (LIA_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      refresh_fail (refresh, error);
      return;
    }
  if (refresh_token == NULL || refresh->client_secret == NULL)
    {
      refresh_fail (refresh, g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                                          _("The keyring no longer holds HighLevel’s sign-in. "
                                            "Sign in again.")));
      return;
    }

  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (gpointer)"client_id", (gpointer)lia_connection_get_client_id (self->ghl));
  g_hash_table_insert (form, (gpointer)"client_secret", refresh->client_secret);
  g_hash_table_insert (form, (gpointer)"grant_type", (gpointer)"refresh_token");
  g_hash_table_insert (form, (gpointer)"refresh_token", refresh_token);
  g_hash_table_insert (form, (gpointer)"user_type", (gpointer)(lia_connection_get_user_type (self->ghl) ?: "Location"));
  token_uri = g_strconcat (lia_connection_get_api_url (self->ghl), "/oauth/token", NULL);

  g_debug ("Refreshing the access token");
  lia_oauth_tokens_request_async (self->ghl_http, token_uri, form, NULL, refreshed_cb, refresh);
}

static void
client_secret_looked_up_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  Refresh *refresh = user_data;
  LiaConnections *self = refresh->self;
  GError *error = NULL;

  refresh->client_secret = lia_secret_store_lookup_finish (LIA_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      refresh_fail (refresh, error);
      return;
    }

  lia_secret_store_lookup_async (self->secrets, "ghl", refresh->account, LIA_SECRET_REFRESH_TOKEN,
                                 NULL, refresh_token_looked_up_cb, refresh);
}

/* Joins the refresh in flight, or starts one. */
static void
join_refresh (LiaConnections *self,
              GTask          *task)
{
  Refresh *refresh;

  g_ptr_array_add (self->token_waiters, task);
  if (self->refreshing)
    return;

  self->refreshing = TRUE;
  g_clear_pointer (&self->ghl_token, lia_secret_free);

  refresh = g_new0 (Refresh, 1);
  refresh->self = g_object_ref (self);
  refresh->account = g_strdup (lia_connection_get_account (self->ghl));
  lia_secret_store_lookup_async (self->secrets, "ghl", refresh->account, LIA_SECRET_CLIENT_SECRET,
                                 NULL, client_secret_looked_up_cb, refresh);
}

static gboolean
token_is_fresh (LiaConnections *self)
{
  gint64 expires_at = lia_connection_get_expires_at (self->ghl);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return expires_at == 0 || expires_at - now > (gint64)self->refresh_margin;
}

static void
stored_token_looked_up_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  g_autoptr(LiaSecret) token = NULL;
  g_autoptr(GError) error = NULL;
  gboolean oauth = lia_connection_get_method (self->ghl) == LIA_CONNECTION_METHOD_OAUTH;

  token = lia_secret_store_lookup_finish (LIA_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Someone else got here first, or is refreshing. */
  if (self->ghl_token != NULL)
    {
      return_token (task, self->ghl_token);
      return;
    }
  if (self->refreshing)
    {
      join_refresh (self, g_steal_pointer (&task));
      return;
    }

  if (token != NULL && (!oauth || token_is_fresh (self)))
    {
      self->ghl_token = g_steal_pointer (&token);
      return_token (task, self->ghl_token);
      return;
    }

  if (!oauth)
    {
      g_autoptr(GError) gone = g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                                            _("The keyring no longer holds HighLevel’s private "
                                              "integration token. Connect again."));

      mark_needs_sign_in (self, LIA_SERVICE_GHL, gone);
      g_task_return_error (task, g_steal_pointer (&gone));
      return;
    }

  join_refresh (self, g_steal_pointer (&task));
}


/*
 * Authorised requests
 */

static void request_send (GTask *task);

static GError *
not_connected_error (LiaService service)
{
  return g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                      /* Translators: %s is a service */
                      _("Liaison is not connected to %s. Connect it first."),
                      lia_service_get_title (service));
}

#define MAX_RATE_LIMITED 5

static void request_with_credential (GTask *task);

/* One bucket per HighLevel location: its limits are per location. */
static const char *
rate_limit_key (LiaConnections *self)
{
  const char *location = lia_connection_get_location_id (self->ghl);

  g_free (self->rate_limit_key);
  self->rate_limit_key = g_strconcat ("ghl:", location != NULL ? location : "", NULL);
  return self->rate_limit_key;
}

static void request_sent_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
request_slot_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!lia_rate_limiter_acquire_finish (LIA_RATE_LIMITER (object), result, &data->slot, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  lia_http_send_async (self->ghl_http, data->message, g_task_get_cancellable (task), request_sent_cb, task);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  LiaHttp *http = LIA_HTTP (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = lia_http_send_finish (http, result, &error);
  if (data->service == LIA_SERVICE_GHL)
    {
      lia_rate_limiter_answered (self->ghl_limiter, rate_limit_key (self), data->slot);
      lia_rate_limiter_learn (self->ghl_limiter, rate_limit_key (self),
                              soup_message_get_response_headers (data->message));
    }
  if (body != NULL && !lia_http_check_status (http, data->message, body, &error))
    {
      /* Kept for lia_connections_request_finish_full()'s callers. */
      g_object_set_data_full (G_OBJECT (data->message), "lia-response-body", g_bytes_ref (body),
                              (GDestroyNotify)g_bytes_unref);
      g_clear_pointer (&body, g_bytes_unref);
    }

  if (body != NULL)
    {
      note_outcome (self, data->service, NULL);
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
      return;
    }

  /* A 429 is a wait, not a failure: the service refused before doing
   * anything, so even a write is safe to send again. */
  if (data->service == LIA_SERVICE_GHL && g_error_matches (error, LIA_ERROR, LIA_ERROR_RATE_LIMITED) &&
      data->rate_limited < MAX_RATE_LIMITED)
    {
      const char *retry_after = soup_message_headers_get_one (soup_message_get_response_headers (data->message),
                                                              "Retry-After");
      guint64 seconds = 0;

      data->rate_limited++;
      if (retry_after != NULL)
        g_ascii_string_to_unsigned (retry_after, 10, 0, 3600, &seconds, NULL);
      lia_rate_limiter_back_off (self->ghl_limiter, rate_limit_key (self), (guint)seconds * 1000);
      g_debug ("429: waiting, then the same call again (%u)", data->rate_limited);
      request_with_credential (g_steal_pointer (&task));
      return;
    }

  if (data->service == LIA_SERVICE_GHL && !data->retried &&
      g_error_matches (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED) &&
      lia_connection_get_method (self->ghl) == LIA_CONNECTION_METHOD_OAUTH)
    {
      /* Once: a fresh token, then the same call again. */
      data->retried = TRUE;
      g_debug ("401: refreshing, then trying once more");
      request_send (g_steal_pointer (&task));
      return;
    }

  if (data->service == LIA_SERVICE_MOJO && g_error_matches (error, LIA_ERROR, LIA_ERROR_READ_ONLY) &&
      !lia_connection_get_read_only (self->mojo))
    {
      g_debug ("Mojo Helpdesk's key is read-only: remembered");
      _lia_connection_set_read_only (self->mojo, TRUE);
      save_or_warn (self);
    }

  if (data->service == LIA_SERVICE_GHL &&
      lia_connection_get_method (self->ghl) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN &&
      g_error_matches (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED) &&
      strstr (error->message, "scope") == NULL)
    {
      g_autoptr(GError) revoked = g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                                               /* Translators: %s is HighLevel's refusal */
                                               _("%s Connect again with a current private "
                                                 "integration token."), error->message);

      mark_needs_sign_in (self, LIA_SERVICE_GHL, revoked);
      g_task_return_error (task, g_steal_pointer (&revoked));
      return;
    }

  if (data->service == LIA_SERVICE_MOJO && g_error_matches (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED))
    {
      g_autoptr(GError) refused = g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                                               /* Translators: %s is Mojo Helpdesk's refusal */
                                               _("%s The access key may have expired or been "
                                                 "rotated: connect again with a current key."),
                                               error->message);

      mark_needs_sign_in (self, LIA_SERVICE_MOJO, refused);
      g_task_return_error (task, g_steal_pointer (&refused));
      return;
    }

  note_outcome (self, data->service, error);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
request_with_credential (GTask *task)
{
  LiaConnections *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  LiaConnection *connection = connection_for (self, data->service);
  const char *base = data->service == LIA_SERVICE_GHL ? lia_connection_get_api_url (connection)
                                                      : lia_connection_get_url (connection);

  g_clear_object (&data->message);
  data->message = new_api_message (self, data->service, base, data->method, data->path,
                                   data->body, data->content_type, data->credential);
  if (data->message == NULL)
    {
      g_task_return_error (task, invalid_address_error (base));
      g_object_unref (task);
      return;
    }

  if (data->service == LIA_SERVICE_GHL)
    {
      /* Paced: sent only when it cannot exceed the account's limit. */
      lia_rate_limiter_acquire_async (self->ghl_limiter, rate_limit_key (self), g_task_get_cancellable (task),
                                      request_slot_cb, task);
      return;
    }

  lia_http_send_async (self->mojo_http, data->message, g_task_get_cancellable (task), request_sent_cb, task);
}

static void
request_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&data->credential, lia_secret_free);
  data->credential = lia_connections_get_ghl_token_finish (LIA_CONNECTIONS (object), result, &error);
  if (data->credential == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request_with_credential (g_steal_pointer (&task));
}

static void
mojo_key_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSecret) key = NULL;

  key = lia_secret_store_lookup_finish (LIA_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (key == NULL)
    {
      g_autoptr(GError) gone = g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                                            _("The keyring no longer holds the Mojo Helpdesk "
                                              "access key. Connect again."));

      mark_needs_sign_in (self, LIA_SERVICE_MOJO, gone);
      g_task_return_error (task, g_steal_pointer (&gone));
      return;
    }

  if (self->mojo_key == NULL)
    self->mojo_key = g_strdup (key);
  data->credential = g_steal_pointer (&key);
  request_with_credential (g_steal_pointer (&task));
}

static void
request_send (GTask *task)
{
  LiaConnections *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);

  if (data->service == LIA_SERVICE_GHL)
    {
      lia_connections_get_ghl_token_async (self, data->retried ? data->credential : NULL,
                                           g_task_get_cancellable (task), request_token_cb, task);
      return;
    }

  if (self->mojo_key != NULL)
    {
      data->credential = g_strdup (self->mojo_key);
      request_with_credential (task);
      return;
    }

  lia_secret_store_lookup_async (self->secrets, "mojo", lia_connection_get_account (self->mojo),
                                 LIA_SECRET_ACCESS_KEY, g_task_get_cancellable (task),
                                 mojo_key_looked_up_cb, task);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(LiaSecret) token = NULL;

  if (g_task_get_task_data (task) != NULL)
    token = lia_connections_get_ghl_token_finish (LIA_CONNECTIONS (object), result, &error);
  else
    body = lia_connections_request_finish (LIA_CONNECTIONS (object), result, &error);

  if (token == NULL && body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
disconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  LiaService service = GPOINTER_TO_INT (g_task_get_task_data (task));
  LiaConnection *connection = connection_for (self, service);
  g_autoptr(LiaConnection) empty = _lia_connection_new (service);
  g_autoptr(GError) error = NULL;

  if (!lia_secret_store_clear_finish (LIA_SECRET_STORE (object), result, &error) ||
      !save (self, connection, empty, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  forget_credentials (self, service);
  _lia_connection_reset (connection);
  g_debug ("%s disconnected", lia_service_get_title (service));
  g_task_return_boolean (task, TRUE);
}


/*
 * Interface implementations
 */

static GType
lia_connections_get_item_type (GListModel *model)
{
  return LIA_TYPE_CONNECTION;
}

static guint
lia_connections_get_n_items (GListModel *model)
{
  return 2;
}

static gpointer
lia_connections_get_item (GListModel *model,
                          guint       position)
{
  LiaConnections *self = LIA_CONNECTIONS (model);

  if (position == 0)
    return g_object_ref (self->ghl);
  if (position == 1)
    return g_object_ref (self->mojo);

  return NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lia_connections_get_item_type;
  iface->get_n_items = lia_connections_get_n_items;
  iface->get_item = lia_connections_get_item;
}


/*
 * GObject overrides
 */

static void
lia_connections_finalize (GObject *object)
{
  LiaConnections *self = (LiaConnections *)object;

  g_assert (self->token_waiters->len == 0);

  g_clear_pointer (&self->profile_dir, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_error (&self->load_error);
  g_clear_object (&self->ghl);
  g_clear_object (&self->mojo);
  g_clear_object (&self->ghl_http);
  g_clear_object (&self->ghl_limiter);
  g_clear_pointer (&self->rate_limit_key, g_free);
  g_clear_object (&self->mojo_http);
  g_clear_object (&self->secrets);
  g_clear_pointer (&self->ghl_token, lia_secret_free);
  g_clear_pointer (&self->mojo_key, lia_secret_free);
  g_clear_pointer (&self->token_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (lia_connections_parent_class)->finalize (object);
}

static void
lia_connections_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LiaConnections *self = LIA_CONNECTIONS (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      g_value_set_string (value, self->profile_dir);
      break;

    case PROP_SECRET_STORE:
      g_value_set_object (value, self->secrets);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_connections_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LiaConnections *self = LIA_CONNECTIONS (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      self->profile_dir = g_value_dup_string (value);
      break;

    case PROP_SECRET_STORE:
      self->secrets = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_connections_constructed (GObject *object)
{
  LiaConnections *self = (LiaConnections *)object;

  G_OBJECT_CLASS (lia_connections_parent_class)->constructed (object);

  g_assert (self->profile_dir != NULL);
  self->path = g_build_filename (self->profile_dir, "connections.json", NULL);
  if (self->secrets == NULL)
    self->secrets = lia_secret_store_new ();
}

static void
lia_connections_class_init (LiaConnectionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lia_connections_constructed;
  object_class->finalize = lia_connections_finalize;
  object_class->get_property = lia_connections_get_property;
  object_class->set_property = lia_connections_set_property;

  properties[PROP_PROFILE_DIR] =
    g_param_spec_string ("profile-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SECRET_STORE] =
    g_param_spec_object ("secret-store", NULL, NULL,
                         LIA_TYPE_SECRET_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lia_connections_init (LiaConnections *self)
{
  self->ghl = _lia_connection_new (LIA_SERVICE_GHL);
  self->mojo = _lia_connection_new (LIA_SERVICE_MOJO);
  self->ghl_http = lia_http_new (lia_service_get_title (LIA_SERVICE_GHL));
  /* HighLevel's documented limits, until its headers tell the account's. */
  self->ghl_limiter = lia_rate_limiter_new (100, 10000, 200000);
  lia_rate_limiter_set_probe_first (self->ghl_limiter, TRUE);
  self->mojo_http = lia_http_new (lia_service_get_title (LIA_SERVICE_MOJO));
  self->token_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->refresh_margin = DEFAULT_REFRESH_MARGIN;
}


/*
 * Public API
 */

/**
 * lia_connections_new:
 * @profile_dir: the profile folder
 * @secrets: (nullable): where secrets go; %NULL for the keyring
 *
 * Returns: (transfer full): the connections, all disconnected until loaded
 */
LiaConnections *
lia_connections_new (const char     *profile_dir,
                     LiaSecretStore *secrets)
{
  g_return_val_if_fail (profile_dir != NULL, NULL);
  g_return_val_if_fail (secrets == NULL || LIA_IS_SECRET_STORE (secrets), NULL);

  return g_object_new (LIA_TYPE_CONNECTIONS,
                       "profile-dir", profile_dir,
                       "secret-store", secrets,
                       NULL);
}

/**
 * lia_connections_load:
 *
 * Reads `connections.json` from the profile; a missing file means nothing
 * is connected. On error the message names the file and the reason, the
 * file is left as it is, and nothing is saved over it.
 *
 * Returns: %TRUE if the facts are loaded
 */
gboolean
lia_connections_load (LiaConnections  *self,
                      GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  LiaConnection *items[] = { self->ghl, self->mojo };
  gint64 version;

  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), FALSE);

  g_clear_error (&self->load_error);
  forget_credentials (self, LIA_SERVICE_GHL);
  forget_credentials (self, LIA_SERVICE_MOJO);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      _lia_connection_reset (self->ghl);
      _lia_connection_reset (self->mojo);
      return TRUE;
    }

  if (!json_parser_load_from_mapped_file (parser, self->path, &local_error))
    goto failed;

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      local_error = g_error_new (LIA_ERROR, LIA_ERROR_CONFIG, _("it is not a JSON object"));
      goto failed;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_int_member_with_default (root, "version", 0);
  if (version != FORMAT_VERSION)
    {
      local_error = g_error_new (LIA_ERROR, LIA_ERROR_CONFIG,
                                 /* Translators: %d is a number */
                                 _("its version is %d, and this Liaison reads version 1 only"),
                                 (int)version);
      goto failed;
    }

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *name = lia_service_to_string (lia_connection_get_service (items[i]));
      JsonNode *node = json_object_get_member (root, name);
      g_autoptr(LiaConnection) loaded = _lia_connection_new (lia_connection_get_service (items[i]));

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          local_error = g_error_new (LIA_ERROR, LIA_ERROR_CONFIG,
                                     /* Translators: %s is a name in the file */
                                     _("“%s” is not a JSON object"), name);
          goto failed;
        }
      if (!_lia_connection_load_json (loaded, json_node_get_object (node), &local_error))
        goto failed;
    }

  /* All good: now take the facts. */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *name = lia_service_to_string (lia_connection_get_service (items[i]));
      JsonNode *node = json_object_get_member (root, name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        _lia_connection_reset (items[i]);
      else
        _lia_connection_load_json (items[i], json_node_get_object (node), NULL);
    }

  self->loaded = TRUE;
  return TRUE;

failed:
  self->load_error = g_error_new (LIA_ERROR, LIA_ERROR_CONFIG,
                                  /* Translators: the first %s is a file, the second the reason */
                                  _("Could not read the connections file “%s”: %s. Fix or move "
                                    "the file; Liaison does not change it meanwhile."),
                                  self->path, local_error->message);
  if (error != NULL)
    *error = g_error_copy (self->load_error);
  return FALSE;
}

/**
 * lia_connections_get_load_error:
 *
 * Returns: (nullable) (transfer none): why the last load failed
 */
const GError *
lia_connections_get_load_error (LiaConnections *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);

  return self->load_error;
}

const char *
lia_connections_get_path (LiaConnections *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);

  return self->path;
}

/**
 * lia_connections_get_connection:
 *
 * Returns: (transfer none): the service's connection, whatever its state
 */
LiaConnection *
lia_connections_get_connection (LiaConnections *self,
                                LiaService      service)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);

  return connection_for (self, service);
}

/**
 * lia_connections_get_http:
 *
 * Returns: (transfer none): the service's one HTTP session
 */
LiaHttp *
lia_connections_get_http (LiaConnections *self,
                          LiaService      service)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);

  return service == LIA_SERVICE_MOJO ? self->mojo_http : self->ghl_http;
}

/**
 * lia_connections_get_secret_store:
 *
 * Returns: (transfer none): where the secrets are
 */
LiaSecretStore *
lia_connections_get_secret_store (LiaConnections *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);

  return self->secrets;
}

void
lia_connections_set_refresh_margin (LiaConnections *self,
                                    guint           seconds)
{
  g_return_if_fail (LIA_IS_CONNECTIONS (self));

  self->refresh_margin = seconds;
}

/**
 * lia_connections_new_ghl_flow:
 *
 * Returns: (transfer full): a sign-in flow on HighLevel's session, to set
 *   up (URLs, launcher) and hand to lia_connections_connect_ghl_oauth_async()
 */
LiaOAuthFlow *
lia_connections_new_ghl_flow (LiaConnections     *self,
                              const char         *client_id,
                              const char         *client_secret,
                              const char * const *scopes)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);

  return lia_oauth_flow_new (self->ghl_http, client_id, client_secret, scopes);
}

/**
 * lia_connections_connect_ghl_oauth_async:
 * @flow: a flow from lia_connections_new_ghl_flow()
 *
 * Runs @flow, then keeps the client secret and both tokens in the keyring
 * and the facts in the profile.
 */
void
lia_connections_connect_ghl_oauth_async (LiaConnections      *self,
                                         LiaOAuthFlow        *flow,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConnectData *data;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));
  g_return_if_fail (LIA_IS_OAUTH_FLOW (flow));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_connect_ghl_oauth_async);
  data = connect_data_new (LIA_SERVICE_GHL);
  data->flow = g_object_ref (flow);
  g_task_set_task_data (task, data, (GDestroyNotify)connect_data_free);

  if (self->load_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->load_error));
      return;
    }

  lia_oauth_flow_run_async (flow, cancellable, flow_ran_cb, g_steal_pointer (&task));
}

/**
 * lia_connections_connect_ghl_private_token_async:
 * @api_url: (nullable): the API, or %NULL for HighLevel's
 * @token: the sub-account's private integration token (`pit-…`)
 * @location_id: the sub-account's id
 *
 * Checks the token with `GET /locations/{id}`, then keeps it.
 */
void
lia_connections_connect_ghl_private_token_async (LiaConnections      *self,
                                                 const char          *api_url,
                                                 const char          *token,
                                                 const char          *location_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api = NULL;
  ConnectData *data;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));
  g_return_if_fail (token != NULL);
  g_return_if_fail (location_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_connect_ghl_private_token_async);
  data = connect_data_new (LIA_SERVICE_GHL);
  data->token = g_strstrip (g_strdup (token));
  g_task_set_task_data (task, data, (GDestroyNotify)connect_data_free);

  api = trim_url (api_url != NULL ? api_url : LIA_GHL_DEFAULT_API_URL);
  if (self->load_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->load_error));
      return;
    }
  if (!check_url (api, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->token[0] == '\0' || location_id[0] == '\0')
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               _("Give both the private integration token and the sub-account’s "
                                 "location ID."));
      return;
    }

  _lia_connection_set_method (data->facts, LIA_CONNECTION_METHOD_PRIVATE_TOKEN);
  _lia_connection_set_string (data->facts, "api-url", api);
  _lia_connection_set_string (data->facts, "location-id", location_id);
  _lia_connection_set_string (data->facts, "user-type", "Location");
  add_secret (data, LIA_SECRET_PRIVATE_TOKEN, data->token);

  fetch_location (g_steal_pointer (&task), data->token);
}

/**
 * lia_connections_connect_mojo_async:
 * @url: (nullable): the helpdesk, or %NULL for https://app.mojohelpdesk.com
 * @access_key: an agent's API key
 * @read_only: whether the key is a read-only one (if not set, Liaison
 *   learns it from the first write the key is refused)
 *
 * Checks the key with one cheap read, then keeps it.
 */
void
lia_connections_connect_mojo_async (LiaConnections      *self,
                                    const char          *url,
                                    const char          *access_key,
                                    gboolean             read_only,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  SoupMessage *message;
  ConnectData *data;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));
  g_return_if_fail (access_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_connect_mojo_async);
  data = connect_data_new (LIA_SERVICE_MOJO);
  data->token = g_strstrip (g_strdup (access_key));
  g_task_set_task_data (task, data, (GDestroyNotify)connect_data_free);

  base = trim_url (url != NULL ? url : LIA_MOJO_DEFAULT_URL);
  if (g_str_has_suffix (base, "/api/v2"))
    base[strlen (base) - strlen ("/api/v2")] = '\0';
  if (self->load_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->load_error));
      return;
    }
  if (!check_url (base, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->token[0] == '\0')
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               _("Give the Mojo Helpdesk access key."));
      return;
    }

  _lia_connection_set_method (data->facts, LIA_CONNECTION_METHOD_ACCESS_KEY);
  _lia_connection_set_string (data->facts, "url", base);
  _lia_connection_set_read_only (data->facts, read_only);
  add_secret (data, LIA_SECRET_ACCESS_KEY, data->token);

  message = new_api_message (self, LIA_SERVICE_MOJO, base, "GET", "/users/techs?per_page=1",
                             NULL, NULL, data->token);
  if (message == NULL)
    {
      g_task_return_error (task, invalid_address_error (base));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "message", message, g_object_unref);
  lia_http_send_async (self->mojo_http, message, cancellable, mojo_verified_cb, g_steal_pointer (&task));
}

/**
 * lia_connections_connect_finish:
 *
 * Returns: %TRUE if the service is connected now
 */
gboolean
lia_connections_connect_finish (LiaConnections  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lia_connections_verify_async:
 *
 * Checks the stored credentials with one cheap read: HighLevel's location
 * (or one contact, or only the token, as the scopes allow), Mojo
 * Helpdesk's first agent. The connection's state follows: connected,
 * needs-sign-in, or unreachable.
 */
void
lia_connections_verify_async (LiaConnections      *self,
                              LiaService           service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LiaConnection *connection;
  g_autofree char *path = NULL;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_verify_async);
  connection = connection_for (self, service);

  if (lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_NONE)
    {
      g_task_return_error (task, not_connected_error (service));
      return;
    }

  if (service == LIA_SERVICE_MOJO)
    {
      path = g_strdup ("/users/techs?per_page=1");
    }
  else
    {
      g_autofree char *location = g_uri_escape_string (lia_connection_get_location_id (connection),
                                                       NULL, FALSE);

      if (lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN ||
          lia_connection_has_scope (connection, "locations.readonly"))
        path = g_strconcat ("/locations/", location, NULL);
      else if (lia_connection_has_scope (connection, "contacts.readonly"))
        path = g_strconcat ("/contacts/?limit=1&locationId=", location, NULL);
    }

  if (path == NULL)
    {
      /* No scope to read anything with: a valid token is all we can check. */
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      lia_connections_get_ghl_token_async (self, NULL, cancellable, verified_cb, g_steal_pointer (&task));
      return;
    }

  lia_connections_request_async (self, service, "GET", path, NULL, NULL, cancellable,
                                 verified_cb, g_steal_pointer (&task));
}

gboolean
lia_connections_verify_finish (LiaConnections  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lia_connections_disconnect_async:
 *
 * Removes the service's secrets from the keyring, then its facts from the
 * profile. When the keyring refuses, the facts stay, to try again.
 */
void
lia_connections_disconnect_async (LiaConnections      *self,
                                  LiaService           service,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LiaConnection *connection;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_disconnect_async);
  g_task_set_task_data (task, GINT_TO_POINTER (service), NULL);
  connection = connection_for (self, service);

  if (self->load_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->load_error));
      return;
    }
  if (lia_connection_get_account (connection) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  lia_secret_store_clear_async (self->secrets, lia_service_to_string (service),
                                lia_connection_get_account (connection), NULL, cancellable,
                                disconnected_cb, g_steal_pointer (&task));
}

gboolean
lia_connections_disconnect_finish (LiaConnections  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lia_connections_get_ghl_token_async:
 * @rejected: (nullable): the token HighLevel just refused with 401
 *
 * Gets the token to send: the cached one while it has more than the
 * refresh margin left, else the keyring's, else a refreshed one. One
 * refresh at a time: callers meanwhile wait for it and get its token.
 */
void
lia_connections_get_ghl_token_async (LiaConnections      *self,
                                     const char          *rejected,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LiaConnectionMethod method;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_get_ghl_token_async);
  method = lia_connection_get_method (self->ghl);

  if (method == LIA_CONNECTION_METHOD_NONE)
    {
      g_task_return_error (task, not_connected_error (LIA_SERVICE_GHL));
      return;
    }
  if (lia_connection_get_state (self->ghl) == LIA_CONNECTION_NEEDS_SIGN_IN)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN, "%s",
                               lia_connection_get_last_error (self->ghl) ?:
                               _("HighLevel needs you to sign in again."));
      return;
    }

  if (self->refreshing)
    {
      join_refresh (self, g_steal_pointer (&task));
      return;
    }

  if (self->ghl_token != NULL)
    {
      gboolean replaced = rejected != NULL && g_strcmp0 (rejected, self->ghl_token) != 0;

      if (method == LIA_CONNECTION_METHOD_PRIVATE_TOKEN ||
          replaced || (rejected == NULL && token_is_fresh (self)))
        {
          return_token (task, self->ghl_token);
          return;
        }
      join_refresh (self, g_steal_pointer (&task));
      return;
    }

  if (rejected != NULL && method == LIA_CONNECTION_METHOD_OAUTH)
    {
      join_refresh (self, g_steal_pointer (&task));
      return;
    }

  lia_secret_store_lookup_async (self->secrets, "ghl", lia_connection_get_account (self->ghl),
                                 method == LIA_CONNECTION_METHOD_OAUTH ? LIA_SECRET_ACCESS_TOKEN
                                                                       : LIA_SECRET_PRIVATE_TOKEN,
                                 cancellable, stored_token_looked_up_cb, g_steal_pointer (&task));
}

/**
 * lia_connections_get_ghl_token_finish:
 *
 * Returns: (transfer full): the token, to free with lia_secret_free()
 */
LiaSecret *
lia_connections_get_ghl_token_finish (LiaConnections  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lia_connections_request_async:
 * @method: "GET", "POST"…
 * @path: below the API's root, with its query
 * @body: (nullable): the request body
 * @content_type: (nullable): its type (JSON by default)
 *
 * Sends an authorised call to @service.
 */
void
lia_connections_request_async (LiaConnections      *self,
                               LiaService           service,
                               const char          *method,
                               const char          *path,
                               GBytes              *body,
                               const char          *content_type,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_request_async);

  data = g_new0 (RequestData, 1);
  data->service = service;
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->content_type = g_strdup (content_type);
  g_task_set_task_data (task, data, (GDestroyNotify)request_data_free);

  if (lia_connection_get_method (connection_for (self, service)) == LIA_CONNECTION_METHOD_NONE)
    {
      g_task_return_error (task, not_connected_error (service));
      return;
    }
  if (lia_connection_get_state (connection_for (self, service)) == LIA_CONNECTION_NEEDS_SIGN_IN)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN, "%s",
                               lia_connection_get_last_error (connection_for (self, service)) ?:
                               _("Connect again: the stored sign-in no longer works."));
      return;
    }

  request_send (g_steal_pointer (&task));
}

/**
 * lia_connections_request_finish:
 *
 * Returns: (transfer full): the body of the 2xx answer
 */
GBytes *
lia_connections_request_finish (LiaConnections  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lia_connections_request_finish_full:
 * @message: (out) (optional) (transfer full): the last message sent, with
 *   the answer's status and headers, even when the call failed; %NULL when
 *   nothing was sent. After a failed answer, its body is the message's
 *   "lia-response-body" data (a #GBytes).
 *
 * Returns: (transfer full): the body of the 2xx answer
 */
GBytes *
lia_connections_request_finish_full (LiaConnections  *self,
                                     GAsyncResult    *result,
                                     SoupMessage    **message,
                                     GError         **error)
{
  RequestData *data;

  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (message != NULL)
    *message = data->message != NULL ? g_object_ref (data->message) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lia_connections_move_base_url:
 * @old_base: a base URL, such as `http://127.0.0.1:40001`
 * @new_base: where the same service answers now
 *
 * Points every address of the connections that starts with @old_base at
 * @new_base instead, and saves: the sandbox answers on another port after
 * its old one was taken. Nothing in the keyring changes.
 *
 * Returns: whether anything moved
 */
gboolean
lia_connections_move_base_url (LiaConnections *self,
                               const char     *old_base,
                               const char     *new_base)
{
  static const char * const names[] = { "api-url", "auth-url", "url" };
  LiaConnection *items[] = { self->ghl, self->mojo };
  gboolean moved = FALSE;

  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (old_base != NULL && new_base != NULL, FALSE);

  if (g_str_equal (old_base, new_base))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    for (guint j = 0; j < G_N_ELEMENTS (names); j++)
      {
        g_autofree char *value = NULL;
        const char *rest;

        g_object_get (items[i], names[j], &value, NULL);
        if (value == NULL || !g_str_has_prefix (value, old_base))
          continue;
        rest = value + strlen (old_base);
        if (rest[0] != '\0' && rest[0] != '/')
          continue;

        {
          g_autofree char *moved_value = g_strconcat (new_base, rest, NULL);

          _lia_connection_set_string (items[i], names[j], moved_value);
          moved = TRUE;
        }
      }

  if (moved)
    save_or_warn (self);

  return moved;
}

static void
reconnect_secret_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaConnections *self = g_task_get_source_object (task);
  const char * const *scopes = g_task_get_task_data (task);
  g_autoptr(LiaSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  LiaOAuthFlow *flow;

  secret = lia_secret_store_lookup_finish (LIA_SECRET_STORE (object), result, &error);
  if (secret == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                                     _("The keyring no longer holds the app’s client secret; "
                                       "enter it again to sign in."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  flow = lia_oauth_flow_new (self->ghl_http, lia_connection_get_client_id (self->ghl), secret,
                             scopes != NULL ? scopes : lia_connection_get_scopes (self->ghl));
  if (lia_connection_get_auth_url (self->ghl) != NULL)
    lia_oauth_flow_set_auth_url (flow, lia_connection_get_auth_url (self->ghl));
  if (lia_connection_get_api_url (self->ghl) != NULL)
    lia_oauth_flow_set_api_url (flow, lia_connection_get_api_url (self->ghl));
  if (lia_connection_get_redirect_uri (self->ghl) != NULL)
    lia_oauth_flow_set_redirect_uri (flow, lia_connection_get_redirect_uri (self->ghl));

  g_task_return_pointer (task, flow, g_object_unref);
}

/**
 * lia_connections_new_ghl_reconnect_flow_async:
 * @scopes: (nullable): the scopes to ask for; %NULL: those granted before
 *
 * Prepares signing in again with the Marketplace app of the current
 * HighLevel connection: its client id, addresses and the client secret
 * from the keyring. Run the flow with lia_connections_connect_ghl_oauth_async().
 */
void
lia_connections_new_ghl_reconnect_flow_async (LiaConnections      *self,
                                              const char * const  *scopes,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIA_IS_CONNECTIONS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connections_new_ghl_reconnect_flow_async);
  g_task_set_task_data (task, g_strdupv ((char **)scopes), (GDestroyNotify)g_strfreev);

  if (lia_connection_get_method (self->ghl) != LIA_CONNECTION_METHOD_OAUTH ||
      lia_connection_get_account (self->ghl) == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               _("HighLevel is not connected through a Marketplace app"));
      return;
    }

  lia_secret_store_lookup_async (self->secrets, "ghl", lia_connection_get_account (self->ghl),
                                 LIA_SECRET_CLIENT_SECRET, cancellable, reconnect_secret_cb,
                                 g_steal_pointer (&task));
}

LiaOAuthFlow *
lia_connections_new_ghl_reconnect_flow_finish (LiaConnections  *self,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
