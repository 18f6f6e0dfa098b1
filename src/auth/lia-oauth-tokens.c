/* lia-oauth-tokens.c: a token answer of HighLevel's token endpoint
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaOAuthTokens"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lia-error.h"
#include "lia-oauth-tokens.h"

/*
 * The answer of `POST {api}/oauth/token`, for both grants (authorization
 * code and refresh token). JSON as HighLevel sends it; a form-encoded
 * answer and `expires` for `expires_in` are tolerated, as GNOME Online
 * Accounts does. Tokens are wiped when the struct is freed.
 */

G_DEFINE_BOXED_TYPE (LiaOAuthTokens, lia_oauth_tokens, lia_oauth_tokens_copy, lia_oauth_tokens_free)

typedef struct
{
  LiaHttp     *http;
  SoupMessage *message;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->http);
  g_clear_object (&data->message);
  g_free (data);
}


/*
 * Auxiliary functions
 */

static void
wipe_free (char *text)
{
  if (text == NULL)
    return;

  explicit_bzero (text, strlen (text));
  g_free (text);
}

static const char *
lookup_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
lookup_seconds (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);

  return 0;
}

static JsonObject *
form_to_object (GBytes *body)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  JsonObject *object = json_object_new ();
  GHashTableIter iter;
  gpointer name;
  gpointer value;

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &name, &value))
    json_object_set_string_member (object, name, value);

  explicit_bzero (text, strlen (text));
  return object;
}

static GError *
translate_refusal (LiaHttp     *http,
                   SoupMessage *message,
                   GBytes      *body)
{
  g_autofree char *said = lia_http_dup_server_message (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *oauth_error = NULL;
  guint status = soup_message_get_status (message);
  GError *error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (data != NULL && size > 0 && json_parser_load_from_data (parser, data, size, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    oauth_error = lookup_string (json_node_get_object (json_parser_get_root (parser)), "error");

  if (said != NULL && strstr (said, "Location is not active") != NULL)
    return g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                        /* Translators: %s is HighLevel's own words */
                        _("HighLevel says the sub-account is not active (%s). Sign in again and "
                          "choose an active sub-account."), said);

  if (g_strcmp0 (oauth_error, "invalid_grant") == 0)
    return g_error_new (LIA_ERROR, LIA_ERROR_NEEDS_SIGN_IN,
                        /* Translators: %s is HighLevel's own words */
                        _("HighLevel no longer accepts this sign-in (%s): it expired, was used "
                          "already or was revoked. Sign in again."), said ?: oauth_error);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (LIA_ERROR, LIA_ERROR_UNAUTHORIZED,
                        /* Translators: %s is HighLevel's own words */
                        _("HighLevel refused the client ID or the client secret (%s). Check both "
                          "in your Marketplace app’s settings."), said ?: "HTTP 401");

  if (!lia_http_check_status (http, message, body, &error))
    return error;

  return g_error_new (LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                      _("HighLevel sent a sign-in answer Liaison cannot read."));
}

static void
token_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LiaHttp *http = LIA_HTTP (object);
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  LiaOAuthTokens *tokens;
  const char *content_type;

  body = lia_http_send_finish (http, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->message)))
    {
      g_task_return_error (task, translate_refusal (http, data->message, body));
      return;
    }

  content_type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (data->message), NULL);
  tokens = lia_oauth_tokens_parse (body, content_type, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify)lia_oauth_tokens_free);
}


/*
 * Public API
 */

LiaOAuthTokens *
lia_oauth_tokens_copy (const LiaOAuthTokens *self)
{
  LiaOAuthTokens *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (LiaOAuthTokens, 1);
  copy->access_token = g_strdup (self->access_token);
  copy->refresh_token = g_strdup (self->refresh_token);
  copy->token_type = g_strdup (self->token_type);
  copy->scope = g_strdup (self->scope);
  copy->user_type = g_strdup (self->user_type);
  copy->location_id = g_strdup (self->location_id);
  copy->company_id = g_strdup (self->company_id);
  copy->user_id = g_strdup (self->user_id);
  copy->expires_at = self->expires_at;

  return copy;
}

void
lia_oauth_tokens_free (LiaOAuthTokens *self)
{
  if (self == NULL)
    return;

  wipe_free (self->access_token);
  wipe_free (self->refresh_token);
  g_free (self->token_type);
  g_free (self->scope);
  g_free (self->user_type);
  g_free (self->location_id);
  g_free (self->company_id);
  g_free (self->user_id);
  g_free (self);
}

/**
 * lia_oauth_tokens_parse:
 * @body: a 2xx answer of the token endpoint
 * @content_type: (nullable): its type; form-encoded answers are read too
 *
 * Returns: (transfer full): the tokens, or %NULL with a
 *   %LIA_ERROR_BAD_RESPONSE error that never repeats the body
 */
LiaOAuthTokens *
lia_oauth_tokens_parse (GBytes      *body,
                        const char  *content_type,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(LiaOAuthTokens) tokens = NULL;
  const char *data;
  gsize size = 0;
  gint64 expires_in;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &size);
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0 ||
      g_strcmp0 (content_type, "text/plain") == 0)
    {
      object = form_to_object (body);
    }
  else if (data != NULL && size > 0 && json_parser_load_from_data (parser, data, size, NULL) &&
           JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }

  if (object == NULL || lookup_string (object, "access_token") == NULL ||
      lookup_string (object, "access_token")[0] == '\0')
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                   _("HighLevel’s sign-in answer holds no access token: Liaison cannot use it. "
                     "Try again; if it persists, check the API URL."));
      return NULL;
    }

  tokens = g_new0 (LiaOAuthTokens, 1);
  tokens->access_token = g_strdup (lookup_string (object, "access_token"));
  tokens->refresh_token = g_strdup (lookup_string (object, "refresh_token"));
  if (tokens->refresh_token != NULL && tokens->refresh_token[0] == '\0')
    g_clear_pointer (&tokens->refresh_token, g_free);
  tokens->token_type = g_strdup (lookup_string (object, "token_type"));
  tokens->scope = g_strdup (lookup_string (object, "scope"));
  tokens->user_type = g_strdup (lookup_string (object, "userType"));
  tokens->location_id = g_strdup (lookup_string (object, "locationId"));
  tokens->company_id = g_strdup (lookup_string (object, "companyId"));
  tokens->user_id = g_strdup (lookup_string (object, "userId"));

  expires_in = lookup_seconds (object, "expires_in");
  if (expires_in <= 0)
    expires_in = lookup_seconds (object, "expires");
  if (expires_in > 0)
    tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + expires_in;

  return g_steal_pointer (&tokens);
}

/**
 * lia_oauth_tokens_request_async:
 * @http: HighLevel's session
 * @token_uri: `{api}/oauth/token`
 * @form: (element-type utf8 utf8): the grant's fields
 *
 * Asks the token endpoint for tokens.
 */
void
lia_oauth_tokens_request_async (LiaHttp             *http,
                                const char          *token_uri,
                                GHashTable          *form,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;

  g_return_if_fail (LIA_IS_HTTP (http));
  g_return_if_fail (token_uri != NULL);
  g_return_if_fail (form != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_oauth_tokens_request_async);

  data = g_new0 (RequestData, 1);
  data->http = g_object_ref (http);
  data->message = lia_http_new_form_message (token_uri, form);
  g_task_set_task_data (task, data, (GDestroyNotify)request_data_free);

  if (data->message == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               /* Translators: %s is a URL the user gave */
                               _("“%s” is not a valid API URL."), token_uri);
      return;
    }

  lia_http_send_async (http, data->message, cancellable, token_sent_cb, g_steal_pointer (&task));
}

/**
 * lia_oauth_tokens_request_finish:
 *
 * Returns: (transfer full): the tokens, or %NULL with @error set
 */
LiaOAuthTokens *
lia_oauth_tokens_request_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
