/* lia-ghl-emulator.c: the HighLevel v2 API and its OAuth, emulated
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file holds the object, the routing and what every request goes
 * through (authentication, the rate limiter, the Version header, scopes),
 * the admin levers under /_sandbox/ and the knobs. The routes themselves
 * are in lia-ghl-contacts.c, lia-ghl-search.c, lia-ghl-subresources.c and
 * lia-ghl-oauth.c; the data in lia-ghl-store.c.
 */

#define G_LOG_DOMAIN "LiaGhlEmulator"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lia-ghl-emulator-private.h"

G_DEFINE_FINAL_TYPE (LiaGhlEmulator, lia_ghl_emulator, G_TYPE_OBJECT)

#define DEFAULT_TOKEN_LIFETIME 86399
#define RNG_SALT_DATA G_GUINT64_CONSTANT (0x67686c)
#define RNG_SALT_IDS G_GUINT64_CONSTANT (0x67686c2d696473)
#define RNG_SALT_TOKENS G_GUINT64_CONSTANT (0x67686c2d746f6b)
#define RNG_SALT_TRACE G_GUINT64_CONSTANT (0x67686c2d747263)

typedef struct
{
  const char      *method;
  const char      *path;     /* the spec's path template */
  const char      *scope;
  LiaGhlRouteFunc  func;
} Route;

static const Route routes[] = {
  { "POST", "/contacts/search", "contacts.readonly", _lia_ghl_contacts_search },
  { "GET", "/contacts/search/duplicate", "contacts.readonly", _lia_ghl_contacts_duplicate },
  { "POST", "/contacts/upsert", "contacts.write", _lia_ghl_contacts_upsert },
  { "POST", "/contacts/bulk/tags/update/{type}", "contacts.write", _lia_ghl_bulk_tags },
  { "POST", "/contacts/bulk/business", "contacts.write", _lia_ghl_bulk_business },
  { "GET", "/contacts/business/{businessId}", "contacts.readonly", _lia_ghl_contacts_business },
  { "GET", "/contacts/", "contacts.readonly", _lia_ghl_contacts_list },
  { "POST", "/contacts/", "contacts.write", _lia_ghl_contacts_create },
  { "GET", "/contacts/{contactId}", "contacts.readonly", _lia_ghl_contacts_get },
  { "PUT", "/contacts/{contactId}", "contacts.write", _lia_ghl_contacts_update },
  { "DELETE", "/contacts/{contactId}", "contacts.write", _lia_ghl_contacts_delete },
  { "GET", "/contacts/{contactId}/tasks", "contacts.readonly", _lia_ghl_tasks_list },
  { "POST", "/contacts/{contactId}/tasks", "contacts.write", _lia_ghl_tasks_create },
  { "GET", "/contacts/{contactId}/tasks/{taskId}", "contacts.readonly", _lia_ghl_tasks_get },
  { "PUT", "/contacts/{contactId}/tasks/{taskId}", "contacts.write", _lia_ghl_tasks_update },
  { "DELETE", "/contacts/{contactId}/tasks/{taskId}", "contacts.write", _lia_ghl_tasks_delete },
  { "PUT", "/contacts/{contactId}/tasks/{taskId}/completed", "contacts.write", _lia_ghl_tasks_completed },
  { "GET", "/contacts/{contactId}/appointments", "contacts.readonly", _lia_ghl_appointments_list },
  { "POST", "/contacts/{contactId}/tags", "contacts.write", _lia_ghl_tags_add },
  { "DELETE", "/contacts/{contactId}/tags", "contacts.write", _lia_ghl_tags_remove },
  { "GET", "/contacts/{contactId}/notes", "contacts.readonly", _lia_ghl_notes_list },
  { "POST", "/contacts/{contactId}/notes", "contacts.write", _lia_ghl_notes_create },
  { "GET", "/contacts/{contactId}/notes/{id}", "contacts.readonly", _lia_ghl_notes_get },
  { "PUT", "/contacts/{contactId}/notes/{id}", "contacts.write", _lia_ghl_notes_update },
  { "DELETE", "/contacts/{contactId}/notes/{id}", "contacts.write", _lia_ghl_notes_delete },
  { "POST", "/contacts/{contactId}/followers", "contacts.write", _lia_ghl_followers_add },
  { "DELETE", "/contacts/{contactId}/followers", "contacts.write", _lia_ghl_followers_remove },
  { "DELETE", "/contacts/{contactId}/campaigns/removeAll", "contacts.write", _lia_ghl_campaigns_remove_all },
  { "POST", "/contacts/{contactId}/campaigns/{campaignId}", "contacts.write", _lia_ghl_campaigns_add },
  { "DELETE", "/contacts/{contactId}/campaigns/{campaignId}", "contacts.write", _lia_ghl_campaigns_remove },
  { "POST", "/contacts/{contactId}/workflow/{workflowId}", "contacts.write", _lia_ghl_workflows_add },
  { "DELETE", "/contacts/{contactId}/workflow/{workflowId}", "contacts.write", _lia_ghl_workflows_remove },
  { "GET", "/locations/{locationId}", "locations.readonly", _lia_ghl_locations_get },
  { "GET", "/locations/{locationId}/customFields", "locations/customFields.readonly", _lia_ghl_locations_custom_fields },
  { "GET", "/locations/{locationId}/tags", "locations/tags.readonly", _lia_ghl_locations_tags },
  { "POST", "/locations/{locationId}/tasks/search", "locations/tasks.readonly", _lia_ghl_locations_tasks_search },
};

static const char * const accepted_versions[] = { "2021-07-28", "2023-02-21" };

/* Auxiliary functions */

static void
replace_str (char       **slot,
             const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

static void
person_copy_free (gpointer data)
{
  lia_sandbox_person_free (data);
}

static LiaSandboxPerson *
copy_crm_person (const LiaSandboxPerson *person)
{
  LiaSandboxPerson *copy = g_new0 (LiaSandboxPerson, 1);

  copy->index = person->index;
  copy->first_name = g_strdup (person->first_name);
  copy->last_name = g_strdup (person->last_name);
  copy->crm_email = g_strdup (person->crm_email);
  copy->crm_phone = g_strdup (person->crm_phone);
  copy->company = g_strdup (person->company);
  copy->country = g_strdup (person->country);
  copy->region = g_strdup (person->region);
  copy->in_mojo = person->in_mojo;
  copy->in_crm = TRUE;
  copy->near_duplicate_of = person->near_duplicate_of;
  copy->created_at = person->created_at;
  copy->updated_at = person->updated_at;
  return copy;
}

/* Splits "/contacts/{id}/tasks/" into its non-empty segments. */
static char **
split_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (out, g_strdup (parts[i]));
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (out, FALSE);
}

static const Route *
match_route (const char   *method,
             const char   *path,
             char       ***params_out)
{
  g_auto(GStrv) segments = split_path (path);
  guint n_segments = g_strv_length (segments);

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      g_auto(GStrv) template = NULL;
      g_autoptr(GPtrArray) params = NULL;
      gboolean ok = TRUE;

      if (!g_str_equal (routes[r].method, method))
        continue;
      template = split_path (routes[r].path);
      if (g_strv_length (template) != n_segments)
        continue;

      params = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; ok && i < n_segments; i++)
        {
          if (template[i][0] == '{')
            g_ptr_array_add (params, g_uri_unescape_string (segments[i], NULL));
          else
            ok = g_str_equal (template[i], segments[i]);
        }
      if (!ok)
        continue;

      if (params_out != NULL)
        {
          g_ptr_array_add (params, NULL);
          g_ptr_array_set_free_func (params, NULL);
          *params_out = (char **)g_ptr_array_free (g_steal_pointer (&params), FALSE);
        }
      return &routes[r];
    }

  return NULL;
}

static gboolean
is_oauth_consent_path (const char *path)
{
  return g_str_equal (path, "/oauth/chooselocation") || g_str_equal (path, "/oauth/chooselocation/") ||
         g_str_equal (path, "/v2/oauth/chooselocation") || g_str_equal (path, "/v2/oauth/chooselocation/");
}

static char *
trace_id (LiaGhlEmulator *self)
{
  guint64 a = lia_sandbox_rng_next (&self->trace_rng);
  guint64 b = lia_sandbox_rng_next (&self->trace_rng);

  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x",
                          (guint)(a >> 32), (guint)(a >> 16) & 0xffff, (guint)a & 0xfff,
                          ((guint)(b >> 48) & 0x3fff) | 0x8000, b & G_GUINT64_CONSTANT (0xffffffffffff));
}

static void
add_rate_headers (SoupServerMessage       *msg,
                  const LiaGhlRateVerdict *verdict)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char value[32];

  g_snprintf (value, sizeof value, "%u", verdict->limit_daily);
  soup_message_headers_replace (headers, "X-RateLimit-Limit-Daily", value);
  g_snprintf (value, sizeof value, "%u", verdict->daily_remaining);
  soup_message_headers_replace (headers, "X-RateLimit-Daily-Remaining", value);
  g_snprintf (value, sizeof value, "%u", verdict->interval_ms);
  soup_message_headers_replace (headers, "X-RateLimit-Interval-Milliseconds", value);
  g_snprintf (value, sizeof value, "%u", verdict->max);
  soup_message_headers_replace (headers, "X-RateLimit-Max", value);
  g_snprintf (value, sizeof value, "%u", verdict->remaining);
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", value);
}

static void
generate (LiaGhlEmulator *self)
{
  LiaSandboxRng rng = self->data_rng;

  g_clear_pointer (&self->store, lia_ghl_store_free);
  self->store = lia_ghl_store_new ();
  lia_ghl_store_generate (self->store, &rng, self->seed_people, self->location_id);
  for (guint i = 0; i < self->store->locations->len; i++)
    lia_ghl_store_get_location (self->store, i)->allow_duplicates = self->allow_duplicates;

  lia_sandbox_rng_init (&self->id_rng, self->seed ^ RNG_SALT_IDS);
  lia_sandbox_rng_init (&self->token_rng, self->seed ^ RNG_SALT_TOKENS);
  lia_sandbox_rng_init (&self->trace_rng, self->seed ^ RNG_SALT_TRACE);
}

/* Admin levers */

static JsonObject *
read_admin_body (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = lia_sandbox_server_read_json (msg, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static void
admin_answer (SoupServerMessage *msg,
              guint              status,
              const char        *key,
              const char        *message)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_alloc ();

  if (status < 300)
    json_object_set_boolean_member (object, "ok", TRUE);
  if (key != NULL)
    json_object_set_string_member (object, key, message);
  json_node_init_object (node, object);
  json_object_unref (object);
  lia_sandbox_server_respond_json (msg, status, node);
}

static void
handle_admin (LiaGhlEmulator    *self,
              SoupServerMessage *msg,
              const char        *method,
              const char        *path)
{
  const char *lever = path + strlen ("/_sandbox/");
  g_autofree char *valid_path = g_utf8_make_valid (path, -1);
  g_autofree char *route = g_strdup_printf ("%s %s", method, valid_path);
  gboolean post = g_str_equal (method, "POST");

  lia_sandbox_server_set_route (msg, route);

  if (g_str_equal (lever, "dump") && g_str_equal (method, "GET"))
    {
      lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK, lia_ghl_emulator_dump (self));
    }
  else if (g_str_equal (lever, "reset") && post)
    {
      lia_ghl_emulator_reset (self);
      admin_answer (msg, SOUP_STATUS_OK, NULL, NULL);
    }
  else if (g_str_equal (lever, "expire-tokens") && post)
    {
      _lia_ghl_tokens_expire (self);
      admin_answer (msg, SOUP_STATUS_OK, NULL, NULL);
    }
  else if (g_str_equal (lever, "revoke-refresh-token") && post)
    {
      g_autoptr(JsonObject) body = read_admin_body (msg);
      const char *token = body != NULL ? lia_ghl_json_get_string (body, "refresh_token") : NULL;

      if (token == NULL)
        admin_answer (msg, SOUP_STATUS_BAD_REQUEST, "error", "The body must be {\"refresh_token\": \"…\"}");
      else if (!_lia_ghl_tokens_revoke_refresh (self, token))
        admin_answer (msg, SOUP_STATUS_NOT_FOUND, "error", "No such live refresh token");
      else
        admin_answer (msg, SOUP_STATUS_OK, NULL, NULL);
    }
  else if ((g_str_equal (lever, "deactivate-location") || g_str_equal (lever, "activate-location")) && post)
    {
      g_autoptr(JsonObject) body = read_admin_body (msg);
      const char *location_id = body != NULL ? lia_ghl_json_get_string (body, "locationId") : NULL;
      int location = lia_ghl_store_find_location (self->store, location_id);

      if (location_id == NULL)
        admin_answer (msg, SOUP_STATUS_BAD_REQUEST, "error", "The body must be {\"locationId\": \"…\"}");
      else if (location < 0)
        admin_answer (msg, SOUP_STATUS_NOT_FOUND, "error", "No such location");
      else
        {
          lia_ghl_store_get_location (self->store, location)->active = g_str_equal (lever, "activate-location");
          admin_answer (msg, SOUP_STATUS_OK, NULL, NULL);
        }
    }
  else
    {
      admin_answer (msg, SOUP_STATUS_NOT_FOUND, "error",
                    "Unknown lever; the HighLevel emulator has GET dump, POST reset, expire-tokens, "
                    "revoke-refresh-token, deactivate-location, activate-location");
    }
}

/* The server's handler */

static void
ghl_handle (gpointer           emulator,
            LiaSandboxServer  *server,
            SoupServerMessage *msg,
            const char        *path)
{
  LiaGhlEmulator *self = emulator;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_auto(GStrv) params = NULL;
  g_autofree char *route_name = NULL;
  g_autoptr(GHashTable) query = NULL;
  const char *query_text;
  const char *version;
  const Route *route;
  LiaGhlRateVerdict verdict;
  LiaGhlRequest req = { 0 };
  g_autofree char *rate_key = NULL;
  int location;

  /* HEAD is served as GET; libsoup drops the body of the answer itself. */
  if (g_str_equal (method, "HEAD"))
    method = "GET";

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      handle_admin (self, msg, method, path);
      return;
    }

  if (is_oauth_consent_path (path) && (g_str_equal (method, "GET") || g_str_equal (method, "POST")))
    {
      g_autofree char *name = g_strdup_printf ("%s %s", method,
                                               g_str_has_prefix (path, "/v2/") ? "/v2/oauth/chooselocation"
                                                                               : "/oauth/chooselocation");

      lia_sandbox_server_set_route (msg, name);
      _lia_ghl_oauth_consent (self, msg);
      return;
    }
  if (g_str_equal (path, "/oauth/token") && g_str_equal (method, "POST"))
    {
      lia_sandbox_server_set_route (msg, "POST /oauth/token");
      _lia_ghl_oauth_token (self, msg);
      return;
    }

  route = match_route (method, path, &params);
  if (route == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Cannot %s %s", method, path);

      _lia_ghl_error (self, msg, SOUP_STATUS_NOT_FOUND, message, "Not Found");
      return;
    }
  route_name = g_strdup_printf ("%s %s", route->method, route->path);
  lia_sandbox_server_set_route (msg, route_name);

  req.self = self;
  req.msg = msg;
  req.path = path;
  req.params = params;
  req.now_us = _lia_ghl_now_us (self);

  req.token = _lia_ghl_authenticate (self, msg);
  if (req.token == NULL)
    return;

  location = lia_ghl_store_find_location (self->store, req.token->location_id);
  if (location < 0 || !lia_ghl_store_get_location (self->store, location)->active)
    {
      /* A sub-account that is gone or inactive: its tokens stop working
       * (refreshing then says "Location is not active"). */
      _lia_ghl_error (self, msg, SOUP_STATUS_UNAUTHORIZED, "Invalid JWT", NULL);
      return;
    }
  req.location = (guint)location;

  rate_key = g_strdup_printf ("%s|%s", req.token->client_id, req.token->location_id);
  lia_ghl_rate_limiter_check (self->limiter, rate_key, req.now_us, &verdict);
  add_rate_headers (msg, &verdict);
  if (!verdict.allowed)
    {
      char retry[16];

      g_snprintf (retry, sizeof retry, "%u", verdict.retry_after_s);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
      _lia_ghl_error (self, msg, 429, "Too Many Requests", "Too Many Requests");
      return;
    }

  version = soup_message_headers_get_one (headers, "Version");
  if (version == NULL)
    {
      _lia_ghl_error (self, msg, SOUP_STATUS_BAD_REQUEST,
                      "version header was not found: send “Version: 2021-07-28”", "Bad Request");
      return;
    }
  if (!g_strv_contains (accepted_versions, version))
    {
      g_autofree char *message = g_strdup_printf ("version header “%s” is not supported: send “Version: 2021-07-28”",
                                                  version);

      _lia_ghl_error (self, msg, SOUP_STATUS_BAD_REQUEST, message, "Bad Request");
      return;
    }

  if (!_lia_ghl_token_has_scope (req.token, route->scope))
    {
      _lia_ghl_error (self, msg, SOUP_STATUS_UNAUTHORIZED, "The token is not authorized for this scope.", NULL);
      return;
    }

  query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  if (query_text != NULL)
    query = soup_form_decode (query_text);
  req.query = query;

  route->func (&req);
}

static char *
ghl_route (gpointer    emulator,
           const char *method,
           const char *path)
{
  const Route *route;

  if (g_str_equal (method, "HEAD"))
    method = "GET";

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      g_autofree char *valid_path = g_utf8_make_valid (path, -1);

      return g_strdup_printf ("%s %s", method, valid_path);
    }
  if (is_oauth_consent_path (path))
    return g_strdup_printf ("%s %s", method,
                            g_str_has_prefix (path, "/v2/") ? "/v2/oauth/chooselocation" : "/oauth/chooselocation");
  if (g_str_equal (path, "/oauth/token") && g_str_equal (method, "POST"))
    return g_strdup ("POST /oauth/token");

  route = match_route (method, path, NULL);
  if (route == NULL)
    return NULL;
  return g_strdup_printf ("%s %s", route->method, route->path);
}

static gboolean
parse_uint_knob (JsonNode    *node,
                 const char  *name,
                 gboolean     allow_off,
                 guint       *value,
                 GError     **error)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0 &&
      json_node_get_int (node) <= G_MAXUINT32)
    {
      *value = (guint)json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      guint64 v;

      if (allow_off && g_ascii_strcasecmp (text, "off") == 0)
        {
          *value = 0;
          return TRUE;
        }
      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
        {
          *value = (guint)v;
          return TRUE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               allow_off ? "“%s” must be a whole number or \"off\"" : "“%s” must be a whole number", name);
  return FALSE;
}

static gboolean
ghl_apply_knobs (gpointer     emulator,
                 JsonObject  *knobs,
                 GError     **error)
{
  LiaGhlEmulator *self = emulator;
  guint max, window_s, daily;
  guint lifetime = self->token_lifetime;
  guint lag = self->search_lag_ms;
  gboolean allow = self->allow_duplicates;
  gboolean auto_approve = self->auto_approve;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  lia_ghl_rate_limiter_get_config (self->limiter, &max, &window_s, &daily);

  /* Everything is checked before anything changes. */
  json_object_iter_init (&iter, knobs);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (g_str_equal (name, "rate_limit"))
        {
          const char *text = json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value) : NULL;
          g_auto(GStrv) parts = text != NULL ? g_strsplit (text, "/", 2) : NULL;
          guint64 n, s;

          if (text != NULL && g_ascii_strcasecmp (text, "off") == 0)
            max = 0;
          else if (parts != NULL && parts[0] != NULL && parts[1] != NULL &&
                   g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT32, &n, NULL) &&
                   g_ascii_string_to_unsigned (parts[1], 10, 1, 86400, &s, NULL))
            {
              max = (guint)n;
              window_s = (guint)s;
            }
          else
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   "“rate_limit” must be \"N/SECONDS\" (such as \"100/10\") or \"off\"");
              return FALSE;
            }
        }
      else if (g_str_equal (name, "daily_limit"))
        {
          /* 0 or "off": no daily limit, as the rate limiter's 0 = off
           * (docs/sandbox-contract.md); a limit is at least 1 request. */
          if (!parse_uint_knob (value, name, TRUE, &daily, error))
            return FALSE;
        }
      else if (g_str_equal (name, "token_lifetime"))
        {
          if (!parse_uint_knob (value, name, FALSE, &lifetime, error))
            return FALSE;
          if (lifetime == 0)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   "“token_lifetime” must be at least 1 second");
              return FALSE;
            }
        }
      else if (g_str_equal (name, "search_lag_ms"))
        {
          if (!parse_uint_knob (value, name, FALSE, &lag, error))
            return FALSE;
        }
      else if (g_str_equal (name, "allow_duplicates") || g_str_equal (name, "auto_approve"))
        {
          gboolean *target = g_str_equal (name, "auto_approve") ? &auto_approve : &allow;
          const char *text = json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value) : NULL;

          if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
            *target = json_node_get_boolean (value);
          else if (text != NULL && (g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "true") == 0))
            *target = TRUE;
          else if (text != NULL && (g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "false") == 0))
            *target = FALSE;
          else
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "“%s” must be true, false, \"yes\" or \"no\"", name);
              return FALSE;
            }
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unknown knob “%s” (the HighLevel emulator has rate_limit, daily_limit, "
                       "token_lifetime, allow_duplicates, search_lag_ms, auto_approve)", name);
          return FALSE;
        }
    }

  lia_ghl_rate_limiter_configure (self->limiter, max, window_s, daily);
  lia_ghl_emulator_set_token_lifetime (self, lifetime);
  lia_ghl_emulator_set_search_lag_ms (self, lag);
  lia_ghl_emulator_set_allow_duplicates (self, allow);
  lia_ghl_emulator_set_auto_approve (self, auto_approve);
  return TRUE;
}

static const LiaSandboxServerHandler ghl_handler = {
  .handle = ghl_handle,
  .route = ghl_route,
  .apply_knobs = ghl_apply_knobs,
};

/* Shared with the other files (lia-ghl-emulator-private.h) */

gint64
_lia_ghl_now_us (LiaGhlEmulator *self)
{
  return self->clock (self->clock_data);
}

gint64
_lia_ghl_lag_us (LiaGhlEmulator *self)
{
  return (gint64)self->search_lag_ms * 1000;
}

char *
_lia_ghl_new_id (LiaGhlEmulator *self)
{
  for (;;)
    {
      char *id = lia_sandbox_rng_id (&self->id_rng, 20);

      if (!g_hash_table_contains (self->store->by_id, id))
        return id;
      g_free (id);
    }
}

void
_lia_ghl_respond (LiaGhlEmulator    *self,
                  SoupServerMessage *msg,
                  guint              status,
                  JsonObject        *object)
{
  JsonNode *node = json_node_alloc ();

  if (!json_object_has_member (object, "traceId"))
    {
      g_autofree char *trace = trace_id (self);

      json_object_set_string_member (object, "traceId", trace);
    }
  json_node_init_object (node, object);
  json_object_unref (object);
  lia_sandbox_server_respond_json (msg, status, node);
}

void
_lia_ghl_error (LiaGhlEmulator    *self,
                SoupServerMessage *msg,
                guint              status,
                const char        *message,
                const char        *error)
{
  JsonObject *object = json_object_new ();
  /* Messages echo paths, ids and headers, which may be any bytes: JSON is UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (message, -1);

  json_object_set_int_member (object, "statusCode", status);
  json_object_set_string_member (object, "message", valid);
  if (error != NULL)
    json_object_set_string_member (object, "error", error);
  _lia_ghl_respond (self, msg, status, object);
}

void
_lia_ghl_error_422 (LiaGhlEmulator    *self,
                    SoupServerMessage *msg,
                    GPtrArray         *messages)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (g_ptr_array_index (messages, i), -1);

      json_array_add_string_element (array, valid);
    }
  json_object_set_int_member (object, "statusCode", 422);
  json_object_set_array_member (object, "message", array);
  json_object_set_string_member (object, "error", "Unprocessable Entity");
  _lia_ghl_respond (self, msg, 422, object);
}

/* The member whose string value holds an escaped NUL ("a\u0000b"), which
 * json-glib would silently cut short; NULL when there is none. */
static char *
find_nul_member (const char *text,
                 gsize       length)
{
  g_autofree char *last_key = NULL;
  gboolean in_string = FALSE;
  gboolean has_nul = FALSE;
  gsize start = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (!in_string)
        {
          if (text[i] == '"')
            {
              in_string = TRUE;
              has_nul = FALSE;
              start = i + 1;
            }
          continue;
        }
      if (text[i] == '\\' && i + 1 < length)
        {
          if (text[i + 1] == 'u' && i + 5 < length && strncmp (text + i + 2, "0000", 4) == 0)
            has_nul = TRUE;
          i++;
          continue;
        }
      if (text[i] == '"')
        {
          gsize end = i;
          gboolean is_key;

          in_string = FALSE;
          while (i + 1 < length && g_ascii_isspace (text[i + 1]))
            i++;
          is_key = i + 1 < length && text[i + 1] == ':';
          if (is_key)
            {
              g_free (last_key);
              last_key = g_strndup (text + start, end - start);
            }
          if (has_nul)
            return g_strdup (last_key != NULL ? last_key : "body");
        }
    }

  return NULL;
}

JsonObject *
_lia_ghl_read_body (LiaGhlRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *nul_member = NULL;

  /* Express's JSON body parser only reads application/json (with or without
   * parameters); any other body leaves the DTO empty. */
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    return json_object_new ();

  node = lia_sandbox_server_read_json (req->msg, &error);
  if (node == NULL)
    {
      /* NestJS answers an empty body as an empty object. */
      if (g_error_matches (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE) &&
          soup_server_message_get_request_body (req->msg)->length == 0)
        return json_object_new ();
      _lia_ghl_error (req->self, req->msg, SOUP_STATUS_BAD_REQUEST,
                      "The request body is not valid JSON", "Bad Request");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _lia_ghl_error (req->self, req->msg, SOUP_STATUS_BAD_REQUEST,
                      "The request body must be a JSON object", "Bad Request");
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  nul_member = find_nul_member (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (nul_member != NULL)
    {
      g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (errors, g_strdup_printf ("%s must not contain a NUL character", nul_member));
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

static const char *
type_message (LiaGhlType type)
{
  switch (type)
    {
    case LIA_GHL_T_STRING:
    case LIA_GHL_T_STRING_NULL:
      return "%s must be a string";
    case LIA_GHL_T_BOOL:
      return "%s must be a boolean value";
    case LIA_GHL_T_NUMBER:
      return "%s must be a number conforming to the specified constraints";
    case LIA_GHL_T_STRINGS:
    case LIA_GHL_T_ARRAY:
      return "%s must be an array";
    case LIA_GHL_T_OBJECT:
    case LIA_GHL_T_OBJECT_NULL:
      return "%s must be an object";
    case LIA_GHL_T_ANY:
    default:
      return NULL;
    }
}

static gboolean
node_has_type (JsonNode   *node,
               LiaGhlType  type)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (type)
    {
    case LIA_GHL_T_STRING:
      return value_type == G_TYPE_STRING;
    case LIA_GHL_T_STRING_NULL:
      return value_type == G_TYPE_STRING || JSON_NODE_HOLDS_NULL (node);
    case LIA_GHL_T_BOOL:
      return value_type == G_TYPE_BOOLEAN;
    case LIA_GHL_T_NUMBER:
      return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
    case LIA_GHL_T_STRINGS:
    case LIA_GHL_T_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case LIA_GHL_T_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case LIA_GHL_T_OBJECT_NULL:
      return JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_NULL (node);
    case LIA_GHL_T_ANY:
    default:
      return TRUE;
    }
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void
_lia_ghl_check_props (JsonObject       *body,
                      const LiaGhlProp *props,
                      guint             n_props,
                      GPtrArray        *errors)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const LiaGhlProp *prop = NULL;

      for (guint i = 0; i < n_props; i++)
        if (g_str_equal (props[i].name, name))
          prop = &props[i];

      if (prop == NULL)
        {
          g_ptr_array_add (errors, g_strdup_printf ("property %s should not exist", name));
          continue;
        }
      if (!node_has_type (value, prop->type))
        {
          g_ptr_array_add (errors, g_strdup_printf (type_message (prop->type), name));
          continue;
        }
      if (prop->type == LIA_GHL_T_STRINGS)
        {
          JsonArray *array = json_node_get_array (value);

          for (guint i = 0; i < json_array_get_length (array); i++)
            if (json_node_get_value_type (json_array_get_element (array, i)) != G_TYPE_STRING)
              {
                g_ptr_array_add (errors, g_strdup_printf ("each value in %s must be a string", name));
                break;
              }
        }
    }

  for (guint i = 0; i < n_props; i++)
    {
      JsonNode *node = props[i].required ? json_object_get_member (body, props[i].name) : NULL;

      if (!props[i].required)
        continue;
      if (node == NULL)
        {
          g_ptr_array_add (errors, g_strdup_printf ("%s should not be empty", props[i].name));
          if (type_message (props[i].type) != NULL)
            g_ptr_array_add (errors, g_strdup_printf (type_message (props[i].type), props[i].name));
        }
      /* class-validator's @IsNotEmpty() refuses "" as well. */
      else if (json_node_get_value_type (node) == G_TYPE_STRING &&
               *json_node_get_string (node) == '\0')
        g_ptr_array_add (errors, g_strdup_printf ("%s should not be empty", props[i].name));
    }
}
#pragma GCC diagnostic pop

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

void
_lia_ghl_check_query (GHashTable       *query,
                      const LiaGhlProp *props,
                      guint             n_props,
                      GPtrArray        *errors)
{
  if (query != NULL)
    {
      g_autofree gpointer *keys = NULL;
      guint n_keys;

      keys = g_hash_table_get_keys_as_array (query, &n_keys);
      qsort (keys, n_keys, sizeof (gpointer), compare_keys);
      for (guint k = 0; k < n_keys; k++)
        {
          gboolean known = FALSE;

          for (guint i = 0; i < n_props; i++)
            known |= g_str_equal (props[i].name, keys[k]);
          if (!known)
            g_ptr_array_add (errors, g_strdup_printf ("property %s should not exist", (char *)keys[k]));
        }
    }

  for (guint i = 0; i < n_props; i++)
    {
      const char *value = query != NULL ? g_hash_table_lookup (query, props[i].name) : NULL;

      if (props[i].required && (value == NULL || value[0] == '\0'))
        {
          g_ptr_array_add (errors, g_strdup_printf ("%s should not be empty", props[i].name));
          g_ptr_array_add (errors, g_strdup_printf ("%s must be a string", props[i].name));
        }
    }
}

gboolean
_lia_ghl_check_location (LiaGhlRequest *req,
                         const char    *location_id)
{
  if (location_id != NULL && g_str_equal (location_id, req->token->location_id))
    return TRUE;

  _lia_ghl_error (req->self, req->msg, SOUP_STATUS_FORBIDDEN,
                  "The token does not have access to this location.", NULL);
  return FALSE;
}

LiaGhlContact *
_lia_ghl_find_contact (LiaGhlRequest *req,
                       const char    *contact_id)
{
  LiaGhlContact *contact = lia_ghl_store_lookup (req->self->store, contact_id);

  if (contact == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Contact with id %s not found", contact_id);

      _lia_ghl_error (req->self, req->msg, SOUP_STATUS_BAD_REQUEST, message, NULL);
      return NULL;
    }
  if (contact->location != req->location)
    {
      _lia_ghl_error (req->self, req->msg, SOUP_STATUS_FORBIDDEN,
                      "The token does not have access to this location.", NULL);
      return NULL;
    }
  return contact;
}

void
_lia_ghl_touch (LiaGhlRequest *req,
                LiaGhlContact *contact)
{
  lia_ghl_store_touch (contact, req->now_us, _lia_ghl_lag_us (req->self));
  contact->date_updated = MAX (contact->date_added, req->now_us / 1000);
}

const char *
_lia_ghl_query (LiaGhlRequest *req,
                const char    *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

/* GObject overrides */

static void
lia_ghl_emulator_finalize (GObject *object)
{
  LiaGhlEmulator *self = (LiaGhlEmulator *)object;

  g_free (self->client_id);
  g_free (self->client_secret);
  g_free (self->location_id);
  g_free (self->private_token);
  g_ptr_array_unref (self->redirect_uris);
  g_ptr_array_unref (self->seed_people);
  g_clear_pointer (&self->store, lia_ghl_store_free);
  g_clear_pointer (&self->limiter, lia_ghl_rate_limiter_free);
  g_hash_table_unref (self->refresh_tokens);
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->codes);

  G_OBJECT_CLASS (lia_ghl_emulator_parent_class)->finalize (object);
}

static void
lia_ghl_emulator_class_init (LiaGhlEmulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_ghl_emulator_finalize;
}

static void
lia_ghl_emulator_init (LiaGhlEmulator *self)
{
  self->redirect_uris = g_ptr_array_new_with_free_func (g_free);
  self->seed_people = g_ptr_array_new_with_free_func (person_copy_free);
  self->token_lifetime = DEFAULT_TOKEN_LIFETIME;
  self->clock = lia_sandbox_clock_real;
  self->limiter = lia_ghl_rate_limiter_new ();
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)_lia_ghl_token_free);
  self->refresh_tokens = g_hash_table_new (g_str_hash, g_str_equal);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)_lia_ghl_code_free);
}

/* Public API */

LiaGhlEmulator *
lia_ghl_emulator_new (guint64    seed,
                      GPtrArray *people)
{
  LiaGhlEmulator *self = g_object_new (LIA_TYPE_GHL_EMULATOR, NULL);
  LiaSandboxRng rng;
  g_autofree char *pit = NULL;

  self->seed = seed;
  lia_sandbox_rng_init (&rng, seed ^ RNG_SALT_DATA);
  self->client_id = lia_sandbox_rng_id (&rng, 24);
  self->client_secret = lia_sandbox_rng_id (&rng, 36);
  self->location_id = lia_sandbox_rng_id (&rng, 20);
  pit = lia_sandbox_rng_id (&rng, 36);
  self->private_token = g_strconcat ("pit-", pit, NULL);
  self->data_rng = rng;
  g_ptr_array_add (self->redirect_uris, g_strdup ("http://127.0.0.1:8719/oauth/callback"));
  g_ptr_array_add (self->redirect_uris, g_strdup ("http://localhost:8719/oauth/callback"));

  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      const LiaSandboxPerson *person = g_ptr_array_index (people, i);

      if (person->in_crm)
        g_ptr_array_add (self->seed_people, copy_crm_person (person));
    }

  generate (self);
  _lia_ghl_tokens_reset (self);

  return self;
}

void
lia_ghl_emulator_attach (LiaGhlEmulator   *self,
                         LiaSandboxServer *server)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (server));

  lia_sandbox_server_set_handler (server, &ghl_handler, self);
}

JsonNode *
lia_ghl_emulator_dump (LiaGhlEmulator *self)
{
  JsonObject *dump;
  JsonObject *credentials = json_object_new ();
  JsonObject *settings = json_object_new ();
  JsonObject *store_dump;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  JsonNode *node;
  guint max, window_s, daily;
  char number[32];

  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), NULL);

  lia_ghl_store_purge (self->store, _lia_ghl_now_us (self), _lia_ghl_lag_us (self));

  dump = json_object_new ();
  json_object_set_string_member (dump, "service", "highlevel");
  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, self->seed);
  json_object_set_string_member (dump, "seed", number);

  json_object_set_string_member (credentials, "clientId", self->client_id);
  json_object_set_string_member (credentials, "clientSecret", self->client_secret);
  json_object_set_string_member (credentials, "locationId", self->location_id);
  json_object_set_string_member (credentials, "privateToken", self->private_token);
  json_object_set_array_member (credentials, "redirectUris", json_array_new ());
  for (guint i = 0; i < self->redirect_uris->len; i++)
    json_array_add_string_element (json_object_get_array_member (credentials, "redirectUris"),
                                   g_ptr_array_index (self->redirect_uris, i));
  json_object_set_object_member (dump, "credentials", credentials);

  lia_ghl_rate_limiter_get_config (self->limiter, &max, &window_s, &daily);
  json_object_set_int_member (settings, "tokenLifetime", self->token_lifetime);
  json_object_set_int_member (settings, "searchLagMs", self->search_lag_ms);
  json_object_set_boolean_member (settings, "autoApprove", self->auto_approve);
  json_object_set_boolean_member (settings, "allowDuplicates", self->allow_duplicates);
  json_object_set_int_member (settings, "rateLimitMax", max);
  json_object_set_int_member (settings, "rateLimitWindowSeconds", window_s);
  json_object_set_int_member (settings, "dailyLimit", daily);
  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, self->id_rng.state);
  json_object_set_string_member (settings, "idState", number);
  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, self->token_rng.state);
  json_object_set_string_member (settings, "tokenState", number);
  json_object_set_object_member (dump, "settings", settings);

  store_dump = lia_ghl_store_dump (self->store);
  json_object_iter_init (&iter, store_dump);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (dump, name, json_node_ref (value));
  json_object_unref (store_dump);

  json_object_set_array_member (dump, "tokens", _lia_ghl_tokens_dump (self));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, dump);
  return node;
}

gboolean
lia_ghl_emulator_load (LiaGhlEmulator  *self,
                       JsonNode        *dump,
                       GError         **error)
{
  JsonObject *object, *credentials, *settings;
  LiaGhlStore *store;
  JsonNode *node;
  guint64 state;

  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), FALSE);
  g_return_val_if_fail (dump != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (dump) ||
      g_strcmp0 (lia_ghl_json_get_string (json_node_get_object (dump), "service"), "highlevel") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Not a HighLevel emulator state (no \"service\": \"highlevel\")");
      return FALSE;
    }
  object = json_node_get_object (dump);

  store = lia_ghl_store_load (object, error);
  if (store == NULL)
    return FALSE;
  g_clear_pointer (&self->store, lia_ghl_store_free);
  self->store = store;

  node = json_object_get_member (object, "credentials");
  credentials = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (credentials != NULL)
    {
      const char *value;

      if ((value = lia_ghl_json_get_string (credentials, "clientId")) != NULL)
        replace_str (&self->client_id, value);
      if ((value = lia_ghl_json_get_string (credentials, "clientSecret")) != NULL)
        replace_str (&self->client_secret, value);
      if ((value = lia_ghl_json_get_string (credentials, "locationId")) != NULL)
        replace_str (&self->location_id, value);
      if ((value = lia_ghl_json_get_string (credentials, "privateToken")) != NULL)
        replace_str (&self->private_token, value);
      node = json_object_get_member (credentials, "redirectUris");
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *uris = json_node_get_array (node);

          g_ptr_array_set_size (self->redirect_uris, 0);
          for (guint i = 0; i < json_array_get_length (uris); i++)
            if (json_node_get_value_type (json_array_get_element (uris, i)) == G_TYPE_STRING)
              g_ptr_array_add (self->redirect_uris, g_strdup (json_array_get_string_element (uris, i)));
        }
    }

  node = json_object_get_member (object, "settings");
  settings = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (settings != NULL)
    {
      self->token_lifetime = (guint)CLAMP (lia_ghl_json_get_int (settings, "tokenLifetime", DEFAULT_TOKEN_LIFETIME),
                                           1, G_MAXUINT32);
      self->search_lag_ms = (guint)CLAMP (lia_ghl_json_get_int (settings, "searchLagMs", 0), 0, G_MAXUINT32);
      self->auto_approve = lia_ghl_json_get_bool (settings, "autoApprove");
      self->allow_duplicates = lia_ghl_json_get_bool (settings, "allowDuplicates");
      lia_ghl_rate_limiter_configure (self->limiter,
                                      (guint)CLAMP (lia_ghl_json_get_int (settings, "rateLimitMax", 100), 0, G_MAXUINT32),
                                      (guint)CLAMP (lia_ghl_json_get_int (settings, "rateLimitWindowSeconds", 10), 1, 86400),
                                      (guint)CLAMP (lia_ghl_json_get_int (settings, "dailyLimit", 200000), 0, G_MAXUINT32));
      if (g_ascii_string_to_unsigned (lia_ghl_json_get_string (settings, "idState") != NULL ? lia_ghl_json_get_string (settings, "idState") : "", 10, 0, G_MAXUINT64,
                                      &state, NULL))
        self->id_rng.state = state;
      if (g_ascii_string_to_unsigned (lia_ghl_json_get_string (settings, "tokenState") != NULL ? lia_ghl_json_get_string (settings, "tokenState") : "", 10, 0, G_MAXUINT64,
                                      &state, NULL))
        self->token_rng.state = state;
    }

  _lia_ghl_tokens_reset (self);
  node = json_object_get_member (object, "tokens");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    _lia_ghl_tokens_load (self, json_node_get_array (node));

  return TRUE;
}

void
lia_ghl_emulator_reset (LiaGhlEmulator *self)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  generate (self);
  _lia_ghl_tokens_reset (self);
  lia_ghl_rate_limiter_clear (self->limiter);
}

void
lia_ghl_emulator_set_clock (LiaGhlEmulator      *self,
                            LiaSandboxClockFunc  func,
                            gpointer             data)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  self->clock = func != NULL ? func : lia_sandbox_clock_real;
  self->clock_data = func != NULL ? data : NULL;
}

const char *
lia_ghl_emulator_get_client_id (LiaGhlEmulator *self)
{
  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), NULL);

  return self->client_id;
}

const char *
lia_ghl_emulator_get_client_secret (LiaGhlEmulator *self)
{
  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), NULL);

  return self->client_secret;
}

const char *
lia_ghl_emulator_get_location_id (LiaGhlEmulator *self)
{
  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), NULL);

  return self->location_id;
}

const char *
lia_ghl_emulator_get_private_token (LiaGhlEmulator *self)
{
  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), NULL);

  return self->private_token;
}

GPtrArray *
lia_ghl_emulator_get_redirect_uris (LiaGhlEmulator *self)
{
  g_return_val_if_fail (LIA_IS_GHL_EMULATOR (self), NULL);

  return self->redirect_uris;
}

void
lia_ghl_emulator_add_redirect_uri (LiaGhlEmulator *self,
                                   const char     *uri)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));
  g_return_if_fail (uri != NULL);

  for (guint i = 0; i < self->redirect_uris->len; i++)
    if (g_str_equal (g_ptr_array_index (self->redirect_uris, i), uri))
      return;
  g_ptr_array_add (self->redirect_uris, g_strdup (uri));
}

void
lia_ghl_emulator_set_auto_approve (LiaGhlEmulator *self,
                                   gboolean        auto_approve)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  self->auto_approve = !!auto_approve;
}

void
lia_ghl_emulator_set_token_lifetime (LiaGhlEmulator *self,
                                     guint           seconds)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  self->token_lifetime = seconds > 0 ? seconds : DEFAULT_TOKEN_LIFETIME;
}

void
lia_ghl_emulator_set_allow_duplicates (LiaGhlEmulator *self,
                                       gboolean        allow)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  self->allow_duplicates = !!allow;
  for (guint i = 0; i < self->store->locations->len; i++)
    lia_ghl_store_get_location (self->store, i)->allow_duplicates = self->allow_duplicates;
}

void
lia_ghl_emulator_set_search_lag_ms (LiaGhlEmulator *self,
                                    guint           lag_ms)
{
  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  self->search_lag_ms = lag_ms;
}

void
lia_ghl_emulator_set_rate_limit (LiaGhlEmulator *self,
                                 guint           max,
                                 guint           window_seconds)
{
  guint old_max, old_window, daily;

  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  lia_ghl_rate_limiter_get_config (self->limiter, &old_max, &old_window, &daily);
  lia_ghl_rate_limiter_configure (self->limiter, max, window_seconds, daily);
}

void
lia_ghl_emulator_set_daily_limit (LiaGhlEmulator *self,
                                  guint           max)
{
  guint burst, window, old_daily;

  g_return_if_fail (LIA_IS_GHL_EMULATOR (self));

  lia_ghl_rate_limiter_get_config (self->limiter, &burst, &window, &old_daily);
  lia_ghl_rate_limiter_configure (self->limiter, burst, window, max);
}
