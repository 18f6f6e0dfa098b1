/* lia-ghl-oauth.c: HighLevel's OAuth 2.0 consent page, token endpoint and tokens
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlEmulator"

#include "config.h"

#include <string.h>

#include "lia-ghl-emulator-private.h"

/* What a Private Integration token of the sub-account may do. */
static const char pit_scopes[] =
  "contacts.readonly contacts.write locations.readonly locations/customFields.readonly "
  "locations/tags.readonly locations/tasks.readonly";

/* The scopes the consent page knows (a subset of HighLevel's list). */
static const char * const known_scopes[] = {
  "businesses.readonly", "businesses.write", "calendars.readonly", "calendars.write",
  "calendars/events.readonly", "calendars/events.write", "campaigns.readonly",
  "contacts.readonly", "contacts.write", "conversations.readonly", "conversations.write",
  "conversations/message.readonly", "conversations/message.write", "locations.readonly",
  "locations.write", "locations/customFields.readonly", "locations/customFields.write",
  "locations/customValues.readonly", "locations/customValues.write", "locations/tags.readonly",
  "locations/tags.write", "locations/tasks.readonly", "locations/tasks.write", "oauth.readonly",
  "oauth.write", "opportunities.readonly", "opportunities.write", "users.readonly",
  "users.write", "workflows.readonly",
};

/* Auxiliary functions */

static char *
base64url (const char *data,
           gsize       length)
{
  char *text = g_base64_encode ((const guchar *)data, length);
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

static char *
random_part (LiaSandboxRng *rng,
             guint          n_bytes)
{
  g_autofree char *bytes = g_malloc (n_bytes);

  for (guint i = 0; i < n_bytes; i++)
    bytes[i] = (char)(lia_sandbox_rng_next (rng) & 0xff);
  return base64url (bytes, n_bytes);
}

/* Looks like a JWT (three base64url parts; the payload carries non-secret
 * claims), but to the emulator it is an opaque random string. */
static char *
make_jwt (LiaGhlEmulator *self,
          const char     *kind,
          const char     *client_id,
          const char     *location_id,
          const char     *scope,
          gint64          now_us,
          gint64          expires_us)
{
  static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *head64 = base64url (header, strlen (header));
  g_autofree char *payload64 = NULL;
  g_autofree char *signature = random_part (&self->token_rng, 32);
  g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "authClass");
  json_builder_add_string_value (builder, "Location");
  json_builder_set_member_name (builder, "authClassId");
  json_builder_add_string_value (builder, location_id);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "INTEGRATION");
  json_builder_set_member_name (builder, "sourceId");
  json_builder_add_string_value (builder, client_id);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "OAUTH");
  json_builder_set_member_name (builder, "tokenType");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "oauthMeta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scopes");
  json_builder_begin_array (builder);
  for (guint i = 0; scopes[i] != NULL; i++)
    if (scopes[i][0] != '\0')
      json_builder_add_string_value (builder, scopes[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "iat");
  json_builder_add_int_value (builder, now_us / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "exp");
  json_builder_add_int_value (builder, expires_us / G_USEC_PER_SEC);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  payload = json_generator_to_data (generator, NULL);
  payload64 = base64url (payload, strlen (payload));

  return g_strconcat (head64, ".", payload64, ".", signature, NULL);
}

static gboolean
scope_known (const char *scope)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_scopes); i++)
    if (g_str_equal (known_scopes[i], scope))
      return TRUE;
  return FALSE;
}

/* Text for an HTML page: what came in may be any bytes, the page is UTF-8. */
static char *
escape_html (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return g_markup_escape_text (valid, -1);
}

static void
answer_html (SoupServerMessage *msg,
             guint              status,
             const char        *title,
             const char        *body_html)
{
  g_autofree char *page = g_strdup_printf (
    "<!DOCTYPE html>\n"
    "<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>%s · HighLevel (Liaison sandbox)</title>"
    "<style>"
    "body{font-family:system-ui,sans-serif;background:#f4f6fa;color:#1d2433;margin:0}"
    "main{max-width:34rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;"
    "box-shadow:0 2px 12px rgba(0,0,0,.08)}"
    "h1{font-size:1.4rem;margin-top:0}ul{padding-left:1.2rem}code{background:#eef1f6;padding:0 .3em;border-radius:4px}"
    "label.loc{display:block;border:1px solid #d5dbe6;border-radius:8px;padding:.6rem .8rem;margin:.4rem 0}"
    ".buttons{display:flex;gap:.8rem;margin-top:1.5rem}"
    "button{font-size:1rem;padding:.6rem 1.4rem;border-radius:8px;border:1px solid #c3cad8;background:#fff;cursor:pointer}"
    "button.approve{background:#1a73e8;border-color:#1a73e8;color:#fff}"
    ".error{color:#b3261e}.note{color:#5f6b7c;font-size:.85rem;margin-top:1.5rem}"
    "</style></head><body><main>%s"
    "<p class=\"note\">This is the Liaison sandbox's HighLevel emulator: nothing reaches the real service.</p>"
    "</main></body></html>\n", title, body_html);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, page, strlen (page));
}

static void
answer_html_error (SoupServerMessage *msg,
                   const char        *message)
{
  g_autofree char *escaped = escape_html (message);
  g_autofree char *body = g_strdup_printf ("<h1 class=\"error\">This app cannot be installed</h1><p>%s</p>", escaped);

  answer_html (msg, SOUP_STATUS_BAD_REQUEST, "Error", body);
}

static void
redirect_to (SoupServerMessage *msg,
             const char        *redirect_uri,
             const char        *name,
             const char        *value,
             const char        *state)
{
  g_autoptr(GString) uri = g_string_new (redirect_uri);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (uri, strchr (redirect_uri, '?') != NULL ? '&' : '?');
  g_string_append_printf (uri, "%s=%s", name, escaped_value);
  if (state != NULL)
    {
      g_autofree char *escaped_state = g_uri_escape_string (state, NULL, FALSE);

      g_string_append_printf (uri, "&state=%s", escaped_state);
    }

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, uri->str);
}

static char *
issue_code (LiaGhlEmulator *self,
            const char     *redirect_uri,
            const char     *scope,
            const char     *location_id)
{
  LiaGhlCode *code = g_new0 (LiaGhlCode, 1);
  LiaGhlNamed *user = self->store->users->len > 0 ? g_ptr_array_index (self->store->users, 0) : NULL;
  g_autofree char *random = lia_sandbox_rng_id (&self->token_rng, 40);
  gint64 now = _lia_ghl_now_us (self);
  GHashTableIter iter;
  gpointer value;

  /* Forget the codes that expired. */
  g_hash_table_iter_init (&iter, self->codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((LiaGhlCode *)value)->expires_at <= now)
      g_hash_table_iter_remove (&iter);

  code->code = g_strdup (random);
  code->client_id = g_strdup (self->client_id);
  code->redirect_uri = g_strdup (redirect_uri);
  code->scope = g_strdup (scope);
  code->location_id = g_strdup (location_id);
  code->user_id = g_strdup (user != NULL ? user->id : "");
  code->expires_at = now + (gint64)LIA_GHL_CODE_LIFETIME_S * G_USEC_PER_SEC;
  g_hash_table_insert (self->codes, code->code, code);

  return g_steal_pointer (&random);
}

/* Checks the consent request; NULL when fine, else what is wrong. */
static char *
check_consent_request (LiaGhlEmulator *self,
                       const char     *response_type,
                       const char     *client_id,
                       const char     *redirect_uri,
                       const char     *scope)
{
  gboolean registered = FALSE;
  g_auto(GStrv) scopes = NULL;
  guint n = 0;

  if (client_id == NULL || !g_str_equal (client_id, self->client_id))
    return g_strdup_printf ("No integration found with the ID “%s”.", client_id != NULL ? client_id : "");

  for (guint i = 0; redirect_uri != NULL && i < self->redirect_uris->len; i++)
    registered |= g_str_equal (redirect_uri, g_ptr_array_index (self->redirect_uris, i));
  if (!registered)
    return g_strdup_printf ("The redirect URI “%s” is not registered for this app.",
                            redirect_uri != NULL ? redirect_uri : "");

  if (g_strcmp0 (response_type, "code") != 0)
    return g_strdup ("The response_type must be “code”.");

  if (scope == NULL)
    return g_strdup ("The request names no scope.");
  scopes = g_strsplit (scope, " ", -1);
  for (guint i = 0; scopes[i] != NULL; i++)
    {
      if (scopes[i][0] == '\0')
        continue;
      if (!scope_known (scopes[i]))
        return g_strdup_printf ("Invalid scope “%s”. Scopes are separated by spaces (%%20).", scopes[i]);
      n++;
    }
  if (n == 0)
    return g_strdup ("The request names no scope.");

  return NULL;
}

static char *
normalize_scope (const char *scope)
{
  g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; scopes[i] != NULL; i++)
    if (scopes[i][0] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, scopes[i]);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
show_consent_page (LiaGhlEmulator    *self,
                   SoupServerMessage *msg,
                   const char        *client_id,
                   const char        *redirect_uri,
                   const char        *scope,
                   const char        *state)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);
  g_autofree char *action = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  gboolean first = TRUE;

  action = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);
  {
    g_autofree char *escaped_client = escape_html (client_id);

    g_string_append_printf (body, "<h1>Install the app</h1>"
                                  "<p>The app <code>%s</code> asks for access to one of your sub-accounts.</p>"
                                  "<form method=\"post\" action=\"%s\">"
                                  "<h2>Choose a location</h2>",
                            escaped_client, g_uri_get_path (uri));
  }
  for (guint i = 0; i < self->store->locations->len; i++)
    {
      LiaGhlLocation *location = lia_ghl_store_get_location (self->store, i);
      g_autofree char *name = escape_html (location->name);

      if (!location->active)
        continue;
      g_string_append_printf (body, "<label class=\"loc\"><input type=\"radio\" name=\"locationId\" value=\"%s\"%s> "
                                    "%s <small>(%s)</small></label>",
                              location->id, first ? " checked" : "", name, location->id);
      first = FALSE;
    }

  g_string_append (body, "<h2>It will be able to</h2><ul>");
  for (guint i = 0; scopes[i] != NULL; i++)
    if (scopes[i][0] != '\0')
      {
        g_autofree char *escaped = escape_html (scopes[i]);

        g_string_append_printf (body, "<li><code>%s</code></li>", escaped);
      }
  g_string_append (body, "</ul>");

  {
    g_autofree char *c = escape_html (client_id);
    g_autofree char *r = escape_html (redirect_uri);
    g_autofree char *s = escape_html (scope);

    g_string_append_printf (body,
                            "<input type=\"hidden\" name=\"response_type\" value=\"code\">"
                            "<input type=\"hidden\" name=\"client_id\" value=\"%s\">"
                            "<input type=\"hidden\" name=\"redirect_uri\" value=\"%s\">"
                            "<input type=\"hidden\" name=\"scope\" value=\"%s\">", c, r, s);
    if (state != NULL)
      {
        g_autofree char *st = escape_html (state);

        g_string_append_printf (body, "<input type=\"hidden\" name=\"state\" value=\"%s\">", st);
      }
  }
  g_string_append (body, "<div class=\"buttons\">"
                         "<button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>"
                         "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                         "</div></form>");

  answer_html (msg, SOUP_STATUS_OK, "Install the app", body->str);
}

static void
answer_oauth_error (LiaGhlEmulator    *self,
                    SoupServerMessage *msg,
                    guint              status,
                    const char        *error,
                    const char        *description)
{
  JsonObject *object = json_object_new ();
  g_autofree char *valid = g_utf8_make_valid (description, -1);

  json_object_set_string_member (object, "error", error);
  json_object_set_string_member (object, "error_description", valid);
  _lia_ghl_respond (self, msg, status, object);
}

static void
answer_token (LiaGhlEmulator *self,
              SoupServerMessage *msg,
              const char     *client_id,
              const char     *location_id,
              const char     *user_id,
              const char     *scope)
{
  LiaGhlToken *token = g_new0 (LiaGhlToken, 1);
  JsonObject *object = json_object_new ();
  gint64 now = _lia_ghl_now_us (self);
  int location = lia_ghl_store_find_location (self->store, location_id);
  GHashTableIter iter;
  gpointer value;

  /* Forget the tokens that can no longer be used in any way. */
  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LiaGhlToken *old = value;

      if (!old->private_token && old->expires_at <= now && old->refresh_token == NULL)
        g_hash_table_iter_remove (&iter);
    }

  token->client_id = g_strdup (client_id);
  token->location_id = g_strdup (location_id);
  token->user_id = g_strdup (user_id);
  token->scope = g_strdup (scope);
  token->expires_at = now + (gint64)self->token_lifetime * G_USEC_PER_SEC;
  token->refresh_expires_at = now + (gint64)LIA_GHL_REFRESH_LIFETIME_S * G_USEC_PER_SEC;
  token->access_token = make_jwt (self, "access", client_id, location_id, scope, now, token->expires_at);
  token->refresh_token = make_jwt (self, "refresh", client_id, location_id, scope, now, token->refresh_expires_at);
  g_hash_table_insert (self->tokens, token->access_token, token);
  g_hash_table_insert (self->refresh_tokens, token->refresh_token, token);

  json_object_set_string_member (object, "access_token", token->access_token);
  json_object_set_string_member (object, "token_type", "Bearer");
  json_object_set_int_member (object, "expires_in", self->token_lifetime);
  json_object_set_string_member (object, "refresh_token", token->refresh_token);
  json_object_set_string_member (object, "scope", scope);
  json_object_set_string_member (object, "userType", "Location");
  json_object_set_string_member (object, "locationId", location_id);
  json_object_set_string_member (object, "companyId",
                                 location >= 0 ? lia_ghl_store_get_location (self->store, location)->company_id : "");
  json_object_set_string_member (object, "userId", user_id);
  json_object_set_boolean_member (object, "isBulkInstallation", FALSE);
  _lia_ghl_respond (self, msg, SOUP_STATUS_OK, object);
}

/* Shared with the other files */

void
_lia_ghl_token_free (LiaGhlToken *token)
{
  if (token == NULL)
    return;
  g_free (token->access_token);
  g_free (token->refresh_token);
  g_free (token->client_id);
  g_free (token->location_id);
  g_free (token->user_id);
  g_free (token->scope);
  g_free (token);
}

void
_lia_ghl_code_free (LiaGhlCode *code)
{
  if (code == NULL)
    return;
  g_free (code->code);
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->scope);
  g_free (code->location_id);
  g_free (code->user_id);
  g_free (code);
}

void
_lia_ghl_oauth_consent (LiaGhlEmulator    *self,
                        SoupServerMessage *msg)
{
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = query_text != NULL ? soup_form_decode (query_text)
                                                   : g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) form = NULL;
  gboolean post = g_str_equal (soup_server_message_get_method (msg), "POST");
  const char *client_id, *redirect_uri, *scope, *state, *response_type, *action, *location_id;
  g_autofree char *problem = NULL;
  g_autofree char *granted = NULL;
  g_autofree char *code = NULL;
  int location;

  if (post)
    form = lia_sandbox_server_read_form (msg);

#define PARAM(name) (g_hash_table_lookup (query, name) != NULL ? (const char *)g_hash_table_lookup (query, name) \
                     : form != NULL ? (const char *)g_hash_table_lookup (form, name) : NULL)
  client_id = PARAM ("client_id");
  redirect_uri = PARAM ("redirect_uri");
  scope = PARAM ("scope");
  state = PARAM ("state");
  response_type = PARAM ("response_type");
#undef PARAM

  problem = check_consent_request (self, response_type, client_id, redirect_uri, scope);
  if (problem != NULL)
    {
      answer_html_error (msg, problem);
      return;
    }
  granted = normalize_scope (scope);

  if (!post && !self->auto_approve)
    {
      show_consent_page (self, msg, client_id, redirect_uri, scope, state);
      return;
    }

  action = form == NULL ? "approve" :
           g_hash_table_lookup (form, "decision") != NULL ? g_hash_table_lookup (form, "decision")
                                                          : g_hash_table_lookup (form, "action");
  if (g_strcmp0 (action, "deny") == 0)
    {
      redirect_to (msg, redirect_uri, "error", "access_denied", state);
      return;
    }
  if (g_strcmp0 (action, "approve") != 0)
    {
      answer_html_error (msg, "Choose Approve or Deny.");
      return;
    }

  location_id = form != NULL ? g_hash_table_lookup (form, "locationId") : NULL;
  if (location_id == NULL)
    location_id = self->location_id;
  location = lia_ghl_store_find_location (self->store, location_id);
  if (location < 0 || !lia_ghl_store_get_location (self->store, location)->active)
    {
      answer_html_error (msg, "That location does not exist or is not active.");
      return;
    }

  code = issue_code (self, redirect_uri, granted, location_id);
  redirect_to (msg, redirect_uri, "code", code, state);
}

void
_lia_ghl_oauth_token (LiaGhlEmulator    *self,
                      SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = lia_sandbox_server_read_form (msg);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  static const char * const required[] = { "client_id", "client_secret", "grant_type" };
  static const char * const grant_types[] = { "authorization_code", "refresh_token", "client_credentials" };
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *client_secret = g_hash_table_lookup (form, "client_secret");
  const char *grant_type = g_hash_table_lookup (form, "grant_type");
  const char *user_type = g_hash_table_lookup (form, "user_type");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  gint64 now = _lia_ghl_now_us (self);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *value = g_hash_table_lookup (form, required[i]);

      if (value == NULL || value[0] == '\0')
        g_ptr_array_add (errors, g_strdup_printf ("%s should not be empty", required[i]));
    }
  if (grant_type != NULL && grant_type[0] != '\0' && !g_strv_contains (grant_types, grant_type))
    g_ptr_array_add (errors, g_strdup ("grant_type must be one of the following values: "
                                       "authorization_code, refresh_token, client_credentials"));
  if (user_type != NULL && g_strcmp0 (user_type, "Location") != 0 && g_strcmp0 (user_type, "Company") != 0)
    g_ptr_array_add (errors, g_strdup ("user_type must be one of the following values: Company, Location"));
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (self, msg, errors);
      return;
    }

  if (!g_str_equal (client_id, self->client_id) || !g_str_equal (client_secret, self->client_secret))
    {
      _lia_ghl_error (self, msg, SOUP_STATUS_UNAUTHORIZED, "Invalid client credentials", "Unauthorized");
      return;
    }

  if (g_strcmp0 (user_type, "Company") == 0)
    {
      answer_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                          "The sandbox issues Sub-Account (Location) tokens only");
      return;
    }

  if (g_str_equal (grant_type, "authorization_code"))
    {
      const char *code_text = g_hash_table_lookup (form, "code");
      LiaGhlCode *code = code_text != NULL ? g_hash_table_lookup (self->codes, code_text) : NULL;
      g_autofree char *location_id = NULL;
      g_autofree char *user_id = NULL;
      g_autofree char *scope = NULL;
      int location;

      if (code_text == NULL || code_text[0] == '\0')
        {
          g_ptr_array_add (errors, g_strdup ("code should not be empty"));
          _lia_ghl_error_422 (self, msg, errors);
          return;
        }
      if (code == NULL || code->expires_at <= now || !g_str_equal (code->client_id, client_id) ||
          (redirect_uri != NULL && !g_str_equal (redirect_uri, code->redirect_uri)))
        {
          /* Single use: an expired or mismatched code is gone as well. */
          if (code != NULL)
            g_hash_table_remove (self->codes, code_text);
          answer_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "Invalid grant: authorization code is invalid");
          return;
        }

      location_id = g_strdup (code->location_id);
      user_id = g_strdup (code->user_id);
      scope = g_strdup (code->scope);
      g_hash_table_remove (self->codes, code_text);

      location = lia_ghl_store_find_location (self->store, location_id);
      if (location < 0 || !lia_ghl_store_get_location (self->store, location)->active)
        {
          _lia_ghl_error (self, msg, SOUP_STATUS_BAD_REQUEST, "Location is not active", "Bad Request");
          return;
        }
      answer_token (self, msg, client_id, location_id, user_id, scope);
    }
  else if (g_str_equal (grant_type, "refresh_token"))
    {
      const char *refresh_text = g_hash_table_lookup (form, "refresh_token");
      LiaGhlToken *old = refresh_text != NULL ? g_hash_table_lookup (self->refresh_tokens, refresh_text) : NULL;
      g_autofree char *location_id = NULL;
      g_autofree char *user_id = NULL;
      g_autofree char *scope = NULL;
      int location;

      if (old == NULL || old->refresh_expires_at <= now || !g_str_equal (old->client_id, client_id))
        {
          answer_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "This refresh token is invalid");
          return;
        }

      location = lia_ghl_store_find_location (self->store, old->location_id);
      if (location < 0 || !lia_ghl_store_get_location (self->store, location)->active)
        {
          _lia_ghl_error (self, msg, SOUP_STATUS_BAD_REQUEST, "Location is not active", "Bad Request");
          return;
        }

      /* Rotation: the old refresh token dies now; its access token lives on until it expires. */
      location_id = g_strdup (old->location_id);
      user_id = g_strdup (old->user_id);
      scope = g_strdup (old->scope);
      g_hash_table_remove (self->refresh_tokens, refresh_text);
      g_clear_pointer (&old->refresh_token, g_free);
      answer_token (self, msg, client_id, location_id, user_id, scope);
    }
  else
    {
      answer_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                          "The sandbox supports authorization_code and refresh_token");
    }
}

LiaGhlToken *
_lia_ghl_authenticate (LiaGhlEmulator    *self,
                       SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  LiaGhlToken *token = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      const char *value = header + 7;

      while (*value == ' ')
        value++;
      token = g_hash_table_lookup (self->tokens, value);
    }

  if (token == NULL || token->expires_at <= _lia_ghl_now_us (self))
    {
      _lia_ghl_error (self, msg, SOUP_STATUS_UNAUTHORIZED, "Invalid JWT", NULL);
      return NULL;
    }
  return token;
}

gboolean
_lia_ghl_token_has_scope (LiaGhlToken *token,
                          const char  *scope)
{
  const char *p = token->scope;
  gsize n = strlen (scope);

  while ((p = strstr (p, scope)) != NULL)
    {
      if ((p == token->scope || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
        return TRUE;
      p += n;
    }
  return FALSE;
}

void
_lia_ghl_tokens_reset (LiaGhlEmulator *self)
{
  LiaGhlToken *pit = g_new0 (LiaGhlToken, 1);

  g_hash_table_remove_all (self->refresh_tokens);
  g_hash_table_remove_all (self->tokens);
  g_hash_table_remove_all (self->codes);

  pit->access_token = g_strdup (self->private_token);
  pit->client_id = g_strdup (LIA_GHL_PIT_CLIENT_ID);
  pit->location_id = g_strdup (self->location_id);
  pit->user_id = g_strdup ("");
  pit->scope = g_strdup (pit_scopes);
  pit->expires_at = G_MAXINT64;
  pit->refresh_expires_at = 0;
  pit->private_token = TRUE;
  g_hash_table_insert (self->tokens, pit->access_token, pit);
}

void
_lia_ghl_tokens_expire (LiaGhlEmulator *self)
{
  gint64 now = _lia_ghl_now_us (self);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LiaGhlToken *token = value;

      if (!token->private_token)
        token->expires_at = MIN (token->expires_at, now);
    }
}

gboolean
_lia_ghl_tokens_revoke_refresh (LiaGhlEmulator *self,
                                const char     *refresh_token)
{
  LiaGhlToken *token = g_hash_table_lookup (self->refresh_tokens, refresh_token);

  if (token == NULL)
    return FALSE;
  g_hash_table_remove (self->refresh_tokens, refresh_token);
  g_clear_pointer (&token->refresh_token, g_free);
  return TRUE;
}

static int
compare_tokens (gconstpointer a,
                gconstpointer b)
{
  const LiaGhlToken *ta = *(LiaGhlToken * const *)a;
  const LiaGhlToken *tb = *(LiaGhlToken * const *)b;

  return strcmp (ta->access_token, tb->access_token);
}

JsonArray *
_lia_ghl_tokens_dump (LiaGhlEmulator *self)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!((LiaGhlToken *)value)->private_token)
      g_ptr_array_add (tokens, value);
  g_ptr_array_sort (tokens, compare_tokens);

  for (guint i = 0; i < tokens->len; i++)
    {
      LiaGhlToken *token = g_ptr_array_index (tokens, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "accessToken", token->access_token);
      lia_ghl_json_set_string_if (object, "refreshToken", token->refresh_token);
      json_object_set_string_member (object, "clientId", token->client_id);
      json_object_set_string_member (object, "locationId", token->location_id);
      json_object_set_string_member (object, "userId", token->user_id);
      json_object_set_string_member (object, "scope", token->scope);
      json_object_set_int_member (object, "expiresAt", token->expires_at);
      json_object_set_int_member (object, "refreshExpiresAt", token->refresh_expires_at);
      json_array_add_object_element (array, object);
    }
  return array;
}

void
_lia_ghl_tokens_load (LiaGhlEmulator *self,
                      JsonArray      *tokens)
{
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *object = json_array_get_object_element (tokens, i);
      LiaGhlToken *token;

      if (object == NULL || lia_ghl_json_get_string (object, "accessToken") == NULL ||
          lia_ghl_json_get_string (object, "clientId") == NULL ||
          lia_ghl_json_get_string (object, "locationId") == NULL ||
          g_hash_table_contains (self->tokens, lia_ghl_json_get_string (object, "accessToken")))
        continue;

      token = g_new0 (LiaGhlToken, 1);
      token->access_token = g_strdup (lia_ghl_json_get_string (object, "accessToken"));
      token->refresh_token = g_strdup (lia_ghl_json_get_string (object, "refreshToken"));
      token->client_id = g_strdup (lia_ghl_json_get_string (object, "clientId"));
      token->location_id = g_strdup (lia_ghl_json_get_string (object, "locationId"));
      token->user_id = g_strdup (lia_ghl_json_get_string (object, "userId"));
      token->scope = g_strdup (lia_ghl_json_get_string (object, "scope"));
      if (token->user_id == NULL)
        token->user_id = g_strdup ("");
      if (token->scope == NULL)
        token->scope = g_strdup ("");
      token->expires_at = lia_ghl_json_get_int (object, "expiresAt", 0);
      token->refresh_expires_at = lia_ghl_json_get_int (object, "refreshExpiresAt", 0);
      g_hash_table_insert (self->tokens, token->access_token, token);
      if (token->refresh_token != NULL)
        g_hash_table_insert (self->refresh_tokens, token->refresh_token, token);
    }
}
