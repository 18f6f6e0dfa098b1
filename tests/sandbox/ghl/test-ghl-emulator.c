/* test-ghl-emulator.c: the HighLevel emulator, driven over HTTP in-process
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test per item of the fidelity checklist (NOTES §7), then OAuth,
 * scopes and locations, the admin levers, determinism and the state file.
 * The clock is injected: no test depends on the machine's speed.
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "lia-ghl-emulator.h"
#include "lia-ghl-records.h"
#include "lia-sandbox-seed.h"

#define SEED 7
#define VERSION "2021-07-28"
#define NO_TOKEN ""
#define NO_VERSION ""

typedef struct
{
  LiaSandboxServer *server;
  LiaGhlEmulator   *ghl;
  SoupSession      *session;
  gint64            now;        /* µs */
  char             *second_location;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static gint64
fake_clock (gpointer data)
{
  return ((Fixture *)data)->now;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) people = lia_sandbox_people_generate (SEED, 200);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dump = NULL;

  f->now = (LIA_SANDBOX_EPOCH + 86400) * G_USEC_PER_SEC;
  f->ghl = lia_ghl_emulator_new (SEED, people);
  lia_ghl_emulator_set_clock (f->ghl, fake_clock, f);
  f->server = lia_sandbox_server_new ("ghl", SEED);
  lia_ghl_emulator_attach (f->ghl, f->server);
  lia_sandbox_server_listen (f->server, 0, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();

  dump = lia_ghl_emulator_dump (f->ghl);
  f->second_location = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (dump), "locations"), 1), "id"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  lia_sandbox_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->ghl);
  g_free (f->second_location);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GBytes **bytes = data;
  g_autoptr(GError) error = NULL;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* @token NULL: the private integration token; NO_TOKEN: none. @version NULL: VERSION; NO_VERSION: none. */
static Reply *
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *version,
      const char *content_type,
      const char *body)
{
  g_autofree char *url = g_strconcat (lia_sandbox_server_get_url (f->server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  GBytes *bytes = NULL;
  Reply *reply = g_new0 (Reply, 1);
  gsize length;

  g_assert_nonnull (msg);
  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token == NULL)
    token = lia_ghl_emulator_get_private_token (f->ghl);
  if (token[0] != '\0')
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (version == NULL)
    version = VERSION;
  if (version[0] != '\0')
    soup_message_headers_replace (headers, "Version", version);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, request_body);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &bytes);
  while (bytes == NULL)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  if (length > 0 && (reply->body[0] == '{' || reply->body[0] == '['))
    reply->json = json_from_string (reply->body, NULL);
  g_bytes_unref (bytes);

  return reply;
}

static Reply *
api (Fixture    *f,
     const char *method,
     const char *path,
     const char *json)
{
  return call (f, method, path, NULL, NULL, "application/json", json);
}

static Reply *
api_token (Fixture    *f,
           const char *token,
           const char *method,
           const char *path,
           const char *json)
{
  return call (f, method, path, token, NULL, "application/json", json);
}

static JsonObject *
obj (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* Every JSON object answer carries a traceId. */
static JsonObject *
expect (Reply *reply,
        guint  status)
{
  JsonObject *object;

  if (reply->status != status)
    g_error ("expected %u, got %u: %s", status, reply->status, reply->body);
  object = obj (reply);
  g_assert_true (json_object_has_member (object, "traceId"));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "traceId")), ==, 36);
  return object;
}

static void
expect_message (Reply      *reply,
                guint       status,
                const char *message)
{
  JsonObject *object = expect (reply, status);

  g_assert_cmpint (json_object_get_int_member (object, "statusCode"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, message);
}

/* A 422 whose message array holds @message. */
static void
expect_422 (Reply      *reply,
            const char *message)
{
  JsonObject *object = expect (reply, 422);
  JsonArray *messages = json_object_get_array_member (object, "message");
  gboolean found = FALSE;

  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "Unprocessable Entity");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    found |= g_str_equal (json_array_get_string_element (messages, i), message);
  if (!found)
    g_error ("no “%s” in %s", message, reply->body);
}

static const char *
location (Fixture *f)
{
  return lia_ghl_emulator_get_location_id (f->ghl);
}

static char *
create_contact (Fixture    *f,
                const char *fields)
{
  g_autofree char *body = g_strdup_printf ("{\"locationId\":\"%s\",%s}", location (f), fields);
  g_autoptr(Reply) reply = api (f, "POST", "/contacts/", body);
  JsonObject *object = expect (reply, 201);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (object, "contact"), "id"));
}

static JsonObject *
contact_of (Reply *reply)
{
  return json_object_get_object_member (expect (reply, 200), "contact");
}

static JsonObject *
contact_of_created (Reply *reply)
{
  return json_object_get_object_member (expect (reply, 201), "contact");
}

static Reply *
search (Fixture    *f,
        const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"locationId\":\"%s\",\"pageLimit\":100%s%s}", location (f),
                                           extra[0] != '\0' ? "," : "", extra);

  return api (f, "POST", "/contacts/search", body);
}

static guint
search_total (Fixture    *f,
              const char *extra)
{
  g_autoptr(Reply) reply = search (f, extra);

  return (guint)json_object_get_int_member (expect (reply, 200), "total");
}

/* The OAuth dance, as a browser then the app do it. */
static char *
authorize (Fixture    *f,
           const char *scope,
           const char *decision)
{
  g_autofree char *escaped_redirect = g_uri_escape_string ("http://127.0.0.1:8719/oauth/callback", NULL, FALSE);
  g_autofree char *escaped_scope = g_uri_escape_string (scope, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/oauth/chooselocation?response_type=code&client_id=%s&redirect_uri=%s"
                                           "&scope=%s&state=xyz", lia_ghl_emulator_get_client_id (f->ghl),
                                           escaped_redirect, escaped_scope);
  g_autofree char *form = g_strdup_printf ("decision=%s", decision);
  g_autoptr(Reply) reply = call (f, "POST", path, NO_TOKEN, NO_VERSION, "application/x-www-form-urlencoded", form);
  const char *target = soup_message_headers_get_one (reply->headers, "Location");

  g_assert_cmpuint (reply->status, ==, 302);
  g_assert_true (g_str_has_prefix (target, "http://127.0.0.1:8719/oauth/callback?"));
  return g_strdup (strchr (target, '?') + 1);
}

static char *
query_value (const char *query,
             const char *name)
{
  g_autoptr(GHashTable) values = soup_form_decode (query);

  return g_strdup (g_hash_table_lookup (values, name));
}

static Reply *
token_request (Fixture    *f,
               const char *fields)
{
  g_autofree char *form = g_strdup_printf ("client_id=%s&client_secret=%s&%s",
                                           lia_ghl_emulator_get_client_id (f->ghl),
                                           lia_ghl_emulator_get_client_secret (f->ghl), fields);

  return call (f, "POST", "/oauth/token", NO_TOKEN, NO_VERSION, "application/x-www-form-urlencoded", form);
}

/* An access token (and its refresh token) for @scope. */
static char *
get_token (Fixture     *f,
           const char  *scope,
           char       **refresh)
{
  g_autofree char *query = authorize (f, scope, "approve");
  g_autofree char *code = query_value (query, "code");
  g_autofree char *fields = g_strdup_printf ("grant_type=authorization_code&code=%s", code);
  g_autoptr(Reply) reply = token_request (f, fields);
  JsonObject *object = expect (reply, 200);

  if (refresh != NULL)
    *refresh = g_strdup (json_object_get_string_member (object, "refresh_token"));
  return g_strdup (json_object_get_string_member (object, "access_token"));
}

static char *
dump_text (LiaGhlEmulator *ghl)
{
  g_autoptr(JsonNode) dump = lia_ghl_emulator_dump (ghl);

  return json_to_string (dump, FALSE);
}

/* §7.1: Authorization and Version are required; the token endpoint needs neither. */
static void
test_auth_and_version (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/locations/%s", location (f));
  g_autoptr(Reply) none = call (f, "GET", path, NO_TOKEN, NULL, NULL, NULL);
  g_autoptr(Reply) bad = call (f, "GET", path, "eyJhbGciOi.bogus.token", NULL, NULL, NULL);
  g_autoptr(Reply) no_version = call (f, "GET", path, NULL, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) old_version = call (f, "GET", path, NULL, "2021-04-15", NULL, NULL);
  g_autoptr(Reply) v1 = call (f, "GET", path, NULL, "2021-07-28", NULL, NULL);
  g_autoptr(Reply) v2 = call (f, "GET", path, NULL, "2023-02-21", NULL, NULL);
  g_autoptr(Reply) unknown = api (f, "GET", "/nowhere", NULL);

  expect_message (none, 401, "Invalid JWT");
  expect_message (bad, 401, "Invalid JWT");
  expect (no_version, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (obj (no_version), "message"), "Version"));
  expect (old_version, 400);
  expect (v1, 200);
  expect (v2, 200);
  expect_message (unknown, 404, "Cannot GET /nowhere");
}

/* §7.2: expires_in 86399; the refresh token rotates and the old one is refused. */
static void
test_token_rotation (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *query = authorize (f, "contacts.readonly contacts.write", "approve");
  g_autofree char *code = query_value (query, "code");
  g_autofree char *state = query_value (query, "state");
  g_autofree char *fields = g_strdup_printf ("grant_type=authorization_code&code=%s&user_type=Location", code);
  g_autoptr(Reply) first = token_request (f, fields);
  g_autoptr(Reply) again = token_request (f, fields);
  g_autofree char *refresh_fields = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) reused = NULL;
  JsonObject *token;
  g_auto(GStrv) parts = NULL;

  g_assert_cmpstr (state, ==, "xyz");
  token = expect (first, 200);
  g_assert_cmpint (json_object_get_int_member (token, "expires_in"), ==, 86399);
  g_assert_cmpstr (json_object_get_string_member (token, "token_type"), ==, "Bearer");
  g_assert_cmpstr (json_object_get_string_member (token, "userType"), ==, "Location");
  g_assert_cmpstr (json_object_get_string_member (token, "locationId"), ==, location (f));
  g_assert_cmpstr (json_object_get_string_member (token, "scope"), ==, "contacts.readonly contacts.write");
  g_assert_true (json_object_has_member (token, "companyId"));
  g_assert_true (json_object_has_member (token, "userId"));
  parts = g_strsplit (json_object_get_string_member (token, "access_token"), ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);

  /* A code is single-use. */
  g_assert_cmpstr (json_object_get_string_member (expect (again, 400), "error"), ==, "invalid_grant");

  refresh_fields = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                                    json_object_get_string_member (token, "refresh_token"));
  second = token_request (f, refresh_fields);
  g_assert_cmpstr (json_object_get_string_member (expect (second, 200), "refresh_token"), !=,
                   json_object_get_string_member (token, "refresh_token"));
  reused = token_request (f, refresh_fields);
  g_assert_cmpstr (json_object_get_string_member (expect (reused, 400), "error"), ==, "invalid_grant");
  g_assert_cmpstr (json_object_get_string_member (obj (reused), "error_description"), ==,
                   "This refresh token is invalid");
}

/* §7.3: 201 on creates; deletes answer {"succeded": true}. */
static void
test_created_and_deleted (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = create_contact (f, "\"firstName\":\"Ada\",\"email\":\"ada@example.org\"");
  g_autofree char *tasks = g_strdup_printf ("/contacts/%s/tasks", id);
  g_autofree char *notes = g_strdup_printf ("/contacts/%s/notes", id);
  g_autofree char *tags = g_strdup_printf ("/contacts/%s/tags", id);
  g_autofree char *contact = g_strdup_printf ("/contacts/%s", id);
  g_autoptr(Reply) task = api (f, "POST", tasks, "{\"title\":\"Call\",\"dueDate\":\"2026-02-01T10:00:00Z\",\"completed\":false}");
  g_autoptr(Reply) note = api (f, "POST", notes, "{\"body\":\"Hello\"}");
  g_autoptr(Reply) tag = api (f, "POST", tags, "{\"tags\":[\" VIP \",\"new\"]}");
  g_autofree char *task_path = NULL;
  g_autofree char *note_path = NULL;
  g_autoptr(Reply) task_deleted = NULL;
  g_autoptr(Reply) note_deleted = NULL;
  g_autoptr(Reply) deleted = NULL;
  g_autoptr(Reply) gone = NULL;
  JsonArray *tag_list;

  task_path = g_strdup_printf ("%s/%s", tasks,
                               json_object_get_string_member (json_object_get_object_member (expect (task, 201), "task"), "id"));
  note_path = g_strdup_printf ("%s/%s", notes,
                               json_object_get_string_member (json_object_get_object_member (expect (note, 201), "note"), "id"));
  tag_list = json_object_get_array_member (expect (tag, 201), "tags");
  g_assert_cmpuint (json_array_get_length (tag_list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tag_list, 0), ==, "vip");

  task_deleted = api (f, "DELETE", task_path, NULL);
  g_assert_true (json_object_get_boolean_member (expect (task_deleted, 200), "succeded"));
  note_deleted = api (f, "DELETE", note_path, NULL);
  g_assert_true (json_object_get_boolean_member (expect (note_deleted, 200), "succeded"));
  deleted = api (f, "DELETE", contact, NULL);
  g_assert_true (json_object_get_boolean_member (expect (deleted, 200), "succeded"));

  gone = api (f, "GET", contact, NULL);
  {
    g_autofree char *message = g_strdup_printf ("Contact with id %s not found", id);

    expect_message (gone, 400, message);
  }
}

/* §7.4: unknown properties are refused with 422 and a message array. */
static void
test_whitelist (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = create_contact (f, "\"firstName\":\"Bo\"");
  g_autofree char *path = g_strdup_printf ("/contacts/%s", id);
  g_autoptr(Reply) gender = api (f, "PUT", path, "{\"gender\":\"female\"}");
  g_autoptr(Reply) lower = api (f, "PUT", path, "{\"firstName\":\"Bob\",\"emailLowerCase\":\"x@y.z\"}");
  g_autoptr(Reply) location_id = api (f, "PUT", path, "{\"locationId\":\"abc\"}");
  g_autoptr(Reply) accepted = api (f, "PUT", path, "{\"companyName\":\"Fjord AB\",\"keyword\":\"k\",\"type\":\"customer\"}");
  g_autoptr(Reply) wrong_type = api (f, "PUT", path, "{\"dnd\":\"yes\"}");
  g_autoptr(Reply) bad_email = api (f, "PUT", path, "{\"email\":\"not-an-email\"}");
  g_autofree char *create_body = g_strdup_printf ("{\"locationId\":\"%s\",\"favourite\":1}", location (f));
  g_autoptr(Reply) create = api (f, "POST", "/contacts/", create_body);
  g_autoptr(Reply) missing = api (f, "POST", "/contacts/", "{\"firstName\":\"No location\"}");

  expect_422 (gender, "property gender should not exist");
  expect_422 (lower, "property emailLowerCase should not exist");
  expect_422 (location_id, "property locationId should not exist");
  g_assert_cmpstr (json_object_get_string_member (contact_of (accepted), "companyName"), ==, "Fjord AB");
  expect_422 (wrong_type, "dnd must be a boolean value");
  expect_422 (bad_email, "email must be an email");
  expect_422 (create, "property favourite should not exist");
  expect_422 (missing, "locationId should not be empty");
}

/* §7.5: GET /contacts/: newest first, limit ≤ 100, paging needs both cursors. */
static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *page1_path = g_strdup_printf ("/contacts/?locationId=%s", location (f));
  g_autoptr(Reply) page1 = api (f, "GET", page1_path, NULL);
  JsonObject *object = expect (page1, 200);
  JsonArray *contacts = json_object_get_array_member (object, "contacts");
  JsonObject *meta = json_object_get_object_member (object, "meta");
  const char *last_id = json_object_get_string_member (meta, "startAfterId");
  gint64 last_ms = json_object_get_int_member (meta, "startAfter");
  g_autofree char *alone_path = g_strdup_printf ("%s&startAfter=%" G_GINT64_FORMAT, page1_path, last_ms);
  g_autofree char *both_path = g_strdup_printf ("%s&startAfter=%" G_GINT64_FORMAT "&startAfterId=%s",
                                                page1_path, last_ms, last_id);
  g_autofree char *big_path = g_strdup_printf ("%s&limit=101", page1_path);
  g_autofree char *limit_path = g_strdup_printf ("%s&limit=100", page1_path);
  g_autoptr(Reply) alone = api (f, "GET", alone_path, NULL);
  g_autoptr(Reply) both = api (f, "GET", both_path, NULL);
  g_autoptr(Reply) big = api (f, "GET", big_path, NULL);
  g_autoptr(Reply) limit = api (f, "GET", limit_path, NULL);
  g_autoptr(Reply) no_location = api (f, "GET", "/contacts/", NULL);
  JsonArray *page2;
  gint64 previous = G_MAXINT64;

  g_assert_cmpuint (json_array_get_length (contacts), ==, 20);
  for (guint i = 0; i < json_array_get_length (contacts); i++)
    {
      gint64 ms = 0;

      g_assert_true (lia_ghl_parse_iso_ms (json_object_get_string_member (json_array_get_object_element (contacts, i),
                                                                          "dateAdded"), &ms));
      g_assert_cmpint (ms, <=, previous);
      previous = ms;
    }
  g_assert_cmpstr (last_id, ==, json_object_get_string_member (json_array_get_object_element (contacts, 19), "id"));
  g_assert_cmpint (json_object_get_int_member (meta, "currentPage"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (meta, "nextPage"), ==, 2);
  g_assert_true (json_object_get_null_member (meta, "prevPage"));
  g_assert_cmpint (json_object_get_int_member (meta, "total"), >, 100);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (meta, "nextPageUrl"), "http://localhost:5058/"));

  /* startAfter alone: page 1 again. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (expect (alone, 200), "contacts"), 0), "id"), ==,
                   json_object_get_string_member (json_array_get_object_element (contacts, 0), "id"));
  page2 = json_object_get_array_member (expect (both, 200), "contacts");
  g_assert_cmpuint (json_array_get_length (page2), ==, 20);
  for (guint i = 0; i < json_array_get_length (page2); i++)
    for (guint j = 0; j < json_array_get_length (contacts); j++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (page2, i), "id"), !=,
                       json_object_get_string_member (json_array_get_object_element (contacts, j), "id"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (both), "meta"), "currentPage"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (both), "meta"), "prevPage"), ==, 1);

  expect_422 (big, "limit must not be greater than 100");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (expect (limit, 200), "contacts")), ==, 100);
  expect_422 (no_location, "locationId should not be empty");
}

/* §7.6: search's required members, its shape, filters, sort, paging and lag. */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_contact (f, "\"firstName\":\"Searchable\",\"lastName\":\"Person\","
                                           "\"email\":\"search.me@example.org\",\"address1\":\"1 Main St\","
                                           "\"dateOfBirth\":\"1990-04-05\",\"tags\":[\"findme\"]");
  g_autofree char *no_limit_body = g_strdup_printf ("{\"locationId\":\"%s\"}", location (f));
  g_autoptr(Reply) no_limit = api (f, "POST", "/contacts/search", no_limit_body);
  g_autoptr(Reply) no_location = api (f, "POST", "/contacts/search", "{\"pageLimit\":10}");
  g_autoptr(Reply) too_big = search (f, "\"pageLimit\":501");
  g_autoptr(Reply) too_deep = search (f, "\"page\":101");
  g_autoptr(Reply) found = search (f, "\"filters\":[{\"field\":\"email\",\"operator\":\"eq\",\"value\":\"SEARCH.ME@example.org\"}]");
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) next = NULL;
  JsonObject *object, *hit;
  JsonArray *after;
  g_autofree char *after_text = NULL;
  g_autofree char *next_body = NULL;
  guint all;

  expect_422 (no_limit, "pageLimit should not be empty");
  expect_422 (no_location, "locationId should not be empty");
  expect_422 (too_big, "pageLimit must not be greater than 500");
  expect (too_deep, 422);

  object = expect (found, 200);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 1);
  hit = json_array_get_object_element (json_object_get_array_member (object, "contacts"), 0);
  g_assert_cmpstr (json_object_get_string_member (hit, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (hit, "address"), ==, "1 Main St");
  g_assert_false (json_object_has_member (hit, "address1"));
  g_assert_cmpint (json_object_get_int_member (hit, "dateOfBirth"), ==, 639273600000);
  after = json_object_get_array_member (hit, "searchAfter");
  g_assert_cmpuint (json_array_get_length (after), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (after, 1), ==, id);

  all = search_total (f, "");
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"firstNameLowerCase\",\"operator\":\"contains\",\"value\":\"searchab\"}]"), ==, 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"tags\",\"operator\":\"eq\",\"value\":\"findme\"}]"), ==, 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"email\",\"operator\":\"not_eq\",\"value\":\"search.me@example.org\"}]"), ==, all - 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"email\",\"operator\":\"not_contains\",\"value\":\"search.me\"}]"), ==, all - 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"dateOfBirth\",\"operator\":\"exists\"}]"), ==, 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"dateOfBirth\",\"operator\":\"not_exists\"}]"), ==, all - 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"field\":\"dateOfBirth\",\"operator\":\"range\",\"value\":{\"gte\":\"1990-01-01\",\"lt\":\"1991-01-01\"}}]"), ==, 1);
  g_assert_cmpuint (search_total (f, "\"filters\":[{\"group\":\"OR\",\"filters\":["
                                     "{\"field\":\"email\",\"operator\":\"eq\",\"value\":\"search.me@example.org\"},"
                                     "{\"field\":\"tags\",\"operator\":\"eq\",\"value\":\"no-such-tag\"}]}]"), ==, 1);
  g_assert_cmpuint (search_total (f, "\"query\":\"searchable\""), ==, 1);
  {
    g_autoptr(Reply) bad_operator = search (f, "\"filters\":[{\"field\":\"email\",\"operator\":\"like\",\"value\":\"x\"}]");

    expect (bad_operator, 422);
  }

  /* searchAfter from the last contact gives the next page. */
  first = search (f, "\"pageLimit\":5,\"sort\":[{\"field\":\"firstNameLowerCase\",\"direction\":\"asc\"}]");
  after = json_object_get_array_member (json_array_get_object_element (
            json_object_get_array_member (expect (first, 200), "contacts"), 4), "searchAfter");
  after_text = json_to_string (json_array_get_element (after, 0), FALSE);
  next_body = g_strdup_printf ("{\"locationId\":\"%s\",\"pageLimit\":5,\"sort\":[{\"field\":\"firstNameLowerCase\","
                               "\"direction\":\"asc\"}],\"searchAfter\":[%s,\"%s\"]}", location (f), after_text,
                               json_array_get_string_element (after, 1));
  next = api (f, "POST", "/contacts/search", next_body);
  {
    g_autofree char *page2 = g_strdup_printf ("\"pageLimit\":5,\"page\":2,\"sort\":[{\"field\":\"firstNameLowerCase\",\"direction\":\"asc\"}]");
    g_autoptr(Reply) by_page = search (f, page2);

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (expect (next, 200), "contacts"), 0), "id"), ==,
                     json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (expect (by_page, 200), "contacts"), 0), "id"));
  }
}

/* §7.6: search trails writes by the lag; get-by-id and duplicates do not. */
static void
test_search_lag (Fixture       *f,
                 gconstpointer  data)
{
  const char *filter = "\"filters\":[{\"field\":\"email\",\"operator\":\"eq\",\"value\":\"lag@example.org\"}]";
  const char *renamed = "\"filters\":[{\"field\":\"firstName\",\"operator\":\"eq\",\"value\":\"Later\"}]";
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Reply) got = NULL;
  g_autoptr(Reply) updated = NULL;
  g_autoptr(Reply) deleted = NULL;
  g_autofree char *dup_path = g_strdup_printf ("/contacts/search/duplicate?locationId=%s&email=lag%%40example.org",
                                               location (f));
  g_autoptr(Reply) dup = NULL;

  lia_ghl_emulator_set_search_lag_ms (f->ghl, 5000);
  id = create_contact (f, "\"firstName\":\"Soon\",\"email\":\"lag@example.org\"");
  path = g_strdup_printf ("/contacts/%s", id);

  g_assert_cmpuint (search_total (f, filter), ==, 0);
  got = api (f, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (contact_of (got), "id"), ==, id);
  dup = api (f, "GET", dup_path, NULL);
  g_assert_cmpstr (json_object_get_string_member (contact_of (dup), "id"), ==, id);

  f->now += 5 * G_USEC_PER_SEC;
  g_assert_cmpuint (search_total (f, filter), ==, 1);

  updated = api (f, "PUT", path, "{\"firstName\":\"Later\"}");
  expect (updated, 200);
  g_assert_cmpuint (search_total (f, renamed), ==, 0);
  f->now += 4 * G_USEC_PER_SEC;
  g_assert_cmpuint (search_total (f, renamed), ==, 0);
  f->now += 1 * G_USEC_PER_SEC;
  g_assert_cmpuint (search_total (f, renamed), ==, 1);

  deleted = api (f, "DELETE", path, NULL);
  expect (deleted, 200);
  g_assert_cmpuint (search_total (f, filter), ==, 1);
  f->now += 5 * G_USEC_PER_SEC;
  g_assert_cmpuint (search_total (f, filter), ==, 0);
}

/* §7.7: no duplicates by default (400 with meta); upsert updates the match. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = create_contact (f, "\"firstName\":\"Dee\",\"lastName\":\"Up\",\"email\":\"Dee@Example.org\","
                                           "\"phone\":\"(415) 555-0199\"");
  g_autofree char *put_path = g_strdup_printf ("/contacts/%s", id);
  g_autoptr(Reply) put = api (f, "PUT", put_path, "{\"city\":\"Bergen\"}");
  g_autofree char *email_body = g_strdup_printf ("{\"locationId\":\"%s\",\"email\":\"dee@example.ORG\"}", location (f));
  g_autofree char *phone_body = g_strdup_printf ("{\"locationId\":\"%s\",\"phone\":\"+1 415 555 0199\"}", location (f));
  g_autoptr(Reply) by_email = api (f, "POST", "/contacts/", email_body);
  g_autoptr(Reply) by_phone = api (f, "POST", "/contacts/", phone_body);
  g_autofree char *upsert_body = g_strdup_printf ("{\"locationId\":\"%s\",\"email\":\"DEE@example.org\","
                                                  "\"companyName\":\"Upserted\",\"gender\":\"female\"}", location (f));
  g_autoptr(Reply) upsert = api (f, "POST", "/contacts/upsert", upsert_body);
  g_autofree char *upsert_phone_body = g_strdup_printf ("{\"locationId\":\"%s\",\"phone\":\"4155550199\","
                                                        "\"city\":\"Oslo\"}", location (f));
  g_autoptr(Reply) upsert_phone = api (f, "POST", "/contacts/upsert", upsert_phone_body);
  g_autofree char *upsert_new_body = g_strdup_printf ("{\"locationId\":\"%s\",\"email\":\"fresh@example.org\"}", location (f));
  g_autoptr(Reply) upsert_new = api (f, "POST", "/contacts/upsert", upsert_new_body);
  g_autoptr(Reply) allowed = NULL;
  JsonObject *object, *meta;

  object = expect (by_email, 400);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "This location does not allow duplicated contacts.");
  meta = json_object_get_object_member (object, "meta");
  g_assert_cmpstr (json_object_get_string_member (meta, "contactId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (meta, "contactName"), ==, "Dee Up");
  g_assert_cmpstr (json_object_get_string_member (meta, "matchingField"), ==, "email");
  meta = json_object_get_object_member (expect (by_phone, 400), "meta");
  g_assert_cmpstr (json_object_get_string_member (meta, "matchingField"), ==, "phone");

  object = expect (upsert, 200);
  g_assert_false (json_object_get_boolean_member (object, "new"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "contact"), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "contact"), "companyName"), ==, "Upserted");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "contact"), "emailLowerCase"), ==, "dee@example.org");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "contact"), "phone"), ==, "+14155550199");

  object = expect (upsert_phone, 200);
  g_assert_false (json_object_get_boolean_member (object, "new"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "contact"), "city"), ==, "Oslo");

  g_assert_true (json_object_get_boolean_member (expect (upsert_new, 200), "new"));

  lia_ghl_emulator_set_allow_duplicates (f->ghl, TRUE);
  allowed = api (f, "POST", "/contacts/", email_body);
  expect (allowed, 201);
}

/* §7.8: custom fields read as {id, value}, written by id or key with field_value or fieldValue. */
static void
test_custom_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *fields_path = g_strdup_printf ("/locations/%s/customFields", location (f));
  g_autoptr(Reply) fields = api (f, "GET", fields_path, NULL);
  JsonArray *definitions = json_object_get_array_member (expect (fields, 200), "customFields");
  const char *mojo_id = NULL, *tickets_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *by_id_body = NULL;
  g_autoptr(Reply) by_id = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(Reply) bad_value = NULL;
  g_autoptr(Reply) got = NULL;
  JsonArray *values;
  guint seen = 0;
  GHashTable *types = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (definitions); i++)
    {
      JsonObject *field = json_array_get_object_element (definitions, i);

      g_hash_table_add (types, (gpointer)json_object_get_string_member (field, "dataType"));
      if (g_str_equal (json_object_get_string_member (field, "fieldKey"), "contact.mojo_user_id"))
        {
          mojo_id = json_object_get_string_member (field, "id");
          g_assert_cmpstr (json_object_get_string_member (field, "dataType"), ==, "TEXT");
        }
      if (g_str_equal (json_object_get_string_member (field, "fieldKey"), "contact.tickets_opened"))
        tickets_id = json_object_get_string_member (field, "id");
    }
  g_assert_cmpuint (g_hash_table_size (types), ==, 8);
  g_hash_table_unref (types);
  g_assert_nonnull (mojo_id);
  g_assert_nonnull (tickets_id);

  id = create_contact (f, "\"firstName\":\"Cf\",\"customFields\":[{\"key\":\"mojo_user_id\",\"field_value\":\"4711\"}]");
  path = g_strdup_printf ("/contacts/%s", id);
  by_id_body = g_strdup_printf ("{\"customFields\":[{\"id\":\"%s\",\"fieldValue\":\"12\"}]}", tickets_id);
  by_id = api (f, "PUT", path, by_id_body);
  expect (by_id, 200);
  unknown = api (f, "PUT", path, "{\"customFields\":[{\"key\":\"no_such_field\",\"field_value\":\"x\"}]}");
  expect (unknown, 422);
  bad_value = api (f, "PUT", path, "{\"customFields\":[{\"key\":\"tickets_opened\",\"field_value\":\"many\"}]}");
  expect (bad_value, 422);

  got = api (f, "GET", path, NULL);
  values = json_object_get_array_member (contact_of (got), "customFields");
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonObject *value = json_array_get_object_element (values, i);

      g_assert_false (json_object_has_member (value, "key"));
      if (g_str_equal (json_object_get_string_member (value, "id"), mojo_id))
        {
          g_assert_cmpstr (json_object_get_string_member (value, "value"), ==, "4711");
          seen++;
        }
      if (g_str_equal (json_object_get_string_member (value, "id"), tickets_id))
        {
          g_assert_cmpint (json_object_get_int_member (value, "value"), ==, 12);
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 2);
}

/* §7.9: 100 per 10 s per (client, location) with the five headers; 429 beyond. */
static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/locations/%s", location (f));
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) later = NULL;
  g_autoptr(Reply) unlimited = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(Reply) reply = api (f, "GET", path, NULL);
      char expected[16];

      expect (reply, 200);
      g_snprintf (expected, sizeof expected, "%u", 99 - i);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Remaining"), ==, expected);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Max"), ==, "100");
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Interval-Milliseconds"), ==, "10000");
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Limit-Daily"), ==, "200000");
      g_assert_nonnull (soup_message_headers_get_one (reply->headers, "X-RateLimit-Daily-Remaining"));
      f->now += 10000;   /* 100 requests take one second */
    }

  refused = api (f, "GET", path, NULL);
  expect_message (refused, 429, "Too Many Requests");
  g_assert_cmpstr (soup_message_headers_get_one (refused->headers, "X-RateLimit-Remaining"), ==, "0");
  g_assert_cmpstr (soup_message_headers_get_one (refused->headers, "Retry-After"), ==, "9");

  f->now += 9 * G_USEC_PER_SEC;
  later = api (f, "GET", path, NULL);
  expect (later, 200);
  g_assert_cmpstr (soup_message_headers_get_one (later->headers, "X-RateLimit-Remaining"), ==, "99");
  g_assert_cmpstr (soup_message_headers_get_one (later->headers, "X-RateLimit-Daily-Remaining"), ==, "199899");

  /* The daily limit, then both off. */
  lia_ghl_emulator_set_daily_limit (f->ghl, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) reply = api (f, "GET", path, NULL);

      expect (reply, 200);
    }
  {
    g_autoptr(Reply) daily = api (f, "GET", path, NULL);

    expect (daily, 429);
    g_assert_cmpstr (soup_message_headers_get_one (daily->headers, "X-RateLimit-Daily-Remaining"), ==, "0");
  }
  lia_ghl_emulator_set_daily_limit (f->ghl, 0);
  lia_ghl_emulator_set_rate_limit (f->ghl, 0, 10);
  for (guint i = 0; i < 150; i++)
    {
      g_autoptr(Reply) reply = api (f, "GET", path, NULL);

      expect (reply, 200);
    }
  unlimited = api (f, "GET", path, NULL);
  expect (unlimited, 200);
  g_assert_nonnull (soup_message_headers_get_one (unlimited->headers, "X-RateLimit-Remaining"));
}

/* §7.10: a missing scope is 401; another location is 403. */
static void
test_scopes_and_locations (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *reader = get_token (f, "contacts.readonly", NULL);
  g_autofree char *list_path = g_strdup_printf ("/contacts/?locationId=%s", location (f));
  g_autofree char *create_body = g_strdup_printf ("{\"locationId\":\"%s\",\"firstName\":\"X\"}", location (f));
  g_autoptr(Reply) read = api_token (f, reader, "GET", list_path, NULL);
  g_autoptr(Reply) write = api_token (f, reader, "POST", "/contacts/", create_body);
  g_autofree char *location_path = g_strdup_printf ("/locations/%s", location (f));
  g_autoptr(Reply) no_locations_scope = api_token (f, reader, "GET", location_path, NULL);
  g_autofree char *other_path = g_strdup_printf ("/locations/%s", f->second_location);
  g_autoptr(Reply) other = api (f, "GET", other_path, NULL);
  g_autofree char *other_list = g_strdup_printf ("/contacts/?locationId=%s", f->second_location);
  g_autoptr(Reply) other_contacts = api (f, "GET", other_list, NULL);
  g_autofree char *other_body = g_strdup_printf ("{\"locationId\":\"%s\",\"firstName\":\"X\"}", f->second_location);
  g_autoptr(Reply) other_create = api (f, "POST", "/contacts/", other_body);
  g_autoptr(JsonNode) dump = lia_ghl_emulator_dump (f->ghl);
  JsonArray *contacts = json_object_get_array_member (json_node_get_object (dump), "contacts");
  g_autofree char *foreign = NULL;
  g_autoptr(Reply) foreign_get = NULL;

  expect (read, 200);
  expect_message (write, 401, "The token is not authorized for this scope.");
  expect_message (no_locations_scope, 401, "The token is not authorized for this scope.");
  expect_message (other, 403, "The token does not have access to this location.");
  expect_message (other_contacts, 403, "The token does not have access to this location.");
  expect_message (other_create, 403, "The token does not have access to this location.");

  for (guint i = 0; i < json_array_get_length (contacts) && foreign == NULL; i++)
    {
      JsonObject *contact = json_array_get_object_element (contacts, i);

      if (g_str_equal (json_object_get_string_member (contact, "locationId"), f->second_location))
        foreign = g_strdup_printf ("/contacts/%s", json_object_get_string_member (contact, "id"));
    }
  g_assert_nonnull (foreign);
  foreign_get = api (f, "GET", foreign, NULL);
  expect_message (foreign_get, 403, "The token does not have access to this location.");
}

static char *
consent_path (Fixture    *f,
              const char *client_id,
              const char *redirect_uri,
              const char *scope)
{
  g_autofree char *r = g_uri_escape_string (redirect_uri, NULL, FALSE);
  g_autofree char *s = g_uri_escape_string (scope, NULL, FALSE);

  return g_strdup_printf ("/v2/oauth/chooselocation?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=abc",
                          client_id, r, s);
}

static void
test_oauth_consent (Fixture       *f,
                    gconstpointer  data)
{
  const char *client = lia_ghl_emulator_get_client_id (f->ghl);
  g_autofree char *good = consent_path (f, client, "http://127.0.0.1:8719/oauth/callback", "contacts.readonly locations.readonly");
  g_autofree char *bad_client = consent_path (f, "nope", "http://127.0.0.1:8719/oauth/callback", "contacts.readonly");
  g_autofree char *bad_redirect = consent_path (f, client, "http://evil.example/cb", "contacts.readonly");
  g_autofree char *plus_scope = g_strdup_printf ("/oauth/chooselocation?response_type=code&client_id=%s"
                                                 "&redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A8719%%2Foauth%%2Fcallback"
                                                 "&scope=contacts.readonly%%2Bcontacts.write", client);
  g_autoptr(Reply) page = call (f, "GET", good, NO_TOKEN, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) client_error = call (f, "GET", bad_client, NO_TOKEN, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) redirect_error = call (f, "GET", bad_redirect, NO_TOKEN, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) scope_error = call (f, "GET", plus_scope, NO_TOKEN, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) denied = call (f, "POST", good, NO_TOKEN, NO_VERSION, "application/x-www-form-urlencoded", "decision=deny");
  g_autoptr(Reply) automatic = NULL;
  g_autoptr(Reply) unknown_location = NULL;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (page->headers, NULL), ==, "text/html");
  g_assert_nonnull (strstr (page->body, "Liaison Demo Studio"));
  g_assert_nonnull (strstr (page->body, "Liaison Demo Annex"));
  g_assert_nonnull (strstr (page->body, "contacts.readonly"));
  g_assert_nonnull (strstr (page->body, "locations.readonly"));
  g_assert_nonnull (strstr (page->body, ">Approve<"));
  g_assert_nonnull (strstr (page->body, ">Deny<"));
  g_assert_nonnull (strstr (page->body, "method=\"post\""));

  g_assert_cmpuint (client_error->status, ==, 400);
  g_assert_nonnull (strstr (client_error->body, "No integration found"));
  g_assert_cmpuint (redirect_error->status, ==, 400);
  g_assert_nonnull (strstr (redirect_error->body, "not registered"));
  g_assert_cmpuint (scope_error->status, ==, 400);
  g_assert_nonnull (strstr (scope_error->body, "Invalid scope"));

  g_assert_cmpuint (denied->status, ==, 302);
  g_assert_cmpstr (soup_message_headers_get_one (denied->headers, "Location"), ==,
                   "http://127.0.0.1:8719/oauth/callback?error=access_denied&state=abc");

  unknown_location = call (f, "POST", good, NO_TOKEN, NO_VERSION, "application/x-www-form-urlencoded",
                           "decision=approve&locationId=nowhere");
  g_assert_cmpuint (unknown_location->status, ==, 400);

  lia_ghl_emulator_set_auto_approve (f->ghl, TRUE);
  automatic = call (f, "GET", good, NO_TOKEN, NO_VERSION, NULL, NULL);
  g_assert_cmpuint (automatic->status, ==, 302);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (automatic->headers, "Location"),
                                   "http://127.0.0.1:8719/oauth/callback?code="));
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (automatic->headers, "Location"), "&state=abc"));
}

static void
test_oauth_token_errors (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *query = authorize (f, "contacts.readonly", "approve");
  g_autofree char *code = query_value (query, "code");
  g_autofree char *wrong_secret_form = g_strdup_printf ("client_id=%s&client_secret=wrong&grant_type=authorization_code&code=%s",
                                                        lia_ghl_emulator_get_client_id (f->ghl), code);
  g_autoptr(Reply) wrong_secret = call (f, "POST", "/oauth/token", NO_TOKEN, NO_VERSION,
                                        "application/x-www-form-urlencoded", wrong_secret_form);
  g_autoptr(Reply) missing = call (f, "POST", "/oauth/token", NO_TOKEN, NO_VERSION,
                                   "application/x-www-form-urlencoded", "grant_type=refresh_token");
  g_autofree char *fields = g_strdup_printf ("grant_type=authorization_code&code=%s", code);
  g_autoptr(Reply) expired = NULL;

  expect (wrong_secret, 401);
  expect_422 (missing, "client_id should not be empty");

  /* Codes live ten minutes. */
  f->now += 601 * G_USEC_PER_SEC;
  expired = token_request (f, fields);
  g_assert_cmpstr (json_object_get_string_member (expect (expired, 400), "error"), ==, "invalid_grant");
}

static void
test_oauth_expiry_and_levers (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = g_strdup_printf ("/contacts/?locationId=%s&limit=1", location (f));
  g_autoptr(Reply) ok = NULL;
  g_autoptr(Reply) after_expiry = NULL;
  g_autoptr(Reply) lever = NULL;
  g_autoptr(Reply) after_lever = NULL;
  g_autoptr(Reply) pit = NULL;
  g_autoptr(Reply) revoked = NULL;
  g_autoptr(Reply) refreshed = NULL;
  g_autofree char *revoke_body = NULL;
  g_autofree char *refresh_fields = NULL;

  lia_ghl_emulator_set_token_lifetime (f->ghl, 60);
  token = get_token (f, "contacts.readonly", &refresh);
  ok = api_token (f, token, "GET", path, NULL);
  expect (ok, 200);
  f->now += 60 * G_USEC_PER_SEC;
  after_expiry = api_token (f, token, "GET", path, NULL);
  expect_message (after_expiry, 401, "Invalid JWT");

  g_free (token);
  token = get_token (f, "contacts.readonly", NULL);
  lever = call (f, "POST", "/_sandbox/expire-tokens", NO_TOKEN, NO_VERSION, NULL, NULL);
  g_assert_cmpuint (lever->status, ==, 200);
  after_lever = api_token (f, token, "GET", path, NULL);
  expect_message (after_lever, 401, "Invalid JWT");
  /* The private integration token is static. */
  pit = api (f, "GET", path, NULL);
  expect (pit, 200);

  revoke_body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", refresh);
  revoked = call (f, "POST", "/_sandbox/revoke-refresh-token", NO_TOKEN, NO_VERSION, "application/json", revoke_body);
  g_assert_cmpuint (revoked->status, ==, 200);
  refresh_fields = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s", refresh);
  refreshed = token_request (f, refresh_fields);
  g_assert_cmpstr (json_object_get_string_member (expect (refreshed, 400), "error_description"), ==,
                   "This refresh token is invalid");
}

static void
test_oauth_inactive_location (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *token = get_token (f, "contacts.readonly", &refresh);
  g_autofree char *body = g_strdup_printf ("{\"locationId\":\"%s\"}", location (f));
  g_autoptr(Reply) lever = call (f, "POST", "/_sandbox/deactivate-location", NO_TOKEN, NO_VERSION, "application/json", body);
  g_autofree char *fields = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s", refresh);
  g_autoptr(Reply) refreshed = token_request (f, fields);
  g_autofree char *path = g_strdup_printf ("/contacts/?locationId=%s", location (f));
  g_autoptr(Reply) api_call = api_token (f, token, "GET", path, NULL);

  g_assert_cmpuint (lever->status, ==, 200);
  expect_message (refreshed, 400, "Location is not active");
  expect_message (api_call, 401, "Invalid JWT");
}

static void
test_pit_scopes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *tags_path = g_strdup_printf ("/locations/%s/tags", location (f));
  g_autofree char *tasks_path = g_strdup_printf ("/locations/%s/tasks/search", location (f));
  g_autoptr(Reply) tags = api (f, "GET", tags_path, NULL);
  g_autoptr(Reply) tasks = api (f, "POST", tasks_path, "{\"completed\":false,\"limit\":5}");
  JsonArray *tag_list = json_object_get_array_member (expect (tags, 200), "tags");

  g_assert_cmpuint (json_array_get_length (tag_list), >=, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (expect (tasks, 200), "tasks")), <=, 5);
}

/* Every other operation answers with its shape and status. */
static void
test_sub_resources (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) dump = lia_ghl_emulator_dump (f->ghl);
  JsonObject *root = json_node_get_object (dump);
  const char *user = json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (root, "users"), 1), "id");
  const char *campaign = json_object_get_string_member (json_array_get_object_element (
                           json_object_get_array_member (root, "campaigns"), 0), "id");
  const char *workflow = json_object_get_string_member (json_array_get_object_element (
                           json_object_get_array_member (root, "workflows"), 0), "id");
  const char *business = json_object_get_string_member (json_array_get_object_element (
                           json_object_get_array_member (root, "businesses"), 0), "id");
  g_autofree char *id = create_contact (f, "\"firstName\":\"Sub\",\"email\":\"sub@example.org\"");
  g_autofree char *base = g_strdup_printf ("/contacts/%s", id);
  g_autofree char *p = NULL;
  g_autofree char *b = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *note_id = NULL;

#define CALL(method, path, body, status) \
  G_STMT_START { g_autoptr(Reply) r_ = api (f, method, path, body); expect (r_, status); } G_STMT_END

  p = g_strdup_printf ("%s/tasks", base);
  b = g_strdup_printf ("{\"title\":\"T\",\"dueDate\":\"2026-03-01T00:00:00.000Z\",\"completed\":false,\"assignedTo\":\"%s\"}", user);
  {
    g_autoptr(Reply) r = api (f, "POST", p, b);

    task_id = g_strdup (json_object_get_string_member (json_object_get_object_member (expect (r, 201), "task"), "id"));
  }
  CALL ("GET", p, NULL, 200);
  g_free (p);
  p = g_strdup_printf ("%s/tasks/%s", base, task_id);
  CALL ("GET", p, NULL, 200);
  CALL ("PUT", p, "{\"title\":\"T2\"}", 200);
  g_free (p);
  p = g_strdup_printf ("%s/tasks/%s/completed", base, task_id);
  {
    g_autoptr(Reply) r = api (f, "PUT", p, "{\"completed\":true}");

    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (expect (r, 200), "task"), "completed"));
  }
  g_free (p);
  p = g_strdup_printf ("%s/tasks/nope", base);
  CALL ("GET", p, NULL, 400);

  g_free (p);
  p = g_strdup_printf ("%s/notes", base);
  {
    g_autoptr(Reply) r = api (f, "POST", p, "{\"body\":\"N\",\"title\":\"t\",\"color\":\"#FFAA00\",\"pinned\":true}");

    note_id = g_strdup (json_object_get_string_member (json_object_get_object_member (expect (r, 201), "note"), "id"));
  }
  CALL ("GET", p, NULL, 200);
  g_free (p);
  p = g_strdup_printf ("%s/notes/%s", base, note_id);
  CALL ("GET", p, NULL, 200);
  CALL ("PUT", p, "{\"body\":\"N2\"}", 200);

  g_free (p);
  p = g_strdup_printf ("%s/appointments", base);
  CALL ("GET", p, NULL, 200);

  g_free (p);
  p = g_strdup_printf ("%s/tags", base);
  CALL ("POST", p, "{\"tags\":[\"a\",\"b\"]}", 201);
  {
    g_autoptr(Reply) r = api (f, "DELETE", p, "{\"tags\":[\"a\"]}");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (expect (r, 200), "tags")), ==, 1);
  }

  g_free (p);
  g_free (b);
  p = g_strdup_printf ("%s/followers", base);
  b = g_strdup_printf ("{\"followers\":[\"%s\"]}", user);
  {
    g_autoptr(Reply) r = api (f, "POST", p, b);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (expect (r, 201), "followersAdded")), ==, 1);
  }
  {
    g_autoptr(Reply) r = api (f, "DELETE", p, b);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (expect (r, 200), "followersRemoved")), ==, 1);
  }

  g_free (p);
  p = g_strdup_printf ("%s/campaigns/%s", base, campaign);
  CALL ("POST", p, "{}", 201);
  CALL ("DELETE", p, NULL, 200);
  g_free (p);
  p = g_strdup_printf ("%s/campaigns/removeAll", base);
  CALL ("DELETE", p, NULL, 200);
  g_free (p);
  p = g_strdup_printf ("%s/workflow/%s", base, workflow);
  CALL ("POST", p, "{\"eventStartTime\":\"2026-03-01T10:00:00Z\"}", 200);
  CALL ("DELETE", p, "{}", 200);
  g_free (p);
  p = g_strdup_printf ("%s/workflow/nope", base);
  CALL ("POST", p, "{}", 400);

  g_free (b);
  b = g_strdup_printf ("{\"locationId\":\"%s\",\"contacts\":[\"%s\",\"nope\"],\"tags\":[\"bulk\"]}", location (f), id);
  {
    g_autoptr(Reply) r = api (f, "POST", "/contacts/bulk/tags/update/add", b);
    JsonObject *o = expect (r, 201);

    g_assert_cmpint (json_object_get_int_member (o, "errorCount"), ==, 1);
  }
  g_free (b);
  b = g_strdup_printf ("{\"locationId\":\"%s\",\"ids\":[\"%s\"],\"businessId\":\"%s\"}", location (f), id, business);
  CALL ("POST", "/contacts/bulk/business", b, 200);
  g_free (p);
  p = g_strdup_printf ("/contacts/business/%s?locationId=%s", business, location (f));
  {
    g_autoptr(Reply) r = api (f, "GET", p, NULL);

    g_assert_cmpint (json_object_get_int_member (expect (r, 200), "count"), >=, 1);
  }

  g_free (p);
  p = g_strdup_printf ("/contacts/search/duplicate?locationId=%s&email=nobody%%40example.org", location (f));
  {
    g_autoptr(Reply) r = api (f, "GET", p, NULL);

    g_assert_true (json_object_get_null_member (expect (r, 200), "contact"));
  }

  g_free (p);
  p = g_strdup_printf ("%s/notes/%s", base, note_id);
  CALL ("DELETE", p, NULL, 200);

#undef CALL
}

static void
test_dump_deterministic (void)
{
  g_autoptr(GPtrArray) people_a = lia_sandbox_people_generate (SEED, 300);
  g_autoptr(GPtrArray) people_b = lia_sandbox_people_generate (SEED, 300);
  g_autoptr(GPtrArray) people_c = lia_sandbox_people_generate (SEED + 1, 300);
  g_autoptr(LiaGhlEmulator) a = lia_ghl_emulator_new (SEED, people_a);
  g_autoptr(LiaGhlEmulator) b = lia_ghl_emulator_new (SEED, people_b);
  g_autoptr(LiaGhlEmulator) c = lia_ghl_emulator_new (SEED + 1, people_c);
  g_autofree char *da = dump_text (a);
  g_autofree char *db = dump_text (b);
  g_autofree char *dc = dump_text (c);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
  g_assert_cmpstr (lia_ghl_emulator_get_client_id (a), ==, lia_ghl_emulator_get_client_id (b));
}

static void
test_dump_load_reset (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = create_contact (f, "\"firstName\":\"Kept\",\"email\":\"kept@example.org\",\"tags\":[\"x\"],"
                                           "\"customFields\":[{\"key\":\"plan\",\"field_value\":\"Pro\"}]");
  g_autofree char *token = get_token (f, "contacts.readonly", NULL);
  g_autoptr(JsonNode) dump = lia_ghl_emulator_dump (f->ghl);
  g_autofree char *before = json_to_string (dump, FALSE);
  g_autoptr(GPtrArray) people = lia_sandbox_people_generate (SEED, 10);
  g_autoptr(LiaGhlEmulator) other = lia_ghl_emulator_new (SEED, people);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *reset = NULL;
  g_autoptr(JsonNode) bogus = json_from_string ("{\"service\":\"mojo\"}", NULL);

  g_assert_true (lia_ghl_emulator_load (other, dump, &error));
  g_assert_no_error (error);
  after = dump_text (other);
  g_assert_cmpstr (before, ==, after);
  g_assert_nonnull (strstr (after, id));
  g_assert_nonnull (strstr (after, token));

  g_assert_false (lia_ghl_emulator_load (other, bogus, &error));
  g_assert_nonnull (error);

  /* reset: back to the seed's data */
  {
    g_autoptr(GPtrArray) people2 = lia_sandbox_people_generate (SEED, 200);
    g_autoptr(LiaGhlEmulator) pristine = lia_ghl_emulator_new (SEED, people2);
    g_autoptr(Reply) lever = NULL;

    fresh = dump_text (pristine);
    lever = call (f, "POST", "/_sandbox/reset", NO_TOKEN, NO_VERSION, NULL, NULL);
    g_assert_cmpuint (lever->status, ==, 200);
    reset = dump_text (f->ghl);
    g_assert_cmpstr (fresh, ==, reset);
  }
}

static void
test_knobs (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Reply) ok = call (f, "POST", "/_sandbox/faults", NO_TOKEN, NO_VERSION, "application/json",
                              "{\"rate_limit\":\"5/60\",\"daily_limit\":\"off\",\"token_lifetime\":120,"
                              "\"allow_duplicates\":\"yes\",\"search_lag_ms\":0}");
  g_autoptr(Reply) bad = call (f, "POST", "/_sandbox/faults", NO_TOKEN, NO_VERSION, "application/json",
                               "{\"rate_limit\":\"fast\"}");
  g_autofree char *path = g_strdup_printf ("/locations/%s", location (f));
  g_autoptr(Reply) reply = api (f, "GET", path, NULL);
  g_autofree char *query = authorize (f, "contacts.readonly", "approve");
  g_autofree char *code = query_value (query, "code");
  g_autofree char *fields = g_strdup_printf ("grant_type=authorization_code&code=%s", code);
  g_autoptr(Reply) token = token_request (f, fields);

  g_autoptr(Reply) mojo_knob = call (f, "POST", "/_sandbox/faults", NO_TOKEN, NO_VERSION, "application/json",
                                     "{\"index_lag_ms\":5}");

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpuint (mojo_knob->status, ==, 400);
  g_assert_nonnull (strstr (mojo_knob->body, "index_lag_ms"));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Max"), ==, "5");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Interval-Milliseconds"), ==, "60000");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_object_get_object_member (
                   expect (reply, 200), "location"), "settings"), "allowDuplicateContact"));
  g_assert_cmpint (json_object_get_int_member (expect (token, 200), "expires_in"), ==, 120);
}

static void
test_helpers (void)
{
  static const struct { const char *in, *region, *out; } phones[] = {
    { "+1 415-555-0142", NULL, "+14155550142" },
    { "(415) 555-0142", "US", "+14155550142" },
    { "415.555.0142 ext 12", "US", "+14155550142" },
    { "1-415-555-0142", NULL, "+14155550142" },
    { "07700 900123", "GB", "+447700900123" },
    { "0049 1512345678", "DE", "+491512345678" },
    { "call me", NULL, NULL },
    { "12", NULL, NULL },
  };
  g_autofree char *iso = lia_ghl_format_iso_ms (G_GINT64_CONSTANT (1767603600123));
  gint64 ms = 0;

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *out = lia_ghl_normalize_phone (phones[i].in, phones[i].region);

      g_assert_cmpstr (out, ==, phones[i].out);
    }
  g_assert_cmpstr (iso, ==, "2026-01-05T09:00:00.123Z");
  g_assert_true (lia_ghl_parse_iso_ms (iso, &ms));
  g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1767603600123));
  {
    g_autofree char *a = lia_ghl_parse_birth_date ("04/05/1990");
    g_autofree char *b = lia_ghl_parse_birth_date ("1990_04_05");
    g_autofree char *c = lia_ghl_parse_birth_date ("1990-02-30");

    g_assert_cmpstr (a, ==, "1990-04-05");
    g_assert_cmpstr (b, ==, "1990-04-05");
    g_assert_null (c);
  }
}

/* Whatever bytes a request carries, an answer is valid UTF-8 (and HTML-escaped in a page). */
static void
test_invalid_utf8_echoed (Fixture       *f,
                          gconstpointer  data)
{
  const char *client = lia_ghl_emulator_get_client_id (f->ghl);
  g_autofree char *consent = g_strdup_printf ("/oauth/chooselocation?response_type=code&client_id=%s"
                                              "&redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A8719%%2Foauth%%2Fcallback"
                                              "&scope=contacts.readonly&state=%%ff%%3Cb%%3E", client);
  g_autoptr(Reply) contact = api (f, "GET", "/contacts/%ff%fe", NULL);
  g_autoptr(Reply) unrouted = api (f, "GET", "/%ff%fe", NULL);
  g_autoptr(Reply) version = call (f, "GET", "/contacts/x", NULL, "\xff", NULL, NULL);
  g_autoptr(Reply) lever = call (f, "GET", "/_sandbox/%ff", NO_TOKEN, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) page = call (f, "GET", consent, NO_TOKEN, NO_VERSION, NULL, NULL);
  g_autoptr(Reply) stats = call (f, "GET", "/_sandbox/stats", NO_TOKEN, NO_VERSION, NULL, NULL);
  Reply *replies[] = { contact, unrouted, lever, page, stats };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    if (!g_utf8_validate (replies[i]->body, -1, NULL))
      g_error ("answer %u is not UTF-8: %s", i, replies[i]->body);

  expect_message (contact, 400, "Contact with id \xef\xbf\xbd\xef\xbf\xbd not found");
  expect_message (unrouted, 404, "Cannot GET /\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpuint (version->status, ==, 400);
  g_assert_true (g_utf8_validate (version->body, -1, NULL));
  g_assert_cmpuint (lever->status, ==, 404);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_nonnull (strstr (page->body, "name=\"state\" value=\"\xef\xbf\xbd&lt;b&gt;\""));
  g_assert_null (strstr (page->body, "<b>"));
}

/* Nits: the body parser, number ranges, empty required strings, NUL in strings. */
static void
test_body_nits (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = create_contact (f, "\"firstName\":\"Nits\"");
  g_autofree char *notes = g_strdup_printf ("/contacts/%s/notes", id);
  g_autofree char *tasks = g_strdup_printf ("/contacts/%s/tasks", id);
  g_autofree char *json = g_strdup_printf ("{\"locationId\":\"%s\",\"firstName\":\"Plain\"}", location (f));
  g_autofree char *nul = g_strdup_printf ("{\"locationId\":\"%s\",\"firstName\":\"a\\u0000b\"}", location (f));
  g_autofree char *escaped = g_strdup_printf ("{\"locationId\":\"%s\",\"firstName\":\"a\\\\u0000b\"}",
                                              location (f));
  g_autoptr(Reply) plain = call (f, "POST", "/contacts/", NULL, NULL, "text/plain", json);
  g_autoptr(Reply) with_charset = call (f, "POST", "/contacts/", NULL, NULL, "application/json; charset=utf-8", json);
  g_autoptr(Reply) huge_limit = search (f, "\"pageLimit\":1e300");
  g_autoptr(Reply) huge_page = search (f, "\"page\":9223372036854775807");
  g_autoptr(Reply) empty_note = api (f, "POST", notes, "{\"body\":\"\"}");
  g_autoptr(Reply) empty_task = api (f, "POST", tasks, "{\"title\":\"\",\"dueDate\":\"2026-03-01T00:00:00.000Z\","
                                                   "\"completed\":false}");
  g_autoptr(Reply) with_nul = api (f, "POST", "/contacts/", nul);
  g_autoptr(Reply) backslash = api (f, "POST", "/contacts/", escaped);

  /* Express reads only application/json: the DTO stays empty. */
  expect_422 (plain, "locationId should not be empty");
  expect (with_charset, 201);

  expect_422 (huge_limit, "pageLimit must not be greater than 500");
  expect_422 (huge_page, "page * pageLimit must not be greater than 10000: use searchAfter for deeper results");

  expect_422 (empty_note, "body should not be empty");
  expect_422 (empty_task, "title should not be empty");

  expect_422 (with_nul, "firstName must not contain a NUL character");

  /* HEAD is GET without a body. */
  {
    g_autofree char *path = g_strdup_printf ("/contacts/%s", id);
    g_autoptr(Reply) head = api (f, "HEAD", path, NULL);

    g_assert_cmpuint (head->status, ==, 200);
    g_assert_true (head->body == NULL || head->body[0] == '\0');
  }
  g_assert_cmpstr (json_object_get_string_member (contact_of_created (backslash), "firstName"), ==, "a\\u0000b");
}

/* Leaks: the paths that once leaked. The meson test test-ghl-emulator-leaks
 * runs these under LeakSanitizer with the slice allocator off, so that a
 * leaked JsonObject shows. */
static void
test_leaks_dump_and_token (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = get_token (f, "contacts.readonly", NULL);

  g_assert_nonnull (token);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) reply = call (f, "GET", "/_sandbox/dump", NO_TOKEN, NO_VERSION, NULL, NULL);

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (reply), "contacts")), >, 100);
    }
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ghl/helpers", test_helpers);
  ADD ("/ghl/checklist/1-auth-and-version", test_auth_and_version);
  ADD ("/ghl/checklist/2-token-rotation", test_token_rotation);
  ADD ("/ghl/checklist/3-created-and-deleted", test_created_and_deleted);
  ADD ("/ghl/checklist/4-whitelist", test_whitelist);
  ADD ("/ghl/checklist/5-list-paging", test_list_paging);
  ADD ("/ghl/checklist/6-search", test_search);
  ADD ("/ghl/checklist/6-search-lag", test_search_lag);
  ADD ("/ghl/checklist/7-duplicates", test_duplicates);
  ADD ("/ghl/checklist/8-custom-fields", test_custom_fields);
  ADD ("/ghl/checklist/9-rate-limit", test_rate_limit);
  ADD ("/ghl/checklist/10-scopes-and-locations", test_scopes_and_locations);
  ADD ("/ghl/oauth/consent", test_oauth_consent);
  ADD ("/ghl/invalid-utf8-echoed", test_invalid_utf8_echoed);
  ADD ("/ghl/body-nits", test_body_nits);
  ADD ("/ghl/oauth/token-errors", test_oauth_token_errors);
  ADD ("/ghl/oauth/expiry-and-levers", test_oauth_expiry_and_levers);
  ADD ("/ghl/oauth/inactive-location", test_oauth_inactive_location);
  ADD ("/ghl/oauth/private-token", test_pit_scopes);
  ADD ("/ghl/sub-resources", test_sub_resources);
  g_test_add_func ("/ghl/dump/deterministic", test_dump_deterministic);
  ADD ("/ghl/dump/load-and-reset", test_dump_load_reset);
  ADD ("/ghl/knobs", test_knobs);
  ADD ("/ghl/leaks/dump-and-token", test_leaks_dump_and_token);

  return g_test_run ();
}
