/* lia-sandbox-server.c: what the two emulators' servers share
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSandboxServer"

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lia-redact.h"
#include "lia-sandbox-seed.h"
#include "lia-sandbox-server.h"

struct _LiaSandboxServer
{
  GObject                        parent_instance;

  char                          *service_name;
  SoupServer                    *soup;
  char                          *url;
  guint                          port;

  const LiaSandboxServerHandler *handler;
  gpointer                       emulator;

  LiaSandboxRng                  rng;
  guint                          latency_ms;
  guint                          jitter_ms;
  guint                          fault_percent;
  LiaSandboxFaults               faults;

  /* route template → (status as string → count) */
  GHashTable                    *stats;
  guint64                        http_429;
  guint64                        changes;

  /* Messages a "stall" fault holds: never answered. */
  GPtrArray                     *stalled;

  /* Every client connection (GSocket → Client) and the sweep that closes
   * the ones their client closed while idle: libsoup 3.2 forgets those
   * (fixed in 3.3 by commit d20c6601), and each keeps a descriptor. */
  GHashTable                    *clients;
  GSource                       *sweep_source;
  guint                          in_flight;

  /* LIA_SANDBOX_RECORD_DIR: every answer the emulator gives, one JSON line
   * each, so that the tests can check every body they saw. */
  FILE                          *record;
};

G_DEFINE_FINAL_TYPE (LiaSandboxServer, lia_sandbox_server, G_TYPE_OBJECT)

#define ROUTE_KEY "lia-route"
#define COUNTED_KEY "lia-counted"
#define ADMIN_PREFIX "/_sandbox/"

static const struct {
  const char       *name;
  LiaSandboxFaults  fault;
  guint             status;
} fault_names[] = {
  { "429", LIA_SANDBOX_FAULT_429, 429 },
  { "500", LIA_SANDBOX_FAULT_500, 500 },
  { "502", LIA_SANDBOX_FAULT_502, 502 },
  { "503", LIA_SANDBOX_FAULT_503, 503 },
  { "reset", LIA_SANDBOX_FAULT_RESET, 0 },
  { "truncate", LIA_SANDBOX_FAULT_TRUNCATE, 0 },
  { "stall", LIA_SANDBOX_FAULT_STALL, 0 },
};

/* Auxiliary functions */

#define MAX_JSON_DEPTH 64
/* Bigger request bodies get 413, as a real API's front does. */
#define MAX_BODY_BYTES (4 * 1024 * 1024)
#define LISTEN_BACKLOG 256
#define SWEEP_INTERVAL_MS 1000

/* Whether JSON text opens more than @max arrays or objects inside each other
 * (brackets inside strings do not count). */
static gboolean
nesting_exceeds (const char *data,
                 gsize       length,
                 guint       max)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return FALSE;
}

/* libsoup 3.2 knows no phrase for 429 ("Unknown Error"). */
static const char *
status_phrase (guint status)
{
  if (status == 429)
    return "Too Many Requests";

  return soup_status_get_phrase (status);
}

typedef struct
{
  GSocket *socket;
  guint    in_flight;
} Client;

static void
client_free (gpointer data)
{
  Client *client = data;

  g_object_unref (client->socket);
  g_free (client);
}

/* TRUE when the peer has closed its side (or reset it): a peek reads 0 bytes. */
static gboolean
peer_has_closed (GSocket *socket)
{
  GInputVector vector;
  char byte;
  gssize n;
  int flags = G_SOCKET_MSG_PEEK;

  if (!(g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR)))
    return FALSE;

  vector.buffer = &byte;
  vector.size = 1;
  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL);

  return n <= 0;
}

static gboolean
sweep_clients_cb (gpointer data)
{
  LiaSandboxServer *self = data;
  GHashTableIter iter;
  Client *client;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&client))
    {
      if (g_socket_is_closed (client->socket))
        {
          g_hash_table_iter_remove (&iter);
        }
      else if (client->in_flight == 0 && peer_has_closed (client->socket))
        {
          /* libsoup's own read then fails and lets the connection go. */
          g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
          g_socket_close (client->socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  return G_SOURCE_CONTINUE;
}

static void
request_done (LiaSandboxServer  *self,
              SoupServerMessage *msg)
{
  Client *client;

  if (g_object_get_data (G_OBJECT (msg), "lia-done") != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "lia-done", GINT_TO_POINTER (TRUE));

  if (self->in_flight > 0)
    self->in_flight--;

  client = g_hash_table_lookup (self->clients, soup_server_message_get_socket (msg));
  if (client != NULL && client->in_flight > 0)
    client->in_flight--;
}

static gboolean
is_admin_path (const char *path)
{
  return g_str_has_prefix (path, ADMIN_PREFIX);
}

static void
count_request (LiaSandboxServer *self,
               const char       *route,
               guint             status)
{
  GHashTable *by_status;
  char status_key[16];
  gpointer old;

  by_status = g_hash_table_lookup (self->stats, route);
  if (by_status == NULL)
    {
      by_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->stats, g_strdup (route), by_status);
    }

  g_snprintf (status_key, sizeof status_key, "%u", status);
  old = g_hash_table_lookup (by_status, status_key);
  g_hash_table_replace (by_status, g_strdup (status_key), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));

  if (status == 429)
    self->http_429++;
}

static LiaSandboxFaults
pick_fault (LiaSandboxServer *self)
{
  LiaSandboxFaults enabled[G_N_ELEMENTS (fault_names)];
  guint n = 0;

  if (self->fault_percent == 0 || self->faults == 0)
    return 0;

  if (!lia_sandbox_rng_chance (&self->rng, self->fault_percent))
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (self->faults & fault_names[i].fault)
      enabled[n++] = fault_names[i].fault;

  return enabled[lia_sandbox_rng_below (&self->rng, n)];
}

static guint
fault_status (LiaSandboxFaults fault)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (fault_names[i].fault == fault)
      return fault_names[i].status;
  return 0;
}

/* An error body in the service's own shape. */
static JsonNode *
error_body (LiaSandboxServer *self,
            guint             status,
            const char       *message,
            const char       *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (g_str_equal (self->service_name, "mojo"))
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, message);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "statusCode");
      json_builder_add_int_value (builder, status);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      if (error != NULL)
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error);
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
answer_fault_status (LiaSandboxServer  *self,
                     SoupServerMessage *msg,
                     const char        *method,
                     const char        *path,
                     guint              status)
{
  g_autofree char *route = NULL;

  if (self->handler != NULL && self->handler->route != NULL)
    route = self->handler->route (self->emulator, method, path);
  if (route != NULL)
    lia_sandbox_server_set_route (msg, route);

  if (status == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");

  lia_sandbox_server_respond_json (msg, status, error_body (self, status, status_phrase (status), NULL));
}

static void
answer_too_large (LiaSandboxServer  *self,
                  SoupServerMessage *msg)
{
  g_autofree char *message = g_strdup_printf ("The request body is larger than %d bytes", MAX_BODY_BYTES);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                   error_body (self, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message,
                                               "Payload Too Large"));
}

/* Drops the connection after the emulator answered: the client sees no
 * response (reset), or the headers and half of the body (truncate). */
static void
break_connection (SoupServerMessage *msg,
                  gboolean           truncate)
{
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GString) head = NULL;
  SoupMessageBody *response_body;
  gsize length = 0;
  const char *data = NULL;

  if (truncate)
    {
      response_body = soup_server_message_get_response_body (msg);
      body = soup_message_body_flatten (response_body);
      data = g_bytes_get_data (body, &length);
      head = g_string_new (NULL);
      g_string_append_printf (head, "HTTP/1.1 %u %s\r\n"
                                    "Content-Type: application/json\r\n"
                                    "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                    "\r\n",
                              soup_server_message_get_status (msg),
                              status_phrase (soup_server_message_get_status (msg)),
                              length + 1);
    }

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  if (truncate)
    {
      GOutputStream *out = g_io_stream_get_output_stream (stream);

      /* Loopback and a few kilobytes: these writes do not wait. */
      g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL);
      if (length > 0)
        g_output_stream_write_all (out, data, length / 2, NULL, NULL, NULL);
      g_output_stream_flush (out, NULL, NULL);
    }

  g_io_stream_close (stream, NULL, NULL);
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
delay_answer (SoupServerMessage *msg,
              guint              delay_ms)
{
  g_autoptr(GSource) source = g_timeout_source_new (delay_ms);

  soup_server_message_pause (msg);
  g_source_set_callback (source, unpause_cb, g_object_ref (msg), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static void
answer_stats (LiaSandboxServer  *self,
              SoupServerMessage *msg)
{
  lia_sandbox_server_set_route (msg, "GET /_sandbox/stats");
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK, lia_sandbox_server_get_stats (self));
}

static void
answer_bad_request (SoupServerMessage *msg,
                    const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST, json_builder_get_root (builder));
}

static gboolean
read_uint_member (JsonObject  *object,
                  const char  *name,
                  guint        max,
                  guint       *value,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 v;

  if (json_node_get_value_type (node) != G_TYPE_INT64 ||
      (v = json_node_get_int (node)) < 0 || v > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” must be a whole number from 0 to %u", name, max);
      return FALSE;
    }

  *value = (guint)v;
  return TRUE;
}

static void
answer_faults (LiaSandboxServer  *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) knobs = NULL;
  g_autoptr(GError) error = NULL;
  guint latency = self->latency_ms;
  guint jitter = self->jitter_ms;
  guint percent = self->fault_percent;
  LiaSandboxFaults faults = self->faults;

  lia_sandbox_server_set_route (msg, "POST /_sandbox/faults");

  node = lia_sandbox_server_read_json (msg, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      answer_bad_request (msg, "The body must be a JSON object of knobs");
      return;
    }

  /* A copy, so that the generic knobs can be taken out of it. */
  knobs = json_object_new ();
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;

    json_object_iter_init (&iter, json_node_get_object (node));
    while (json_object_iter_next (&iter, &name, &value))
      json_object_set_member (knobs, name, json_node_copy (value));
  }

  if ((json_object_has_member (knobs, "latency_ms") &&
       !read_uint_member (knobs, "latency_ms", 600000, &latency, &error)) ||
      (json_object_has_member (knobs, "jitter_ms") &&
       !read_uint_member (knobs, "jitter_ms", 600000, &jitter, &error)) ||
      (json_object_has_member (knobs, "fault_rate") &&
       !read_uint_member (knobs, "fault_rate", 100, &percent, &error)))
    {
      answer_bad_request (msg, error->message);
      return;
    }

  if (json_object_has_member (knobs, "faults"))
    {
      JsonNode *value = json_object_get_member (knobs, "faults");

      if (json_node_get_value_type (value) != G_TYPE_STRING ||
          !lia_sandbox_faults_parse (json_node_get_string (value), &faults, &error))
        {
          answer_bad_request (msg, error != NULL ? error->message
                                                 : "“faults” must be a string such as \"429,500,reset\"");
          return;
        }
    }

  json_object_remove_member (knobs, "latency_ms");
  json_object_remove_member (knobs, "jitter_ms");
  json_object_remove_member (knobs, "fault_rate");
  json_object_remove_member (knobs, "faults");

  if (json_object_get_size (knobs) > 0)
    {
      if (self->handler == NULL || self->handler->apply_knobs == NULL)
        {
          answer_bad_request (msg, "Unknown knob");
          return;
        }
      if (!self->handler->apply_knobs (self->emulator, knobs, &error))
        {
          answer_bad_request (msg, error->message);
          return;
        }
    }

  lia_sandbox_server_set_latency (self, latency, jitter);
  lia_sandbox_server_set_faults (self, percent, faults);
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_OK,
                                   json_from_string ("{}", NULL));
}

static void
open_record (LiaSandboxServer *self)
{
  static gint counter;
  const char *folder = g_getenv ("LIA_SANDBOX_RECORD_DIR");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL || *folder == '\0')
    return;

  g_mkdir_with_parents (folder, 0700);
  name = g_strdup_printf ("%s-%d-%d.jsonl", self->service_name, (int)getpid (),
                          g_atomic_int_add (&counter, 1));
  path = g_build_filename (folder, name, NULL);
  self->record = fopen (path, "a");
  if (self->record == NULL)
    g_warning ("Cannot record answers in %s: %s", path, g_strerror (errno));
}

static void
record_answer (LiaSandboxServer  *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  const char *route = g_object_get_data (G_OBJECT (msg), ROUTE_KEY);
  const char *content_type;
  gsize length;
  const char *data;

  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  data = g_bytes_get_data (body, &length);
  content_type = soup_message_headers_get_content_type (soup_server_message_get_response_headers (msg), NULL);
  /* Even the sandbox's own tokens stay out of files: the schemas only need
   * to see that they are strings. */
  if (g_strcmp0 (content_type, "application/json") == 0 && length > 0)
    text = lia_redact_json (data, length);
  else
    text = g_utf8_make_valid (data != NULL ? data : "", length);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, self->service_name);
  json_builder_set_member_name (builder, "route");
  if (route != NULL)
    json_builder_add_string_value (builder, route);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, soup_server_message_get_status (msg));
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, content_type != NULL ? content_type : "");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  fprintf (self->record, "%s\n", line);
  fflush (self->record);
}

static gboolean
trim_memory_cb (gpointer data)
{
  malloc_trim (0);

  return G_SOURCE_REMOVE;
}

/* Signal callbacks */

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    LiaSandboxServer  *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Client *client;

  self->in_flight++;
  if (socket == NULL)
    return;

  client = g_hash_table_lookup (self->clients, socket);
  if (client == NULL)
    {
      client = g_new0 (Client, 1);
      client->socket = g_object_ref (socket);
      g_hash_table_insert (self->clients, socket, client);

      /* Many short connections in a burst: do not wait for the timer. */
      if (g_hash_table_size (self->clients) % 8 == 0)
        sweep_clients_cb (self);
    }
  client->in_flight++;
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    LiaSandboxServer  *self)
{
  const char *route = g_object_get_data (G_OBJECT (msg), ROUTE_KEY);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  gboolean counted = g_object_get_data (G_OBJECT (msg), COUNTED_KEY) != NULL;

  request_done (self, msg);

  /* libsoup ends some answered requests (a 500 that closes the connection,
   * a client gone mid-answer) with request-aborted instead of
   * request-finished: count those that reached the emulator or a fault. */
  if (counted || is_admin_path (path) || soup_server_message_get_status (msg) == 0)
    return;
  if (route == NULL && g_object_get_data (G_OBJECT (msg), "lia-answered") == NULL)
    return;

  count_request (self, route != NULL ? route : "(unrouted)", soup_server_message_get_status (msg));
  g_object_set_data (G_OBJECT (msg), COUNTED_KEY, GINT_TO_POINTER (TRUE));
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     LiaSandboxServer  *self)
{
  const char *route = g_object_get_data (G_OBJECT (msg), ROUTE_KEY);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *unmatched = NULL;
  guint status = soup_server_message_get_status (msg);

  request_done (self, msg);

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), "HEAD") != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), "OPTIONS") != 0)
    self->changes++;

  if (is_admin_path (path))
    {
      /* A dump of a big sandbox leaves tens of megabytes of freed memory
       * behind: give it back to the system. */
      if (g_str_equal (path, ADMIN_PREFIX "dump"))
        {
          /* Once the message and its body are gone, after this handler. */
          g_autoptr(GSource) source = g_idle_source_new ();

          g_source_set_callback (source, trim_memory_cb, NULL, NULL);
          g_source_attach (source, g_main_context_get_thread_default ());
        }
      return;
    }

  if (route == NULL)
    route = unmatched = g_strdup_printf ("%s (unmatched)", soup_server_message_get_method (msg));

  if (g_object_get_data (G_OBJECT (msg), COUNTED_KEY) != NULL)
    return;

  /* A connection a fault dropped has no status: count it as 0. */
  count_request (self, route, status);
  g_object_set_data (G_OBJECT (msg), COUNTED_KEY, GINT_TO_POINTER (TRUE));
}

/* Before the body is read: refuse one that is too big. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  LiaSandboxServer *self = user_data;
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  if (length <= MAX_BODY_BYTES)
    return;

  g_object_set_data (G_OBJECT (msg), "lia-answered", GINT_TO_POINTER (TRUE));
  answer_too_large (self, msg);
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  LiaSandboxServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  LiaSandboxFaults fault = 0;
  guint delay_ms = 0;

  if (g_strcmp0 (path, ADMIN_PREFIX "stats") == 0 && g_strcmp0 (method, "GET") == 0)
    {
      answer_stats (self, msg);
      return;
    }
  if (g_strcmp0 (path, ADMIN_PREFIX "faults") == 0 && g_strcmp0 (method, "POST") == 0)
    {
      answer_faults (self, msg);
      return;
    }

  if (!is_admin_path (path))
    {
      fault = pick_fault (self);
      if (self->latency_ms > 0 || self->jitter_ms > 0)
        delay_ms = self->latency_ms + (self->jitter_ms > 0 ? lia_sandbox_rng_below (&self->rng, self->jitter_ms + 1) : 0);
    }

  g_object_set_data (G_OBJECT (msg), "lia-answered", GINT_TO_POINTER (TRUE));

  if (soup_server_message_get_request_body (msg)->length > MAX_BODY_BYTES)
    {
      answer_too_large (self, msg);
      return;
    }

  if (fault_status (fault) != 0)
    {
      answer_fault_status (self, msg, method, path, fault_status (fault));
    }
  else if (self->handler == NULL)
    {
      lia_sandbox_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
  else
    {
      self->handler->handle (self->emulator, self, msg, path);

      if (self->record != NULL && !is_admin_path (path))
        record_answer (self, msg);

      if (fault == LIA_SANDBOX_FAULT_RESET || fault == LIA_SANDBOX_FAULT_TRUNCATE)
        {
          /* Count it now: a stolen connection never finishes the message. */
          const char *route = g_object_get_data (G_OBJECT (msg), ROUTE_KEY);
          g_autofree char *unmatched = NULL;

          if (route == NULL)
            route = unmatched = g_strdup_printf ("%s (unmatched)", method);
          count_request (self, route, 0);
          g_object_set_data (G_OBJECT (msg), COUNTED_KEY, GINT_TO_POINTER (TRUE));
          /* libsoup says nothing more of a message whose connection is stolen. */
          request_done (self, msg);
          break_connection (msg, fault == LIA_SANDBOX_FAULT_TRUNCATE);
          return;
        }

      if (fault == LIA_SANDBOX_FAULT_STALL)
        {
          soup_server_message_pause (msg);
          g_ptr_array_add (self->stalled, g_object_ref (msg));
          return;
        }
    }

  if (delay_ms > 0)
    delay_answer (msg, delay_ms);
}

/* GObject overrides */

static void
lia_sandbox_server_dispose (GObject *object)
{
  LiaSandboxServer *self = (LiaSandboxServer *)object;

  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
  if (self->stalled != NULL)
    g_ptr_array_set_size (self->stalled, 0);
  if (self->sweep_source != NULL)
    {
      g_source_destroy (self->sweep_source);
      g_clear_pointer (&self->sweep_source, g_source_unref);
    }
  if (self->clients != NULL)
    g_hash_table_remove_all (self->clients);

  G_OBJECT_CLASS (lia_sandbox_server_parent_class)->dispose (object);
}

static void
lia_sandbox_server_finalize (GObject *object)
{
  LiaSandboxServer *self = (LiaSandboxServer *)object;

  g_free (self->service_name);
  g_free (self->url);
  if (self->record != NULL)
    fclose (self->record);
  g_hash_table_unref (self->stats);
  g_ptr_array_unref (self->stalled);
  g_hash_table_unref (self->clients);

  G_OBJECT_CLASS (lia_sandbox_server_parent_class)->finalize (object);
}

static void
lia_sandbox_server_class_init (LiaSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lia_sandbox_server_dispose;
  object_class->finalize = lia_sandbox_server_finalize;
}

static void
lia_sandbox_server_init (LiaSandboxServer *self)
{
  self->stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_hash_table_unref);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->clients = g_hash_table_new_full (NULL, NULL, NULL, client_free);
}

/* Public API */

LiaSandboxServer *
lia_sandbox_server_new (const char *service_name,
                        guint64     seed)
{
  LiaSandboxServer *self = g_object_new (LIA_TYPE_SANDBOX_SERVER, NULL);

  self->service_name = g_strdup (service_name);
  open_record (self);
  lia_sandbox_rng_init (&self->rng, seed ^ g_str_hash (service_name));
  self->soup = soup_server_new ("server-header", "liaison-sandbox ", NULL);
  soup_server_add_handler (self->soup, NULL, server_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);

  return self;
}

void
lia_sandbox_server_set_handler (LiaSandboxServer              *self,
                                const LiaSandboxServerHandler *handler,
                                gpointer                       emulator)
{
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (self));

  self->handler = handler;
  self->emulator = emulator;
}

gboolean
lia_sandbox_server_listen (LiaSandboxServer  *self,
                           guint              port,
                           GError           **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  g_return_val_if_fail (LIA_IS_SANDBOX_SERVER (self), FALSE);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);

  /* Our own socket, for a backlog that many clients at once can use
   * (libsoup's own listener keeps GLib's default of 10). */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket, 0, error))
    return FALSE;

  self->sweep_source = g_timeout_source_new (SWEEP_INTERVAL_MS);
  g_source_set_callback (self->sweep_source, sweep_clients_cb, self, NULL);
  g_source_attach (self->sweep_source, g_main_context_get_thread_default ());

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      self->port = g_uri_get_port (uris->data);
      g_free (self->url);
      self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
    }
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return TRUE;
}

const char *
lia_sandbox_server_get_url (LiaSandboxServer *self)
{
  g_return_val_if_fail (LIA_IS_SANDBOX_SERVER (self), NULL);

  return self->url;
}

guint
lia_sandbox_server_get_port (LiaSandboxServer *self)
{
  g_return_val_if_fail (LIA_IS_SANDBOX_SERVER (self), 0);

  return self->port;
}

void
lia_sandbox_server_disconnect (LiaSandboxServer *self)
{
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (self));

  g_ptr_array_set_size (self->stalled, 0);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}

void
lia_sandbox_server_set_latency (LiaSandboxServer *self,
                                guint             latency_ms,
                                guint             jitter_ms)
{
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (self));

  self->latency_ms = latency_ms;
  self->jitter_ms = jitter_ms;
}

void
lia_sandbox_server_set_faults (LiaSandboxServer *self,
                               guint             percent,
                               LiaSandboxFaults  faults)
{
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (self));

  self->fault_percent = MIN (percent, 100);
  self->faults = faults & LIA_SANDBOX_FAULTS_ALL;
}

gboolean
lia_sandbox_faults_parse (const char        *text,
                          LiaSandboxFaults  *faults,
                          GError           **error)
{
  g_auto(GStrv) items = NULL;
  LiaSandboxFaults result = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      gboolean found = FALSE;

      if (*item == '\0')
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (fault_names); j++)
        if (g_ascii_strcasecmp (item, fault_names[j].name) == 0)
          {
            result |= fault_names[j].fault;
            found = TRUE;
          }

      if (!found)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unknown fault “%s” (known: 429, 500, 502, 503, reset, truncate, stall)", item);
          return FALSE;
        }
    }

  *faults = result;
  return TRUE;
}

guint
lia_sandbox_server_get_in_flight (LiaSandboxServer *self)
{
  g_return_val_if_fail (LIA_IS_SANDBOX_SERVER (self), 0);

  /* A stalled message never ends: it does not count. */
  return self->in_flight > self->stalled->len ? self->in_flight - self->stalled->len : 0;
}

guint64
lia_sandbox_server_get_changes (LiaSandboxServer *self)
{
  g_return_val_if_fail (LIA_IS_SANDBOX_SERVER (self), 0);

  return self->changes;
}

void
lia_sandbox_server_reset_stats (LiaSandboxServer *self)
{
  g_return_if_fail (LIA_IS_SANDBOX_SERVER (self));

  g_hash_table_remove_all (self->stats);
  self->http_429 = 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

JsonNode *
lia_sandbox_server_get_stats (LiaSandboxServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree gpointer *routes = NULL;
  guint n_routes;

  g_return_val_if_fail (LIA_IS_SANDBOX_SERVER (self), NULL);

  routes = g_hash_table_get_keys_as_array (self->stats, &n_routes);
  qsort (routes, n_routes, sizeof (gpointer), compare_strings);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_routes; i++)
    {
      GHashTable *by_status = g_hash_table_lookup (self->stats, routes[i]);
      g_autofree gpointer *statuses = NULL;
      guint n_statuses;

      statuses = g_hash_table_get_keys_as_array (by_status, &n_statuses);
      qsort (statuses, n_statuses, sizeof (gpointer), compare_strings);

      json_builder_set_member_name (builder, routes[i]);
      json_builder_begin_object (builder);
      for (guint j = 0; j < n_statuses; j++)
        {
          json_builder_set_member_name (builder, statuses[j]);
          json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (by_status, statuses[j])));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "http_429");
  json_builder_add_int_value (builder, (gint64)self->http_429);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
lia_sandbox_server_set_route (SoupServerMessage *msg,
                              const char        *route_template)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  g_object_set_data_full (G_OBJECT (msg), ROUTE_KEY, g_strdup (route_template), g_free);
}

void
lia_sandbox_server_respond_json (SoupServerMessage *msg,
                                 guint              status,
                                 JsonNode          *node)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, status, status_phrase (status));

  if (node == NULL)
    {
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "", 0);
      return;
    }
  else
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      char *text;
      gsize length;

      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, &length);
      soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                        SOUP_MEMORY_TAKE, text, length);
      json_node_unref (node);
    }
}

void
lia_sandbox_server_respond_text (SoupServerMessage *msg,
                                 guint              status,
                                 const char        *content_type,
                                 const char        *text)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, status, status_phrase (status));
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

JsonNode *
lia_sandbox_server_read_json (SoupServerMessage  *msg,
                              GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) body = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "The body is empty");
      return NULL;
    }
  /* json-glib parses nesting by recursion: a hostile body would blow the stack. */
  if (nesting_exceeds (data, length, MAX_JSON_DEPTH))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   "The body nests deeper than %d levels", MAX_JSON_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  return json_parser_steal_root (parser);
}

GHashTable *
lia_sandbox_server_read_form (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &length);
  text = g_strndup (data != NULL ? data : "", length);

  return soup_form_decode (text);
}
