/* lia-oauth-flow.c: HighLevel's sign-in in the system browser, back on a loopback listener
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaOAuthFlow"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n.h>

#include "lia-error.h"
#include "lia-oauth-flow.h"
#include "lia-redact.h"

/*
 * The OAuth 2.0 authorization-code flow of a native app (RFC 8252), as
 * GNOME Online Accounts runs it, in one GTask:
 *
 *  1. a fresh `state` (128 bits) and PKCE `code_verifier` (256 bits) from
 *     getrandom(); HighLevel does not document PKCE, the S256 challenge is
 *     sent anyway and the verifier goes with the code;
 *  2. a SoupServer listens at the redirect URI (127.0.0.1, ::1, or both
 *     for `localhost`); a taken port is LIA_ERROR_PORT_IN_USE;
 *  3. the consent URL (scopes joined with %20) goes to the launcher: the
 *     default browser, or a test's fake;
 *  4. the one callback whose state matches (compared in constant time) is
 *     answered once the code is exchanged, with a small page; a forged
 *     state fails the flow with LIA_ERROR_STATE_MISMATCH, `error=` with
 *     LIA_ERROR_ACCESS_DENIED (or another typed code), a second callback
 *     gets 410 and changes nothing;
 *  5. the listener closes after that callback's answer is written, on
 *     cancel, or after the timeout (5 minutes).
 *
 * The flow holds the client secret only to send it; it stores nothing.
 */

#define DEFAULT_TIMEOUT_SECONDS (5 * 60)
#define STATE_BYTES             16
#define VERIFIER_BYTES          32

typedef enum
{
  PHASE_IDLE,
  PHASE_WAITING,
  PHASE_ANSWERED,
} Phase;

struct _LiaOAuthFlow
{
  GObject             parent_instance;

  LiaHttp            *http;
  char               *client_id;
  char               *client_secret;
  char              **scopes;
  char               *auth_url;
  char               *api_url;
  char               *redirect_uri;
  guint               timeout;
  char               *authorize_uri;

  LiaUriLaunchFunc    launch;
  gpointer            launch_data;
  GDestroyNotify      launch_destroy;

  /* One run */
  Phase               phase;
  GTask              *task;
  GCancellable       *cancellable;
  gulong              cancelled_id;
  guint               timeout_id;
  SoupServer         *server;
  char               *callback_path;
  char               *state;
  char               *verifier;
  LiaOAuthTokens     *tokens;
  GError             *error;
};

G_DEFINE_FINAL_TYPE (LiaOAuthFlow, lia_oauth_flow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AUTH_URL,
  PROP_API_URL,
  PROP_REDIRECT_URI,
  PROP_TIMEOUT,
  PROP_AUTHORIZE_URI,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  LiaOAuthFlow      *flow;
  SoupServerMessage *message;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->flow);
  g_clear_object (&exchange->message);
  g_free (exchange);
}


/*
 * Auxiliary functions
 */

static char *
base64url (const guchar *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *end;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

static void
wipe_free (char *text)
{
  if (text == NULL)
    return;

  explicit_bzero (text, strlen (text));
  g_free (text);
}

/* g_set_str() arrives in GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
stop_listening (LiaOAuthFlow *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancelled_id != 0)
    {
      g_cancellable_disconnect (self->cancellable, self->cancelled_id);
      self->cancelled_id = 0;
    }
  g_clear_object (&self->cancellable);

  if (self->server != NULL)
    {
      g_debug ("No longer listening at %s", self->redirect_uri);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  g_clear_pointer (&self->state, wipe_free);
  g_clear_pointer (&self->verifier, wipe_free);
  g_clear_pointer (&self->callback_path, g_free);
}

/* Ends the run, once: with the tokens, or the error, kept so far unless
 * @error is given. Idempotent: later calls do nothing. */
static void
finish_run (LiaOAuthFlow *self,
            GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  stop_listening (self);
  self->phase = PHASE_IDLE;

  if (error != NULL)
    {
      g_clear_error (&self->error);
      g_clear_pointer (&self->tokens, lia_oauth_tokens_free);
      g_task_return_error (task, error);
    }
  else if (self->error != NULL)
    {
      g_clear_pointer (&self->tokens, lia_oauth_tokens_free);
      g_task_return_error (task, g_steal_pointer (&self->error));
    }
  else
    {
      g_assert (self->tokens != NULL);
      g_task_return_pointer (task, g_steal_pointer (&self->tokens),
                             (GDestroyNotify)lia_oauth_tokens_free);
    }
}

static void
answer_page (SoupServerMessage *message,
             guint              status,
             gboolean           good,
             const char        *title,
             const char        *text)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_text = g_markup_escape_text (text, -1);
  g_autofree char *page = NULL;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<title>%s · Liaison</title>"
                          "<style>body{font-family:system-ui,sans-serif;background:#f6f5f4;"
                          "color:#241f31;margin:0}main{max-width:32rem;margin:4rem auto;"
                          "background:#fff;border-radius:12px;padding:2rem;"
                          "box-shadow:0 1px 6px rgba(0,0,0,.1)}h1{font-size:1.4rem;margin-top:0;"
                          "color:%s}</style></head>"
                          "<body><main><h1>%s</h1><p>%s</p></main></body></html>\n",
                          escaped_title, good ? "#26a269" : "#c01c28", escaped_title,
                          escaped_text);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Cache-Control", "no-store");
}

static void
answer_error_page (SoupServerMessage *message,
                   guint              status,
                   const GError      *error)
{
  /* Our messages never carry a secret, so the page may show them. */
  answer_page (message, status, FALSE, _("Liaison could not sign in"), error->message);
}

static GError *
callback_error (const char *name,
                const char *description)
{
  g_autofree char *said = NULL;

  said = description != NULL ? g_strdup_printf ("%s: %s", name, description) : g_strdup (name);

  if (g_str_equal (name, "access_denied"))
    return g_error_new (LIA_ERROR, LIA_ERROR_ACCESS_DENIED,
                        _("Access was declined in the browser, so Liaison is not connected to "
                          "HighLevel. Sign in again and choose Allow to connect."));

  if (g_str_equal (name, "server_error") || g_str_equal (name, "temporarily_unavailable"))
    return g_error_new (LIA_ERROR, LIA_ERROR_SERVER,
                        /* Translators: %s is HighLevel's own words */
                        _("HighLevel could not complete the sign-in (%s). Try again later."), said);

  return g_error_new (LIA_ERROR, LIA_ERROR_VALIDATION,
                      /* Translators: %s is HighLevel's own words */
                      _("HighLevel refused the sign-in request (%s). Check the client ID, the "
                        "scopes and the redirect URL registered for your app."), said);
}

static gboolean
parse_redirect_uri (const char  *redirect_uri,
                    GUri       **out_uri,
                    GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      g_uri_get_port (uri) <= 0 || g_uri_get_port (uri) > 65535 ||
      g_uri_get_path (uri)[0] != '/')
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is a URL the user gave */
                   _("“%s” cannot be Liaison’s redirect URL: it must be http:// on this computer "
                     "with a port, such as http://127.0.0.1:8719/oauth/callback."),
                   redirect_uri);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (g_strcmp0 (host, "127.0.0.1") != 0 && g_strcmp0 (host, "localhost") != 0 &&
      g_strcmp0 (host, "::1") != 0 && g_strcmp0 (host, "[::1]") != 0)
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is a URL the user gave */
                   _("“%s” cannot be Liaison’s redirect URL: its host must be 127.0.0.1, ::1 or "
                     "localhost, so that the browser comes back to this computer."),
                   redirect_uri);
      return FALSE;
    }

  *out_uri = g_steal_pointer (&uri);
  return TRUE;
}

static gboolean
listen_at (SoupServer  *server,
           const char  *address,
           guint        port,
           GError     **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new_from_string (address, port);

  return soup_server_listen (server, socket_address, 0, error);
}

static gboolean
start_listening (LiaOAuthFlow  *self,
                 GUri          *uri,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *host = g_uri_get_host (uri);
  guint port = g_uri_get_port (uri);
  gboolean ok;

  if (g_str_equal (host, "localhost"))
    {
      /* Browsers try either address for "localhost": listen on both. The
       * IPv6 one may be missing on this machine; a taken port is not fine. */
      ok = listen_at (self->server, "127.0.0.1", port, &local_error);
      if (ok && !listen_at (self->server, "::1", port, &local_error))
        {
          ok = !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
          if (ok)
            {
              g_debug ("Not listening on ::1: %s", local_error->message);
              g_clear_error (&local_error);
            }
        }
    }
  else
    {
      ok = listen_at (self->server, g_str_equal (host, "127.0.0.1") ? "127.0.0.1" : "::1",
                      port, &local_error);
    }

  if (ok)
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, LIA_ERROR, LIA_ERROR_PORT_IN_USE,
                 /* Translators: %u is a port number */
                 _("Port %u on this computer is in use by another program, so Liaison cannot "
                   "receive the sign-in there. Close that program, or choose another redirect "
                   "port and register the new redirect URL in your HighLevel app."),
                 port);
  else
    g_set_error (error, LIA_ERROR, LIA_ERROR_NETWORK,
                 /* Translators: the first %s is a URL, the second the system's reason */
                 _("Liaison cannot listen for the sign-in at %s: %s"),
                 self->redirect_uri, local_error->message);

  return FALSE;
}

static char *
build_authorize_uri (LiaOAuthFlow *self)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *scope = g_strjoinv (" ", self->scopes);
  g_autofree char *challenge = lia_oauth_pkce_challenge (self->verifier);
  g_autofree char *encoded = NULL;

  g_hash_table_insert (query, (gpointer)"response_type", (gpointer)"code");
  g_hash_table_insert (query, (gpointer)"client_id", self->client_id);
  g_hash_table_insert (query, (gpointer)"redirect_uri", self->redirect_uri);
  g_hash_table_insert (query, (gpointer)"scope", scope);
  g_hash_table_insert (query, (gpointer)"state", self->state);
  g_hash_table_insert (query, (gpointer)"code_challenge", challenge);
  g_hash_table_insert (query, (gpointer)"code_challenge_method", (gpointer)"S256");
  encoded = lia_http_encode_form (query);

  return g_strconcat (self->auth_url, strchr (self->auth_url, '?') != NULL ? "&" : "?",
                      encoded, NULL);
}

static void
default_launched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* GIO's message may repeat the URI, which carries the state: not logged. */
  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("Could not open a web browser; open the sign-in link by hand");
}

static void
default_launch (const char *uri,
                gpointer    user_data)
{
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, default_launched_cb, NULL);
}


/*
 * Signal callbacks
 */

static gboolean
finish_idle_cb (gpointer user_data)
{
  LiaOAuthFlow *self = user_data;

  finish_run (self, NULL);
  return G_SOURCE_REMOVE;
}

/* The browser has the answer page: now the listener may close. */
static void
message_finished_cb (SoupServerMessage *message,
                     LiaOAuthFlow      *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, finish_idle_cb, g_object_ref (self), g_object_unref);
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  LiaOAuthFlow *self = user_data;

  finish_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The sign-in was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              LiaOAuthFlow *self)
{
  /* Never disconnect from inside the signal: finish from an idle. */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_idle_cb, g_object_ref (self), g_object_unref);
}

static gboolean
timeout_cb (gpointer user_data)
{
  LiaOAuthFlow *self = user_data;

  self->timeout_id = 0;
  g_debug ("The browser did not come back in time");
  finish_run (self, g_error_new (LIA_ERROR, LIA_ERROR_TIMEOUT,
                                 _("The browser did not come back to Liaison in time, so the "
                                   "sign-in stopped. Sign in again when you are ready.")));
  return G_SOURCE_REMOVE;
}

static void
exchanged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Exchange *exchange = user_data;
  LiaOAuthFlow *self = exchange->flow;
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaOAuthTokens) tokens = NULL;

  tokens = lia_oauth_tokens_request_finish (result, &error);

  /* Cancelled or timed out meanwhile: the listener and its message are gone. */
  if (self->task == NULL)
    {
      exchange_free (exchange);
      return;
    }

  if (tokens == NULL)
    {
      g_debug ("The code exchange failed: %s", error->message);
      answer_error_page (exchange->message, SOUP_STATUS_OK, error);
      self->error = g_steal_pointer (&error);
    }
  else
    {
      answer_page (exchange->message, SOUP_STATUS_OK, TRUE,
                   _("Signed in — you can close this tab"),
                   _("Liaison is connected to HighLevel. Go back to Liaison to continue."));
      self->tokens = g_steal_pointer (&tokens);
    }

  soup_server_message_unpause (exchange->message);
  exchange_free (exchange);
}

static void
callback_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  LiaOAuthFlow *self = user_data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *shown = NULL;
  const char *state;
  const char *code;
  const char *oauth_error;
  Exchange *exchange;

  plain = g_uri_to_string_partial (soup_server_message_get_uri (message), G_URI_HIDE_NONE);
  shown = lia_redact_uri (plain);
  g_debug ("Callback: %s %s", soup_server_message_get_method (message), shown);

  if (g_strcmp0 (path, self->callback_path) != 0)
    {
      answer_page (message, SOUP_STATUS_NOT_FOUND, FALSE, _("Not found"),
                   _("This is Liaison’s sign-in listener; there is nothing here."));
      return;
    }

  if (g_strcmp0 (soup_server_message_get_method (message), "GET") != 0)
    {
      answer_page (message, SOUP_STATUS_METHOD_NOT_ALLOWED, FALSE, _("Not allowed"),
                   _("This is Liaison’s sign-in listener; it only takes the browser’s return."));
      return;
    }

  if (self->phase != PHASE_WAITING)
    {
      /* A second callback: the first one is being (or was) used. */
      g_debug ("A second callback, refused");
      answer_page (message, SOUP_STATUS_GONE, FALSE, _("This sign-in is already finished"),
                   _("Liaison already received an answer for this sign-in. Close this tab and "
                     "go back to Liaison."));
      return;
    }

  state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  oauth_error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;

  self->phase = PHASE_ANSWERED;
  g_signal_connect_object (message, "finished", G_CALLBACK (message_finished_cb), self, 0);

  if (state == NULL || !lia_oauth_secure_equal (self->state, state))
    {
      g_debug ("The callback's state does not match");
      self->error = g_error_new (LIA_ERROR, LIA_ERROR_STATE_MISMATCH,
                                 _("The browser came back with an answer that does not belong "
                                   "to the sign-in Liaison started, so Liaison ignored it. If "
                                   "you did not open it yourself, someone may have tried to "
                                   "connect their own account. Sign in again."));
      answer_error_page (message, SOUP_STATUS_BAD_REQUEST, self->error);
      return;
    }

  if (oauth_error != NULL)
    {
      self->error = callback_error (oauth_error, g_hash_table_lookup (query, "error_description"));
      answer_error_page (message, SOUP_STATUS_OK, self->error);
      return;
    }

  if (code == NULL || code[0] == '\0')
    {
      self->error = g_error_new (LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                                 _("The browser came back from HighLevel without a sign-in code. "
                                   "Sign in again."));
      answer_error_page (message, SOUP_STATUS_BAD_REQUEST, self->error);
      return;
    }

  /* Answer the browser once the code is exchanged, with the outcome. */
  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (gpointer)"client_id", self->client_id);
  g_hash_table_insert (form, (gpointer)"client_secret", self->client_secret);
  g_hash_table_insert (form, (gpointer)"grant_type", (gpointer)"authorization_code");
  g_hash_table_insert (form, (gpointer)"code", (gpointer)code);
  g_hash_table_insert (form, (gpointer)"redirect_uri", self->redirect_uri);
  g_hash_table_insert (form, (gpointer)"user_type", (gpointer)"Location");
  g_hash_table_insert (form, (gpointer)"code_verifier", self->verifier);

  {
    g_autofree char *token_uri = g_strconcat (self->api_url, "/oauth/token", NULL);

    exchange = g_new0 (Exchange, 1);
    exchange->flow = g_object_ref (self);
    exchange->message = g_object_ref (message);
    soup_server_message_pause (message);
    lia_oauth_tokens_request_async (self->http, token_uri, form, self->cancellable,
                                    exchanged_cb, exchange);
  }
}


/*
 * GObject overrides
 */

static void
lia_oauth_flow_dispose (GObject *object)
{
  LiaOAuthFlow *self = (LiaOAuthFlow *)object;

  stop_listening (self);

  G_OBJECT_CLASS (lia_oauth_flow_parent_class)->dispose (object);
}

static void
lia_oauth_flow_finalize (GObject *object)
{
  LiaOAuthFlow *self = (LiaOAuthFlow *)object;

  g_assert (self->task == NULL);

  if (self->launch_destroy != NULL)
    self->launch_destroy (self->launch_data);
  g_clear_object (&self->http);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->client_secret, wipe_free);
  g_clear_pointer (&self->scopes, g_strfreev);
  g_clear_pointer (&self->auth_url, g_free);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->authorize_uri, wipe_free);
  g_clear_pointer (&self->tokens, lia_oauth_tokens_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (lia_oauth_flow_parent_class)->finalize (object);
}

static void
lia_oauth_flow_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LiaOAuthFlow *self = LIA_OAUTH_FLOW (object);

  switch (prop_id)
    {
    case PROP_AUTH_URL:
      g_value_set_string (value, self->auth_url);
      break;

    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;

    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_AUTHORIZE_URI:
      g_value_set_string (value, self->authorize_uri);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_oauth_flow_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LiaOAuthFlow *self = LIA_OAUTH_FLOW (object);

  switch (prop_id)
    {
    case PROP_AUTH_URL:
      lia_oauth_flow_set_auth_url (self, g_value_get_string (value));
      break;

    case PROP_API_URL:
      lia_oauth_flow_set_api_url (self, g_value_get_string (value));
      break;

    case PROP_REDIRECT_URI:
      lia_oauth_flow_set_redirect_uri (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      lia_oauth_flow_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_oauth_flow_class_init (LiaOAuthFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lia_oauth_flow_dispose;
  object_class->finalize = lia_oauth_flow_finalize;
  object_class->get_property = lia_oauth_flow_get_property;
  object_class->set_property = lia_oauth_flow_set_property;

  properties[PROP_AUTH_URL] =
    g_param_spec_string ("auth-url", NULL, NULL,
                         LIA_GHL_DEFAULT_AUTH_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL,
                         LIA_GHL_DEFAULT_API_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL,
                         LIA_GHL_DEFAULT_REDIRECT_URI,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTHORIZE_URI] =
    g_param_spec_string ("authorize-uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lia_oauth_flow_init (LiaOAuthFlow *self)
{
  self->auth_url = g_strdup (LIA_GHL_DEFAULT_AUTH_URL);
  self->api_url = g_strdup (LIA_GHL_DEFAULT_API_URL);
  self->redirect_uri = g_strdup (LIA_GHL_DEFAULT_REDIRECT_URI);
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  self->launch = default_launch;
}


/*
 * Public API
 */

/**
 * lia_oauth_flow_new:
 * @http: (nullable): HighLevel's session, or %NULL for one of its own
 * @client_id: the Marketplace app's client ID
 * @client_secret: its client secret (kept in memory for the exchange only)
 * @scopes: the scopes to ask for
 *
 * Returns: (transfer full): a flow, to configure and run
 */
LiaOAuthFlow *
lia_oauth_flow_new (LiaHttp            *http,
                    const char         *client_id,
                    const char         *client_secret,
                    const char * const *scopes)
{
  LiaOAuthFlow *self;

  g_return_val_if_fail (http == NULL || LIA_IS_HTTP (http), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (client_secret != NULL, NULL);
  g_return_val_if_fail (scopes != NULL, NULL);

  self = g_object_new (LIA_TYPE_OAUTH_FLOW, NULL);
  self->http = http != NULL ? g_object_ref (http) : lia_http_new ("HighLevel");
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  self->scopes = g_strdupv ((char **)scopes);

  return self;
}

const char *
lia_oauth_flow_get_auth_url (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return self->auth_url;
}

void
lia_oauth_flow_set_auth_url (LiaOAuthFlow *self,
                             const char   *auth_url)
{
  g_return_if_fail (LIA_IS_OAUTH_FLOW (self));

  if (auth_url == NULL)
    auth_url = LIA_GHL_DEFAULT_AUTH_URL;
  if (set_string (&self->auth_url, auth_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_URL]);
}

const char *
lia_oauth_flow_get_api_url (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return self->api_url;
}

void
lia_oauth_flow_set_api_url (LiaOAuthFlow *self,
                            const char   *api_url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (LIA_IS_OAUTH_FLOW (self));

  trimmed = g_strdup (api_url != NULL ? api_url : LIA_GHL_DEFAULT_API_URL);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  if (set_string (&self->api_url, trimmed))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_URL]);
}

const char *
lia_oauth_flow_get_redirect_uri (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return self->redirect_uri;
}

void
lia_oauth_flow_set_redirect_uri (LiaOAuthFlow *self,
                                 const char   *redirect_uri)
{
  g_return_if_fail (LIA_IS_OAUTH_FLOW (self));

  if (redirect_uri == NULL)
    redirect_uri = LIA_GHL_DEFAULT_REDIRECT_URI;
  if (set_string (&self->redirect_uri, redirect_uri))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDIRECT_URI]);
}

guint
lia_oauth_flow_get_timeout (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), 0);

  return self->timeout;
}

/**
 * lia_oauth_flow_set_timeout:
 * @seconds: how long to wait for the browser (5 minutes by default)
 */
void
lia_oauth_flow_set_timeout (LiaOAuthFlow *self,
                            guint         seconds)
{
  g_return_if_fail (LIA_IS_OAUTH_FLOW (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

const char *
lia_oauth_flow_get_client_id (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return self->client_id;
}

/**
 * lia_oauth_flow_get_client_secret:
 *
 * Returns: the client secret, for LiaConnections to store in the keyring
 */
const char *
lia_oauth_flow_get_client_secret (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return self->client_secret;
}

/**
 * lia_oauth_flow_get_scopes:
 *
 * Returns: (transfer none): the scopes asked for
 */
const char * const *
lia_oauth_flow_get_scopes (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return (const char * const *)self->scopes;
}

const char *
lia_oauth_flow_get_authorize_uri (LiaOAuthFlow *self)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);

  return self->authorize_uri;
}

/**
 * lia_oauth_flow_set_launcher:
 * @launch: (nullable): opens a URI, or %NULL for the default browser
 *
 * Sets what opens the consent page. The GUI passes one that launches with
 * its display's launch context; tests pass a fake that plays the browser.
 */
void
lia_oauth_flow_set_launcher (LiaOAuthFlow     *self,
                             LiaUriLaunchFunc  launch,
                             gpointer          user_data,
                             GDestroyNotify    destroy)
{
  g_return_if_fail (LIA_IS_OAUTH_FLOW (self));

  if (self->launch_destroy != NULL)
    self->launch_destroy (self->launch_data);

  self->launch = launch != NULL ? launch : default_launch;
  self->launch_data = launch != NULL ? user_data : NULL;
  self->launch_destroy = launch != NULL ? destroy : NULL;
}

/**
 * lia_oauth_flow_run_async:
 *
 * Listens at the redirect URL, opens the consent page and waits for the
 * browser to come back, then exchanges the code. Cancel @cancellable to
 * stop waiting. One run at a time.
 */
void
lia_oauth_flow_run_async (LiaOAuthFlow        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (LIA_IS_OAUTH_FLOW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_oauth_flow_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sign-in is in progress already."));
      return;
    }

  if (self->client_id[0] == '\0' || self->client_secret[0] == '\0')
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               _("Enter both the client ID and the client secret of your "
                                 "HighLevel Marketplace app."));
      return;
    }

  if (self->scopes[0] == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               _("Choose at least one permission (scope) to ask for."));
      return;
    }

  if (!parse_redirect_uri (self->redirect_uri, &uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->server = soup_server_new ("server-header", "Liaison ", NULL);
  self->callback_path = g_strdup (g_uri_get_path (uri));
  soup_server_add_handler (self->server, self->callback_path, callback_handler, self, NULL);
  if (!start_listening (self, uri, &error))
    {
      stop_listening (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("Listening for the sign-in at %s", self->redirect_uri);

  self->state = lia_oauth_random_token (STATE_BYTES);
  self->verifier = lia_oauth_random_token (VERIFIER_BYTES);
  g_clear_pointer (&self->authorize_uri, wipe_free);
  self->authorize_uri = build_authorize_uri (self);
  g_clear_error (&self->error);
  g_clear_pointer (&self->tokens, lia_oauth_tokens_free);
  self->phase = PHASE_WAITING;
  self->task = g_steal_pointer (&task);

  self->timeout_id = g_timeout_add_seconds (self->timeout, timeout_cb, self);
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                  self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHORIZE_URI]);
  self->launch (self->authorize_uri, self->launch_data);
}

/**
 * lia_oauth_flow_run_finish:
 *
 * Returns: (transfer full): the tokens, or %NULL with @error set
 */
LiaOAuthTokens *
lia_oauth_flow_run_finish (LiaOAuthFlow  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (LIA_IS_OAUTH_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lia_oauth_random_token:
 * @n_bytes: how many random bytes
 *
 * Returns: (transfer full): @n_bytes from the kernel's CSPRNG, base64url
 *   without padding
 */
char *
lia_oauth_random_token (gsize n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);
  gsize filled = 0;
  char *text;

  while (filled < n_bytes)
    {
      ssize_t n = getrandom (bytes + filled, n_bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      filled += n;
    }

  text = base64url (bytes, n_bytes);
  explicit_bzero (bytes, n_bytes);
  return text;
}

/**
 * lia_oauth_pkce_challenge:
 *
 * Returns: (transfer full): the S256 code challenge of @verifier:
 *   base64url (SHA-256 (@verifier)) without padding
 */
char *
lia_oauth_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);

  return base64url (digest, length);
}

/**
 * lia_oauth_secure_equal:
 *
 * Returns: whether @a and @b are equal, in time that depends only on
 *   their lengths
 */
gboolean
lia_oauth_secure_equal (const char *a,
                        const char *b)
{
  gsize la, lb;
  guchar diff;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  diff = la != lb;
  for (gsize i = 0; i < la; i++)
    diff |= (guchar)a[i] ^ (guchar)(i < lb ? b[i] : 0);

  return diff == 0;
}
