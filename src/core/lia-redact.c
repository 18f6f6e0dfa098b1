/* lia-redact.c: keep secrets out of logs, errors and copied commands
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaRedact"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lia-redact.h"

/*
 * Secrets travel in a few known places only: query and form parameters
 * (Mojo's access_key, OAuth codes, states and verifiers), the Authorization
 * header, and JSON members of token responses. Everything that logs or
 * shows a request passes it through here first, so the names below are the
 * whole list of what must never be seen.
 */
static const char * const secret_names[] = {
  "access_key",
  "access_token",
  "apikey",
  "api_key",
  "authorization",
  "client_secret",
  "code",
  "code_challenge",
  "code_verifier",
  "id_token",
  "password",
  "private_token",
  "refresh_token",
  "secret",
  "state",
  "token",
  "x-api-key",
};

/* In JSON bodies "state" is an address field and "code" an error code: only
 * these two names are secret in forms and queries but not in JSON. */
static const char * const json_public_names[] = {
  "code",
  "state",
};

/**
 * lia_redact_is_secret_name:
 *
 * Returns: whether a parameter, header or member called @name carries a
 *   secret (case-insensitive)
 */
gboolean
lia_redact_is_secret_name (const char *name)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (secret_names); i++)
    {
      if (g_ascii_strcasecmp (name, secret_names[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_secret_json_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (json_public_names); i++)
    {
      if (g_ascii_strcasecmp (name, json_public_names[i]) == 0)
        return FALSE;
    }

  return lia_redact_is_secret_name (name);
}

/**
 * lia_redact_form:
 *
 * Returns: (transfer full): a copy of `name=value&…` with the values of
 *   secret names replaced; the names stay readable
 */
char *
lia_redact_form (const char *form)
{
  g_auto(GStrv) pairs = NULL;
  GString *out;

  if (form == NULL)
    return NULL;

  out = g_string_new (NULL);
  pairs = g_strsplit (form, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      g_autofree char *decoded = g_uri_unescape_string (name, NULL);

      if (i > 0)
        g_string_append_c (out, '&');

      if (eq != NULL && lia_redact_is_secret_name (decoded ? decoded : name))
        g_string_append_printf (out, "%s=%s", name, LIA_REDACTED);
      else
        g_string_append (out, pairs[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * lia_redact_uri:
 *
 * Returns: (transfer full): @uri with the credentials of its authority
 *   (`user:password@`) and the values of secret query parameters replaced
 */
char *
lia_redact_uri (const char *uri)
{
  g_autoptr(GString) out = NULL;
  const char *authority;
  const char *authority_end;
  const char *query;
  const char *fragment;
  const char *at = NULL;

  if (uri == NULL)
    return NULL;

  out = g_string_new (NULL);

  /* The authority runs from "//" to the first "/", "?" or "#"; credentials
   * end at its last "@". One pass, no recursion: the replacement itself
   * holds no "@" to find again. */
  authority = strstr (uri, "://");
  authority = authority != NULL ? authority + 3 : uri;
  authority_end = authority + strcspn (authority, "/?#");
  for (const char *p = authority; p < authority_end; p++)
    {
      if (*p == '@')
        at = p;
    }

  if (at != NULL)
    {
      g_string_append_len (out, uri, authority - uri);
      g_string_append (out, LIA_REDACTED);
      g_string_append_len (out, at, authority_end - at);
    }
  else
    {
      g_string_append_len (out, uri, authority_end - uri);
    }

  query = strchr (authority_end, '?');
  fragment = strchr (authority_end, '#');
  if (query != NULL && fragment != NULL && fragment < query)
    query = NULL;

  if (query == NULL)
    {
      g_string_append (out, authority_end);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_string_append_len (out, authority_end, query + 1 - authority_end);
  {
    g_autofree char *params = fragment ? g_strndup (query + 1, fragment - query - 1)
                                       : g_strdup (query + 1);
    g_autofree char *redacted = lia_redact_form (params);

    g_string_append (out, redacted);
  }
  if (fragment != NULL)
    g_string_append (out, fragment);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
redact_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        {
          JsonNode *child = json_object_get_member (object, l->data);

          /* A secret member goes whole, whatever it holds. */
      if (is_secret_json_name (l->data))
            json_object_set_string_member (object, l->data, LIA_REDACTED);
          else
            redact_node (child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        redact_node (json_array_get_element (array, i));
    }
}

/**
 * lia_redact_json:
 *
 * Returns: (transfer full): @json with the values of secret members replaced;
 *   text that is not JSON is not shown at all, only its size
 */
char *
lia_redact_json (const char *json,
                 gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (json == NULL)
    return NULL;

  if (length < 0)
    length = strlen (json);

  if (!json_parser_load_from_data (parser, json, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    return g_strdup_printf ("[%" G_GSSIZE_FORMAT " bytes that are not JSON]", length);

  redact_node (root);
  return json_to_string (root, FALSE);
}

/**
 * lia_redact_header:
 *
 * Returns: (transfer full): the value of header @name as it may be shown
 */
char *
lia_redact_header (const char *name,
                   const char *value)
{
  if (name == NULL)
    return NULL;

  if (g_ascii_strcasecmp (name, "Authorization") == 0 && value != NULL)
    {
      const char *space = strchr (value, ' ');

      /* Keep the scheme ("Bearer"), drop the credentials. */
      if (space != NULL)
        {
          g_autofree char *scheme = g_strndup (value, space - value);
          return g_strdup_printf ("%s %s", scheme, LIA_REDACTED);
        }
      return g_strdup (LIA_REDACTED);
    }

  /* A redirect carries the OAuth code and state in its query. */
  if (g_ascii_strcasecmp (name, "Location") == 0)
    return lia_redact_uri (value);

  if (lia_redact_is_secret_name (name) || g_ascii_strcasecmp (name, "Cookie") == 0 ||
      g_ascii_strcasecmp (name, "Set-Cookie") == 0)
    return g_strdup (LIA_REDACTED);

  return g_strdup (value);
}
