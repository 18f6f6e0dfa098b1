/* lia-mojo-emulator.c: the Mojo Helpdesk v2 API, emulated
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GObject, the access keys, routing and the /_sandbox/ levers. The
 * records live in lia-mojo-store.c, the endpoints in lia-mojo-users.c,
 * lia-mojo-tickets.c and lia-mojo-catalog.c, the search language in
 * lia-mojo-search.c, the demo data in lia-mojo-demo.c and the dump in
 * lia-mojo-dump.c. docs/sandbox-contract.md says how it plugs in.
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-emulator.h"
#include "lia-mojo-private.h"
#include "lia-sandbox-seed.h"

#define API_PREFIX   "/api/v2/"
#define ADMIN_PREFIX "/_sandbox/"

#define MESSAGE_UNAUTHORIZED "You are not authorized for that action."
#define MESSAGE_READ_ONLY    "This API key is read-only and cannot perform write operations."

typedef enum
{
  KEY_READWRITE,
  KEY_READONLY,
  N_KEYS,
} KeyKind;

static const char * const key_names[N_KEYS] = { "readwrite", "readonly" };

typedef struct
{
  char    *value;
  guint    rotations;
  gint64   expires_at;   /* µs; 0: never */
} MojoKey;

struct _LiaMojoEmulator
{
  GObject    parent_instance;

  MojoStore *store;
  guint64    key_seed;    /* the seed the keys derive from (a loaded state's) */
  MojoKey    keys[N_KEYS];
};

G_DEFINE_FINAL_TYPE (LiaMojoEmulator, lia_mojo_emulator, G_TYPE_OBJECT)

/* The API's routes, literal segments before parameters. */
static const struct
{
  const char *method;
  const char *pattern;
} routes[] = {
  { "GET", "users" },
  { "POST", "users" },
  { "GET", "users/techs" },
  { "GET", "users/get_by_email" },
  { "GET", "users/{id}" },
  { "PUT", "users/{id}" },
  { "PATCH", "users/{id}" },
  { "DELETE", "users/{id}" },
  { "GET", "groups" },
  { "POST", "groups" },
  { "GET", "groups/{id}" },
  { "PUT", "groups/{id}" },
  { "PATCH", "groups/{id}" },
  { "DELETE", "groups/{id}" },
  { "GET", "tickets" },
  { "POST", "tickets" },
  { "GET", "tickets/search" },
  { "GET", "tickets/{id}" },
  { "PUT", "tickets/{id}" },
  { "PATCH", "tickets/{id}" },
  { "DELETE", "tickets/{id}" },
  { "GET", "tickets/{ticket_id}/events" },
  { "POST", "tickets/{id}/add_tag" },
  { "POST", "tickets/{id}/remove_tag" },
  { "GET", "tickets/{ticket_id}/comments" },
  { "POST", "tickets/{ticket_id}/comments" },
  { "GET", "tickets/{ticket_id}/staff_notes" },
  { "POST", "tickets/{ticket_id}/staff_notes" },
  { "GET", "tickets/{ticket_id}/tasks" },
  { "POST", "tickets/{ticket_id}/tasks" },
  { "POST", "tickets/{ticket_id}/tasks/reorder" },
  { "POST", "tickets/{ticket_id}/tasks/delete_completed" },
  { "PUT", "tickets/{ticket_id}/tasks/{id}" },
  { "PATCH", "tickets/{ticket_id}/tasks/{id}" },
  { "DELETE", "tickets/{ticket_id}/tasks/{id}" },
  { "GET", "ticket_queues" },
  { "POST", "ticket_queues" },
  { "GET", "ticket_queues/{id}" },
  { "PUT", "ticket_queues/{id}" },
  { "PATCH", "ticket_queues/{id}" },
  { "DELETE", "ticket_queues/{id}" },
  { "GET", "ticket_types" },
  { "POST", "ticket_types" },
  { "GET", "ticket_types/{id}" },
  { "PUT", "ticket_types/{id}" },
  { "PATCH", "ticket_types/{id}" },
  { "DELETE", "ticket_types/{id}" },
  { "GET", "tags" },
  { "POST", "tags" },
  { "GET", "tags/{id}" },
  { "PUT", "tags/{id}" },
  { "PATCH", "tags/{id}" },
  { "DELETE", "tags/{id}" },
  { "POST", "tags/{id}/merge" },
  { "GET", "events" },
  { "GET", "events/{id}" },
};

/* Keys */

static char *
derive_key (guint64 seed,
            KeyKind kind,
            guint   rotations)
{
  LiaSandboxRng rng;
  g_autofree char *first = NULL;

  if (rotations == 0)
    {
      /* The original pair, drawn in this order from the seed. */
      lia_sandbox_rng_init (&rng, seed ^ G_GUINT64_CONSTANT (0x6d6f6a6f));
      first = lia_sandbox_rng_id (&rng, 40);
      if (kind == KEY_READWRITE)
        return g_steal_pointer (&first);
      return lia_sandbox_rng_id (&rng, 40);
    }

  lia_sandbox_rng_init (&rng, seed ^ G_GUINT64_CONSTANT (0x6d6f6a6f726f7461) ^
                              ((guint64) kind << 56) ^ ((guint64) rotations * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)));
  return lia_sandbox_rng_id (&rng, 40);
}

static void
set_key (LiaMojoEmulator *self,
         KeyKind          kind,
         guint            rotations,
         gint64           expires_at)
{
  MojoKey *key = &self->keys[kind];

  g_free (key->value);
  key->value = derive_key (self->key_seed, kind, rotations);
  key->rotations = rotations;
  key->expires_at = expires_at;
}

static void
reset_keys (LiaMojoEmulator *self)
{
  self->key_seed = self->store->seed;
  for (guint i = 0; i < N_KEYS; i++)
    set_key (self, i, 0, 0);
}

static JsonNode *
keys_to_json (LiaMojoEmulator *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Rotation counts, not the values: keys never reach a file. */
  json_builder_begin_object (builder);
  /* As a string: a 64-bit seed does not fit JSON's safe integers. */
  json_builder_set_member_name (builder, "seed");
  {
    g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, self->key_seed);

    json_builder_add_string_value (builder, seed);
  }
  for (guint i = 0; i < N_KEYS; i++)
    {
      json_builder_set_member_name (builder, key_names[i]);
      json_builder_begin_object (builder);
      mojo_add_int (builder, "rotations", self->keys[i].rotations);
      json_builder_set_member_name (builder, "expires_at");
      if (self->keys[i].expires_at != 0)
        {
          g_autofree char *text = mojo_format_time_exact (self->keys[i].expires_at);

          json_builder_add_string_value (builder, text);
        }
      else
        {
          json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
keys_from_json (LiaMojoEmulator  *self,
                JsonNode         *node,
                GError          **error)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      reset_keys (self);
      return TRUE;
    }

  object = json_node_get_object (node);
  self->key_seed = g_ascii_strtoull (json_object_get_string_member_with_default (object, "seed", "0"), NULL, 10);
  if (!json_object_has_member (object, "seed"))
    self->key_seed = self->store->seed;
  for (guint i = 0; i < N_KEYS; i++)
    {
      JsonObject *key = json_object_has_member (object, key_names[i])
                        ? json_object_get_object_member (object, key_names[i]) : NULL;
      const char *expires = NULL;
      gint64 expires_at = 0;

      if (key == NULL)
        {
          set_key (self, i, 0, 0);
          continue;
        }
      expires = json_object_get_string_member_with_default (key, "expires_at", NULL);
      if (expires != NULL && !mojo_parse_time (expires, &expires_at))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mojo state: a key's expiry is not a time");
          return FALSE;
        }
      set_key (self, i, json_object_get_int_member_with_default (key, "rotations", 0), expires_at);
    }

  return TRUE;
}

static gboolean
key_is_live (const MojoKey *key,
             gint64         now)
{
  return key->expires_at == 0 || now < key->expires_at;
}

/* Routing */

const char *
mojo_match_route (const char  *method,
                  char       **parts,
                  guint        n_parts)
{
  if (g_str_equal (method, "HEAD"))
    method = "GET";

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *p = routes[i].pattern;
      guint segment = 0;
      gboolean ok = g_str_equal (routes[i].method, method);

      while (ok && *p != '\0')
        {
          const char *slash = strchr (p, '/');
          gsize len = slash != NULL ? (gsize) (slash - p) : strlen (p);

          if (segment >= n_parts)
            ok = FALSE;
          else if (p[0] != '{' && (strlen (parts[segment]) != len || strncmp (parts[segment], p, len) != 0))
            ok = FALSE;

          segment++;
          p += len;
          if (*p == '/')
            p++;
        }

      if (ok && segment == n_parts)
        return routes[i].pattern;
    }

  return NULL;
}

gboolean
mojo_route_is (MojoRequest *req,
               const char  *method,
               const char  *route)
{
  const char *request_method = g_str_equal (req->method, "HEAD") ? "GET" : req->method;

  return g_str_equal (request_method, method) && g_str_equal (req->route, route);
}

/* The path's segments after /api/v2/, without empty ones and without a
 * trailing ".json" (Rails' format suffix). */
static char **
split_api_path (const char *path,
                guint      *n_parts)
{
  g_auto(GStrv) raw = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  GPtrArray *parts = g_ptr_array_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    {
      if (raw[i][0] != '\0')
        g_ptr_array_add (parts, g_uri_unescape_string (raw[i], NULL));
    }
  for (guint i = 0; i < parts->len; i++)
    {
      if (parts->pdata[i] == NULL)
        parts->pdata[i] = g_strdup ("");
    }
  if (parts->len > 0 && g_str_has_suffix (parts->pdata[parts->len - 1], ".json"))
    {
      char *last = parts->pdata[parts->len - 1];

      last[strlen (last) - 5] = '\0';
    }

  *n_parts = parts->len;
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (parts, FALSE);
}

static GHashTable *
decode_query (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (query == NULL)
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return soup_form_decode (query);
}

static char *
route_template (const char  *method,
                const char  *pattern)
{
  return g_strdup_printf ("%s " API_PREFIX "%s", method, pattern);
}

/* Admin levers */

static void
respond_admin_error (SoupServerMessage *msg,
                     const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  mojo_add_string (builder, "error", message);
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST, json_builder_get_root (builder));
}

/* The admin body as an object; an empty body is an empty object. */
static JsonObject *
read_admin_body (SoupServerMessage  *msg,
                 JsonNode          **root)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length == 0)
    {
      *root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (*root, json_object_new ());
    }
  else
    *root = lia_sandbox_server_read_json (msg, NULL);

  if (*root == NULL || !JSON_NODE_HOLDS_OBJECT (*root))
    {
      g_clear_pointer (root, json_node_unref);
      respond_admin_error (msg, "The body must be a JSON object");
      return NULL;
    }

  return json_node_get_object (*root);
}

static gboolean
parse_which (JsonObject *body,
             KeyKind    *kind)
{
  const char *which = json_object_get_string_member_with_default (body, "which", "readwrite");

  for (guint i = 0; i < N_KEYS; i++)
    {
      if (g_str_equal (which, key_names[i]))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
expire_key (LiaMojoEmulator   *self,
            SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires_text = NULL;
  JsonObject *body = read_admin_body (msg, &root);
  KeyKind kind = KEY_READWRITE;
  const char *value, *at;
  gint64 expires_at = mojo_store_now (self->store);

  if (body == NULL)
    return;

  value = json_object_get_string_member_with_default (body, "key", NULL);
  if (value != NULL)
    {
      if (g_strcmp0 (value, self->keys[KEY_READWRITE].value) == 0)
        kind = KEY_READWRITE;
      else if (g_strcmp0 (value, self->keys[KEY_READONLY].value) == 0)
        kind = KEY_READONLY;
      else
        {
          respond_admin_error (msg, "No such key");
          return;
        }
    }
  else if (!parse_which (body, &kind))
    {
      respond_admin_error (msg, "“which” must be “readwrite” or “readonly”");
      return;
    }

  /* An expiry date to come, or now. */
  at = json_object_get_string_member_with_default (body, "expires_at", NULL);
  if (at != NULL && !mojo_parse_time (at, &expires_at))
    {
      respond_admin_error (msg, "“expires_at” is not a time");
      return;
    }
  self->keys[kind].expires_at = expires_at;

  expires_text = mojo_format_time (expires_at, FALSE);
  json_builder_begin_object (builder);
  mojo_add_string (builder, "which", key_names[kind]);
  mojo_add_string (builder, "expires_at", expires_text);
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
rotate_key (LiaMojoEmulator   *self,
            SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *body = read_admin_body (msg, &root);
  KeyKind kind;

  if (body == NULL)
    return;
  if (!parse_which (body, &kind))
    {
      respond_admin_error (msg, "“which” must be “readwrite” or “readonly”");
      return;
    }

  set_key (self, kind, self->keys[kind].rotations + 1, 0);

  json_builder_begin_object (builder);
  mojo_add_string (builder, "access_key", self->keys[kind].value);
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
handle_admin (LiaMojoEmulator   *self,
              SoupServerMessage *msg,
              const char        *method,
              const char        *name)
{
  if (g_str_equal (name, "dump") && g_str_equal (method, "GET"))
    {
      lia_sandbox_server_set_route (msg, "GET " ADMIN_PREFIX "dump");
      lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK, lia_mojo_emulator_dump (self));
    }
  else if (g_str_equal (name, "reset") && g_str_equal (method, "POST"))
    {
      lia_sandbox_server_set_route (msg, "POST " ADMIN_PREFIX "reset");
      lia_mojo_emulator_reset (self);
      lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK,
                                       json_from_string ("{\"reset\": true}", NULL));
    }
  else if (g_str_equal (name, "expire-key") && g_str_equal (method, "POST"))
    {
      lia_sandbox_server_set_route (msg, "POST " ADMIN_PREFIX "expire-key");
      expire_key (self, msg);
    }
  else if (g_str_equal (name, "rotate-key") && g_str_equal (method, "POST"))
    {
      lia_sandbox_server_set_route (msg, "POST " ADMIN_PREFIX "rotate-key");
      rotate_key (self, msg);
    }
  else
    {
      respond_admin_error (msg, "No such lever");
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

/* The API */

static gboolean
authorize (LiaMojoEmulator *self,
           MojoRequest     *req)
{
  const char *key = mojo_query (req, "access_key");
  const char *method = req->method;
  gboolean write = !g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") &&
                   !g_str_equal (method, "OPTIONS");

  if (key != NULL && g_str_equal (key, self->keys[KEY_READWRITE].value) &&
      key_is_live (&self->keys[KEY_READWRITE], req->now))
    return TRUE;

  if (key != NULL && g_str_equal (key, self->keys[KEY_READONLY].value) &&
      key_is_live (&self->keys[KEY_READONLY], req->now))
    {
      if (!write)
        return TRUE;
      mojo_respond_message (req, SOUP_STATUS_UNAUTHORIZED, MESSAGE_READ_ONLY, TRUE);
      return FALSE;
    }

  /* Missing, wrong, rotated away or expired: all the same answer. */
  mojo_respond_message (req, SOUP_STATUS_UNAUTHORIZED, MESSAGE_UNAUTHORIZED, TRUE);
  return FALSE;
}

static void
respond_not_found (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  mojo_add_string (builder, "message", "Not Found");
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, json_builder_get_root (builder));
}

static void
mojo_handle (gpointer           emulator,
             LiaSandboxServer  *server,
             SoupServerMessage *msg,
             const char        *path)
{
  LiaMojoEmulator *self = emulator;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) query = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *template = NULL;
  MojoRequest req = { 0, };
  const char *route;
  guint n_parts = 0;
  gboolean handled = FALSE;

  /* HEAD is served as GET everywhere (a read-only key may use it);
   * libsoup drops the body of the answer itself. */
  if (g_str_equal (method, "HEAD"))
    method = "GET";

  if (g_str_has_prefix (path, ADMIN_PREFIX))
    {
      handle_admin (self, msg, method, path + strlen (ADMIN_PREFIX));
      return;
    }

  if (!g_str_has_prefix (path, API_PREFIX))
    {
      respond_not_found (msg);
      return;
    }

  parts = split_api_path (path, &n_parts);
  route = mojo_match_route (method, parts, n_parts);
  if (route == NULL)
    {
      /* No such route (such as GET of a single task): the router answers, before any key check. */
      respond_not_found (msg);
      return;
    }

  template = route_template (g_str_equal (method, "HEAD") ? "GET" : method, route);
  lia_sandbox_server_set_route (msg, template);

  query = decode_query (msg);
  req.store = self->store;
  req.msg = msg;
  req.method = method;
  req.route = route;
  req.query = query;
  req.parts = parts;
  req.n_parts = n_parts;
  req.now = mojo_store_now (self->store);

  if (!authorize (self, &req))
    return;

  if (g_str_equal (parts[0], "users"))
    handled = mojo_handle_users (&req);
  else if (g_str_equal (parts[0], "groups"))
    handled = mojo_handle_groups (&req);
  else if (g_str_equal (parts[0], "tickets"))
    handled = mojo_handle_tickets (&req);
  else
    handled = mojo_handle_catalog (&req);

  if (!handled)
    respond_not_found (msg);
}

static char *
mojo_route (gpointer    emulator,
            const char *method,
            const char *path)
{
  g_auto(GStrv) parts = NULL;
  const char *route;
  guint n_parts = 0;

  if (!g_str_has_prefix (path, API_PREFIX))
    return NULL;

  parts = split_api_path (path, &n_parts);
  route = mojo_match_route (method, parts, n_parts);
  if (route == NULL)
    return NULL;

  return route_template (g_str_equal (method, "HEAD") ? "GET" : method, route);
}

static gboolean
mojo_apply_knobs (gpointer     emulator,
                  JsonObject  *knobs,
                  GError     **error)
{
  LiaMojoEmulator *self = emulator;
  JsonNode *node = json_object_get_member (knobs, "index_lag_ms");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  /* Anything else (HighLevel's knobs, a typo) is refused, changing nothing. */
  json_object_iter_init (&iter, knobs);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!g_str_equal (name, "index_lag_ms"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unknown knob “%s” (the Mojo Helpdesk emulator has index_lag_ms)", name);
          return FALSE;
        }
    }

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "index_lag_ms must be a whole number of milliseconds, 0 or more");
      return FALSE;
    }

  lia_mojo_emulator_set_index_lag_ms (self, (guint) json_node_get_int (node));
  return TRUE;
}

static const LiaSandboxServerHandler mojo_handler = {
  .handle = mojo_handle,
  .route = mojo_route,
  .apply_knobs = mojo_apply_knobs,
};

/* GObject */

static void
lia_mojo_emulator_finalize (GObject *object)
{
  LiaMojoEmulator *self = (LiaMojoEmulator *)object;

  for (guint i = 0; i < N_KEYS; i++)
    g_free (self->keys[i].value);
  g_clear_pointer (&self->store, mojo_store_free);

  G_OBJECT_CLASS (lia_mojo_emulator_parent_class)->finalize (object);
}

static void
lia_mojo_emulator_class_init (LiaMojoEmulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_mojo_emulator_finalize;
}

static void
lia_mojo_emulator_init (LiaMojoEmulator *self)
{
}

/* Public API */

LiaMojoEmulator *
lia_mojo_emulator_new (guint64    seed,
                       GPtrArray *people)
{
  LiaMojoEmulator *self = g_object_new (LIA_TYPE_MOJO_EMULATOR, NULL);

  self->store = mojo_store_new (seed);
  self->store->people = mojo_demo_pack_people (people);
  reset_keys (self);
  mojo_demo_populate (self->store);

  return self;
}

void
lia_mojo_emulator_attach (LiaMojoEmulator  *self,
                          LiaSandboxServer *server)
{
  g_return_if_fail (LIA_IS_MOJO_EMULATOR (self));
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (server));

  lia_sandbox_server_set_handler (server, &mojo_handler, self);
}

JsonNode *
lia_mojo_emulator_dump (LiaMojoEmulator *self)
{
  g_return_val_if_fail (LIA_IS_MOJO_EMULATOR (self), NULL);

  return mojo_store_dump (self->store, keys_to_json (self));
}

gboolean
lia_mojo_emulator_load (LiaMojoEmulator  *self,
                        JsonNode         *dump,
                        GError          **error)
{
  JsonObject *root;

  g_return_val_if_fail (LIA_IS_MOJO_EMULATOR (self), FALSE);
  g_return_val_if_fail (dump != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (dump))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mojo state: not a JSON object");
      return FALSE;
    }
  root = json_node_get_object (dump);
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "service", "mojo"), "mojo") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mojo state: not a Mojo dump");
      return FALSE;
    }

  if (!mojo_store_load (self->store, root, error) ||
      !keys_from_json (self, json_object_get_member (root, "keys"), error))
    {
      /* Never half a state: back to the seed's. */
      lia_mojo_emulator_reset (self);
      return FALSE;
    }

  return TRUE;
}

void
lia_mojo_emulator_reset (LiaMojoEmulator *self)
{
  g_return_if_fail (LIA_IS_MOJO_EMULATOR (self));

  mojo_store_clear (self->store);
  mojo_demo_populate (self->store);
  reset_keys (self);
}

void
lia_mojo_emulator_set_clock (LiaMojoEmulator     *self,
                             LiaSandboxClockFunc  func,
                             gpointer             data)
{
  g_return_if_fail (LIA_IS_MOJO_EMULATOR (self));

  self->store->clock = func != NULL ? func : lia_sandbox_clock_real;
  self->store->clock_data = func != NULL ? data : NULL;
}

const char *
lia_mojo_emulator_get_access_key (LiaMojoEmulator *self)
{
  g_return_val_if_fail (LIA_IS_MOJO_EMULATOR (self), NULL);

  return self->keys[KEY_READWRITE].value;
}

const char *
lia_mojo_emulator_get_readonly_key (LiaMojoEmulator *self)
{
  g_return_val_if_fail (LIA_IS_MOJO_EMULATOR (self), NULL);

  return self->keys[KEY_READONLY].value;
}

void
lia_mojo_emulator_set_index_lag_ms (LiaMojoEmulator *self,
                                    guint            lag_ms)
{
  g_return_if_fail (LIA_IS_MOJO_EMULATOR (self));

  self->store->lag_us = (gint64) lag_ms * 1000;
}
