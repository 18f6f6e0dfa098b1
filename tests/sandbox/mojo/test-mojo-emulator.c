/* test-mojo-emulator.c: the Mojo Helpdesk emulator's quirks, one test each
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "lia-mojo-emulator.h"
#include "lia-sandbox-seed.h"
#include "lia-sandbox-server.h"

#define SEED 11
#define N_CONTACTS 300

typedef struct
{
  LiaSandboxServer *server;
  LiaMojoEmulator  *mojo;
  SoupSession      *session;
  gint64            now;      /* the injected clock, µs */
} Fixture;

typedef struct
{
  guint     status;
  char     *body;
  JsonNode *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static gint64
fixture_clock (gpointer data)
{
  Fixture *fixture = data;

  return fixture->now;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) people = lia_sandbox_people_generate (SEED, N_CONTACTS);
  g_autoptr(GError) error = NULL;

  fixture->now = (LIA_SANDBOX_EPOCH + 3600) * G_USEC_PER_SEC;
  fixture->mojo = lia_mojo_emulator_new (SEED, people);
  lia_mojo_emulator_set_clock (fixture->mojo, fixture_clock, fixture);
  fixture->server = lia_sandbox_server_new ("mojo", SEED);
  lia_mojo_emulator_attach (fixture->mojo, fixture->server);
  g_assert_true (lia_sandbox_server_listen (fixture->server, 0, &error));
  g_assert_no_error (error);
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  lia_sandbox_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->mojo);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* @path is after the server's URL; @key NULL: the read-write key, "" none;
 * @body is sent as @content_type. */
static Reply *
call_typed (Fixture    *fixture,
            const char *method,
            const char *path,
            const char *key,
            const char *content_type,
            const char *body)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *url = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *separator = strchr (path, '?') != NULL ? "&" : "?";

  if (key == NULL)
    key = lia_mojo_emulator_get_access_key (fixture->mojo);
  if (*key != '\0' && g_str_has_prefix (path, "/api/"))
    url = g_strdup_printf ("%s%s%saccess_key=%s", lia_sandbox_server_get_url (fixture->server), path,
                           separator, key);
  else
    url = g_strdup_printf ("%s%s", lia_sandbox_server_get_url (fixture->server), path);

  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, request);
    }

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &bytes);
  while (bytes == NULL)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (msg);
  reply->body = g_bytes_get_size (bytes) > 0
                ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : g_strdup ("");
  if (reply->body[0] != '\0')
    {
      reply->json = json_from_string (reply->body, NULL);
      if (reply->json == NULL)
        g_error ("%s %s: not JSON: %s", method, path, reply->body);
    }

  return reply;
}

/* @path is after the server's URL; @key NULL: the read-write key, "" none. */
static Reply *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *key,
      const char *body)
{
  return call_typed (fixture, method, path, key, "application/json", body);
}

static Reply *
api (Fixture    *fixture,
     const char *method,
     const char *path,
     const char *body)
{
  g_autofree char *full = g_strconcat ("/api/v2", path, NULL);

  return call (fixture, method, full, NULL, body);
}

static JsonObject *
object_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static JsonArray *
array_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply->json));
  return json_node_get_array (reply->json);
}

static void
assert_reply (Reply      *reply,
              guint       status,
              const char *body)
{
  if (reply->status != status || (body != NULL && g_strcmp0 (reply->body, body) != 0))
    g_error ("expected %u %s, got %u %s", status, body ? body : "", reply->status, reply->body);
}

/* Does the array hold an object with this id? */
static gboolean
has_id (JsonArray *array,
        gint64     id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (json_object_get_int_member (json_array_get_object_element (array, i), "id") == id)
        return TRUE;
    }

  return FALSE;
}

static void
advance (Fixture *fixture,
         gint64   ms)
{
  fixture->now += ms * 1000;
}

#define UNAUTHORIZED "{\"message\":\"You are not authorized for that action.\"," \
                     "\"messages\":[\"You are not authorized for that action.\"]}"
#define READ_ONLY    "{\"message\":\"This API key is read-only and cannot perform write operations.\"," \
                     "\"messages\":[\"This API key is read-only and cannot perform write operations.\"]}"

/* Keys */

static void
test_read_only_key (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *ro = lia_mojo_emulator_get_readonly_key (fixture->mojo);
  const char *writes[][2] = {
    { "POST", "/api/v2/users" }, { "PUT", "/api/v2/users/12003" }, { "PATCH", "/api/v2/users/12003" },
    { "DELETE", "/api/v2/users/12003" }, { "POST", "/api/v2/tickets" },
  };
  g_autoptr(Reply) reply = NULL;

  reply = call (fixture, "GET", "/api/v2/users?per_page=1", ro, NULL);
  assert_reply (reply, 200, NULL);
  g_clear_pointer (&reply, reply_free);

  /* HEAD is a read: any list or record, with either key, and no body. */
  reply = call (fixture, "HEAD", "/api/v2/users?per_page=1", ro, NULL);
  assert_reply (reply, 200, "");
  g_clear_pointer (&reply, reply_free);
  reply = call (fixture, "HEAD", "/api/v2/users/12003", ro, NULL);
  assert_reply (reply, 200, "");

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autoptr(Reply) refused = call (fixture, writes[i][0], writes[i][1], ro,
                                       "{\"email\":\"x@example.com\",\"title\":\"t\"}");

      assert_reply (refused, 401, READ_ONLY);
    }

  /* Nothing was written. */
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", "/users/get_by_email?email=x@example.com", NULL);
  assert_reply (reply, 400, "{\"error\":\"Invalid user email\"}");
}

static void
test_bad_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *old_key = g_strdup (lia_mojo_emulator_get_access_key (fixture->mojo));
  g_autofree char *new_key = NULL;
  Reply *reply;

  reply = call (fixture, "GET", "/api/v2/users", "", NULL);
  assert_reply (reply, 401, UNAUTHORIZED);
  reply_free (reply);
  reply = call (fixture, "GET", "/api/v2/users", "not-a-key", NULL);
  assert_reply (reply, 401, UNAUTHORIZED);
  reply_free (reply);

  /* Rotation: a new value at once, the old one refused. */
  reply = call (fixture, "POST", "/_sandbox/rotate-key", "", "{\"which\":\"readwrite\"}");
  assert_reply (reply, 200, NULL);
  new_key = g_strdup (json_object_get_string_member (object_of (reply), "access_key"));
  reply_free (reply);
  g_assert_cmpstr (new_key, !=, old_key);
  g_assert_cmpstr (new_key, ==, lia_mojo_emulator_get_access_key (fixture->mojo));
  reply = call (fixture, "GET", "/api/v2/users", old_key, NULL);
  assert_reply (reply, 401, UNAUTHORIZED);
  reply_free (reply);
  reply = call (fixture, "GET", "/api/v2/users?per_page=1", new_key, NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);

  /* An expiry date to come, on the injected clock. */
  reply = call (fixture, "POST", "/_sandbox/expire-key", "", "{\"expires_at\":\"2026-01-05T10:00:10Z\"}");
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = call (fixture, "GET", "/api/v2/users?per_page=1", new_key, NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  advance (fixture, 10000);
  reply = call (fixture, "GET", "/api/v2/users?per_page=1", new_key, NULL);
  assert_reply (reply, 401, UNAUTHORIZED);
  reply_free (reply);

  /* Expiring the read-only key by its value; an empty body means the read-write one. */
  reply = call (fixture, "POST", "/_sandbox/rotate-key", "", "{\"which\":\"readwrite\"}");
  reply_free (reply);
  {
    g_autofree char *body = g_strdup_printf ("{\"key\":\"%s\"}", lia_mojo_emulator_get_readonly_key (fixture->mojo));

    reply = call (fixture, "POST", "/_sandbox/expire-key", "", body);
    assert_reply (reply, 200, NULL);
    reply_free (reply);
  }
  reply = call (fixture, "GET", "/api/v2/users", lia_mojo_emulator_get_readonly_key (fixture->mojo), NULL);
  assert_reply (reply, 401, UNAUTHORIZED);
  reply_free (reply);
  reply = api (fixture, "GET", "/users?per_page=1", NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = call (fixture, "POST", "/_sandbox/expire-key", "", NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = api (fixture, "GET", "/users?per_page=1", NULL);
  assert_reply (reply, 401, UNAUTHORIZED);
  reply_free (reply);

  /* Reset brings the seed's keys back. */
  reply = call (fixture, "POST", "/_sandbox/reset", "", NULL);
  reply_free (reply);
  g_assert_cmpstr (lia_mojo_emulator_get_access_key (fixture->mojo), ==, old_key);
  reply = api (fixture, "GET", "/users?per_page=1", NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
}

/* 400 or 404, per endpoint */

static void
test_unknown_ids (Fixture       *fixture,
                  gconstpointer  data)
{
  const struct { const char *method; const char *path; guint status; const char *body; } cases[] = {
    { "GET", "/users/999", 400, "{\"error\":\"Invalid user id\"}" },
    { "GET", "/users/abc", 400, "{\"error\":\"Invalid user id\"}" },
    { "PUT", "/users/999", 400, "{\"error\":\"Invalid user id\"}" },
    { "GET", "/users/get_by_email?email=nobody@example.com", 400, "{\"error\":\"Invalid user email\"}" },
    { "DELETE", "/users/999", 404, "{\"message\":\"Record not found\",\"messages\":[\"Record not found\"]}" },
    { "GET", "/groups/999", 400, "{\"error\":\"Invalid group id\"}" },
    { "DELETE", "/groups/999", 400, "{\"error\":\"Invalid group id\"}" },
    { "GET", "/ticket_queues/999", 400, "{\"error\":\"Invalid ticket queue id\"}" },
    { "GET", "/ticket_types/999", 400, "{\"error\":\"Invalid ticket type id\"}" },
    { "GET", "/tags/999", 400, "{\"error\":\"Invalid tag id\"}" },
    { "GET", "/events/999", 400, "{\"error\":\"Invalid event id\"}" },
    { "GET", "/events?ticket_id=999", 400, "{\"error\":\"Invalid ticket id\"}" },
    { "GET", "/tickets/999", 404, "{\"message\":\"Record not found\"}" },
    { "PUT", "/tickets/999", 404, "{\"message\":\"Record not found\"}" },
    { "DELETE", "/tickets/999", 404, "{\"message\":\"Record not found\"}" },
    { "GET", "/tickets/999/comments", 404, "{\"message\":\"Record not found\"}" },
    { "POST", "/tickets/999/comments", 400, "{\"error\":\"Invalid ticket id\"}" },
    { "POST", "/tickets/999/staff_notes", 400, "{\"error\":\"Invalid ticket id\"}" },
    { "GET", "/tickets/999/tasks", 404, "{\"message\":\"Record not found\"}" },
    { "PUT", "/tickets/999/tasks/1", 404, "{\"message\":\"Record not found\"}" },
  };
  g_autoptr(Reply) list = api (fixture, "GET", "/tickets?per_page=1", NULL);
  gint64 ticket_id = json_object_get_int_member (json_array_get_object_element (array_of (list), 0), "id");
  g_autofree char *task_path = g_strdup_printf ("/tickets/%" G_GINT64_FORMAT "/tasks/1", ticket_id);
  Reply *reply;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      reply = api (fixture, cases[i].method, cases[i].path, "{\"body\":\"x\",\"title\":\"x\"}");
      assert_reply (reply, cases[i].status, cases[i].body);
      reply_free (reply);
    }

  /* A task that is not on a known ticket: 400 on update and delete. */
  reply = api (fixture, "PUT", task_path, "{\"title\":\"x\"}");
  assert_reply (reply, 400, "{\"error\":\"Invalid task id\"}");
  reply_free (reply);
  reply = api (fixture, "DELETE", task_path, NULL);
  assert_reply (reply, 400, "{\"error\":\"Invalid task id\"}");
  reply_free (reply);
  /* No single-task GET: the route does not exist. */
  reply = api (fixture, "GET", task_path, NULL);
  assert_reply (reply, 404, NULL);
  reply_free (reply);
}

/* Lists */

static guint
list_length (Fixture    *fixture,
             const char *path)
{
  g_autoptr(Reply) reply = api (fixture, "GET", path, NULL);

  assert_reply (reply, 200, NULL);
  return json_array_get_length (array_of (reply));
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;

  g_assert_cmpuint (list_length (fixture, "/users"), ==, 30);
  g_assert_cmpuint (list_length (fixture, "/users?per_page=5000"), ==, 100);
  g_assert_cmpuint (list_length (fixture, "/users?per_page=7"), ==, 7);
  g_assert_cmpuint (list_length (fixture, "/users?page=1000"), ==, 0);
  g_assert_cmpuint (list_length (fixture, "/tickets"), ==, 10);
  g_assert_cmpuint (list_length (fixture, "/tickets?per_page=1000"), ==, 100);
  /* The search's minimum is 10. */
  g_assert_cmpuint (list_length (fixture, "/tickets/search?per_page=3"), ==, 10);
  g_assert_cmpuint (list_length (fixture, "/tickets/search?per_page=500"), ==, 100);
  g_assert_cmpuint (list_length (fixture, "/events"), ==, 30);
  g_assert_cmpuint (list_length (fixture, "/events?per_page=100"), ==, 30);
  g_assert_cmpuint (list_length (fixture, "/groups?per_page=2"), ==, 2);
  g_assert_cmpuint (list_length (fixture, "/ticket_queues"), ==, 3);
  g_assert_cmpuint (list_length (fixture, "/tags?per_page=1"), ==, 6);
  g_assert_cmpuint (list_length (fixture, "/users/techs"), ==, 6);

  /* Pages do not overlap; users come by id. */
  first = api (fixture, "GET", "/users?per_page=10&page=1", NULL);
  second = api (fixture, "GET", "/users?per_page=10&page=2", NULL);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array_of (first), 9), "id"), <,
                   json_object_get_int_member (json_array_get_object_element (array_of (second), 0), "id"));

  /* Tickets: id descending by default; sort_by and sort_order. */
  {
    g_autoptr(Reply) tickets = api (fixture, "GET", "/tickets?per_page=5", NULL);
    g_autoptr(Reply) ascending = api (fixture, "GET", "/tickets?per_page=5&sort_by=updated_on&sort_order=asc", NULL);
    JsonArray *array = array_of (tickets);
    JsonArray *asc = array_of (ascending);

    for (guint i = 1; i < 5; i++)
      {
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, i - 1), "id"), >,
                         json_object_get_int_member (json_array_get_object_element (array, i), "id"));
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (asc, i - 1), "updated_on"), <=,
                         json_object_get_string_member (json_array_get_object_element (asc, i), "updated_on"));
      }
    /* The list has no search-only members. */
    g_assert_false (json_object_has_member (json_array_get_object_element (array, 0), "closed_on"));
  }
}

/* Users */

static void
test_user_writes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) quiet = NULL;
  g_autoptr(Reply) updated = NULL;
  g_autoptr(Reply) deleted = NULL;
  g_autoptr(Reply) dump = NULL;
  g_autofree char *path = NULL;
  Reply *reply;
  gint64 id, quiet_id;

  created = api (fixture, "POST", "/users", "{\"email\":\"New.Person@Example.com\",\"first_name\":\"Néw\"}");
  assert_reply (created, 201, NULL);
  id = json_object_get_int_member (object_of (created), "id");
  g_assert_cmpstr (json_object_get_string_member (object_of (created), "email"), ==, "new.person@example.com");
  g_assert_cmpint (json_object_get_int_member (object_of (created), "role_id"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (object_of (created), "created_on"), ==, "2026-01-05T10:00:00Z");

  /* send_welcome_email is a query parameter; in the body it is ignored. */
  quiet = api (fixture, "POST", "/users?send_welcome_email=0",
               "{\"email\":\"quiet@example.com\",\"send_welcome_email\":1}");
  assert_reply (quiet, 201, NULL);
  quiet_id = json_object_get_int_member (object_of (quiet), "id");

  reply = api (fixture, "POST", "/users", "{\"email\":\"nobody@example.com\",\"send_welcome_email\":0}");
  assert_reply (reply, 201, NULL);
  reply_free (reply);

  dump = call (fixture, "GET", "/_sandbox/dump", "", NULL);
  {
    JsonArray *users = json_object_get_array_member (object_of (dump), "users");

    for (guint i = 0; i < json_array_get_length (users); i++)
      {
        JsonObject *user = json_array_get_object_element (users, i);
        const char *email = json_object_get_string_member (user, "email");

        if (g_str_equal (email, "quiet@example.com"))
          g_assert_false (json_object_get_boolean_member (user, "welcome_email_sent"));
        else if (g_str_equal (email, "nobody@example.com") || g_str_equal (email, "new.person@example.com"))
          g_assert_true (json_object_get_boolean_member (user, "welcome_email_sent"));
      }
  }

  /* Duplicates and bad values. */
  reply = api (fixture, "POST", "/users", "{\"email\":\"new.person@example.com\"}");
  assert_reply (reply, 400, "{\"error\":\"The user with email new.person@example.com already exists as a User.\"}");
  reply_free (reply);
  reply = api (fixture, "POST", "/users", "{\"email\":\"not-an-email\"}");
  assert_reply (reply, 400, "{\"error\":\"Email is invalid\"}");
  reply_free (reply);
  reply = api (fixture, "POST", "/users", "{\"email\":\"x@example.com\",\"company_id\":1}");
  assert_reply (reply, 400, "{\"error\":\"Invalid company id\"}");
  reply_free (reply);
  reply = api (fixture, "POST", "/users",
               "{\"email\":\"y@example.com\",\"first_name\":\"0123456789012345678901234567890123456789012345\"}");
  assert_reply (reply, 400, "{\"error\":\"First name is too long (maximum is 45 characters)\"}");
  reply_free (reply);

  /* Update: the email is ignored. */
  advance (fixture, 60000);
  path = g_strdup_printf ("/users/%" G_GINT64_FORMAT, id);
  updated = api (fixture, "PUT", path, "{\"email\":\"changed@example.com\",\"last_name\":\"Person\",\"cell_phone\":\"+1 555 0100\"}");
  assert_reply (updated, 200, NULL);
  g_assert_cmpstr (json_object_get_string_member (object_of (updated), "email"), ==, "new.person@example.com");
  g_assert_cmpstr (json_object_get_string_member (object_of (updated), "full_name"), ==, "Néw Person");
  g_assert_cmpstr (json_object_get_string_member (object_of (updated), "updated_on"), ==, "2026-01-05T10:01:00Z");
  reply = api (fixture, "GET", "/users/get_by_email?email=changed@example.com", NULL);
  assert_reply (reply, 400, "{\"error\":\"Invalid user email\"}");
  reply_free (reply);
  /* get_by_email ignores case. */
  reply = api (fixture, "GET", "/users/get_by_email?email=NEW.PERSON@example.com", NULL);
  assert_reply (reply, 200, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (reply), "id"), ==, id);
  reply_free (reply);

  /* Delete: 200 with an empty body, then gone; the owner cannot go. */
  deleted = api (fixture, "DELETE", path, NULL);
  assert_reply (deleted, 200, "");
  g_assert_null (deleted->json);
  reply = api (fixture, "GET", path, NULL);
  assert_reply (reply, 400, "{\"error\":\"Invalid user id\"}");
  reply_free (reply);
  reply = api (fixture, "DELETE", "/users/12000", NULL);
  assert_reply (reply, 422, NULL);
  reply_free (reply);
  g_assert_cmpint (quiet_id, >, id);
}

/* Search */

typedef gboolean (*TicketPredicate) (JsonObject *ticket);

/* Every ticket, through the list. */
static JsonArray *
all_tickets (Fixture *fixture)
{
  JsonArray *all = json_array_new ();

  for (guint page = 1;; page++)
    {
      g_autofree char *path = g_strdup_printf ("/tickets?per_page=100&page=%u", page);
      g_autoptr(Reply) reply = api (fixture, "GET", path, NULL);
      JsonArray *array = array_of (reply);

      if (json_array_get_length (array) == 0)
        break;
      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (array, i)));
    }

  return all;
}

/* All pages of a search, as a sorted list of ids. */
static GArray *
search_ids (Fixture    *fixture,
            const char *query,
            const char *extra)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);

  for (guint page = 1;; page++)
    {
      g_autofree char *path = g_strdup_printf ("/tickets/search?query=%s&per_page=100&page=%u%s",
                                               escaped, page, extra ? extra : "");
      g_autoptr(Reply) reply = api (fixture, "GET", path, NULL);
      JsonArray *array;

      assert_reply (reply, 200, NULL);
      array = array_of (reply);
      if (json_array_get_length (array) == 0)
        break;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (array, i), "id");

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 ia = *(const gint64 *) a, ib = *(const gint64 *) b;

  return ia < ib ? -1 : ia > ib;
}

static void
assert_search (Fixture        *fixture,
               JsonArray      *all,
               const char     *query,
               TicketPredicate predicate)
{
  g_autoptr(GArray) found = search_ids (fixture, query, NULL);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *ticket = json_array_get_object_element (all, i);

      if (predicate (ticket))
        {
          gint64 id = json_object_get_int_member (ticket, "id");

          g_array_append_val (expected, id);
        }
    }

  g_array_sort (found, compare_ids);
  g_array_sort (expected, compare_ids);
  if (found->len != expected->len || expected->len == 0 || found->len == json_array_get_length (all) ||
      memcmp (found->data, expected->data, found->len * sizeof (gint64)) != 0)
    g_error ("query %s: %u found, %u expected (of %u)", query, found->len, expected->len,
             json_array_get_length (all));
}

static gboolean open_tickets (JsonObject *t) { return json_object_get_int_member (t, "status_id") < 50; }
static gboolean urgent_open (JsonObject *t)
{
  return json_object_get_int_member (t, "priority_id") <= 20 && json_object_get_int_member (t, "status_id") < 50;
}
static gboolean solved_or_more (JsonObject *t) { return json_object_get_int_member (t, "status_id") >= 50; }
static gboolean above_forty (JsonObject *t) { return json_object_get_int_member (t, "status_id") > 40; }
static gboolean has_due (JsonObject *t) { return !json_object_get_null_member (t, "due_on"); }
static gboolean in_queue (JsonObject *t) { return json_object_get_int_member (t, "ticket_queue_id") == 19641; }
static gboolean updated_after (JsonObject *t)
{
  return g_strcmp0 (json_object_get_string_member (t, "updated_on"), "2025-10-01T00:00:00Z") >= 0;
}
static gboolean updated_before (JsonObject *t)
{
  return g_strcmp0 (json_object_get_string_member (t, "updated_on"), "2025-10-01T00:00:00Z") <= 0;
}
static gboolean updated_between (JsonObject *t)
{
  const char *updated = json_object_get_string_member (t, "updated_on");

  return g_strcmp0 (updated, "2025-09-01T00:00:00Z") >= 0 && g_strcmp0 (updated, "2025-11-30T23:59:59Z") <= 0;
}
static gboolean not_new (JsonObject *t) { return json_object_get_int_member (t, "status_id") != 10; }
static gboolean damaged (JsonObject *t)
{
  return g_strcmp0 (json_object_get_string_member (t, "title"), "Order arrived damaged") == 0;
}
static gboolean new_or_closed (JsonObject *t)
{
  gint64 status = json_object_get_int_member (t, "status_id");

  return status == 10 || status == 60;
}

static void
test_search_language (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonArray) all = all_tickets (fixture);
  g_autoptr(GArray) by_requester = NULL;
  JsonObject *first = json_array_get_object_element (all, 0);
  g_autofree char *requester_query = NULL;
  g_autofree char *email = NULL;
  Reply *reply;

  g_assert_cmpuint (json_array_get_length (all), >, 50);

  assert_search (fixture, all, "status.id:(<50)", open_tickets);
  assert_search (fixture, all, "priority.id:(<=20) AND status.id:(<50)", urgent_open);
  assert_search (fixture, all, "status.id:(>=50)", solved_or_more);
  assert_search (fixture, all, "status.id:(>40)", above_forty);
  assert_search (fixture, all, "_exists_:due_on", has_due);
  assert_search (fixture, all, "ticket_queue.id:19641", in_queue);
  assert_search (fixture, all, "queue.id:19641", in_queue);
  assert_search (fixture, all, "updated_on:[2025-10-01T00:00:00Z TO *]", updated_after);
  assert_search (fixture, all, "updated_on:[* TO 2025-10-01T00:00:00Z]", updated_before);
  assert_search (fixture, all, "updated_on:[2025-09-01T00:00:00Z TO 2025-11-30T23:59:59Z]", updated_between);
  assert_search (fixture, all, "NOT status.id:10", not_new);
  assert_search (fixture, all, "title:(\"Order arrived damaged\")", damaged);
  assert_search (fixture, all, "status.id:(10 OR 60)", new_or_closed);

  /* A quoted email on created_by.email finds that requester's tickets. */
  {
    g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT, json_object_get_int_member (first, "user_id"));
    g_autoptr(Reply) user = api (fixture, "GET", path, NULL);

    email = g_strdup (json_object_get_string_member (object_of (user), "email"));
  }
  requester_query = g_strdup_printf ("created_by.email:(\"%s\") AND status.id:(<=60)", email);
  by_requester = search_ids (fixture, requester_query, NULL);
  g_assert_cmpuint (by_requester->len, >=, 1);
  for (guint i = 0; i < by_requester->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/tickets/%" G_GINT64_FORMAT, g_array_index (by_requester, gint64, i));
      g_autoptr(Reply) ticket = api (fixture, "GET", path, NULL);

      g_assert_cmpint (json_object_get_int_member (object_of (ticket), "user_id"), ==,
                       json_object_get_int_member (first, "user_id"));
    }

  /* sf and r: the order. */
  {
    g_autoptr(Reply) asc = api (fixture, "GET", "/tickets/search?query=status.id:(%3C50)&sf=updated_on&r=0&per_page=50", NULL);
    g_autoptr(Reply) desc = api (fixture, "GET", "/tickets/search?query=status.id:(%3C50)&sf=updated_on&r=1&per_page=50", NULL);
    JsonArray *a = array_of (asc), *d = array_of (desc);

    for (guint i = 1; i < json_array_get_length (a); i++)
      {
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, i - 1), "updated_on"), <=,
                         json_object_get_string_member (json_array_get_object_element (a, i), "updated_on"));
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (d, i - 1), "updated_on"), >=,
                         json_object_get_string_member (json_array_get_object_element (d, i), "updated_on"));
      }
    /* Search results carry the search-only members. */
    g_assert_true (json_object_has_member (json_array_get_object_element (a, 0), "closed_on"));
    g_assert_true (json_object_has_member (json_array_get_object_element (a, 0), "tags"));
  }

  /* What Elasticsearch refuses: 400 {"error":"bad request"}. */
  {
    const char *bad[] = {
      "status.id:(<50", "updated_on:[2025-01-01T00:00:00Z TO", "status.id:abc", "due_on:[yesterday TO *]",
      "status.id:\\(\\<50\\)", "title:\"unterminated", "status.id:10 AND",
      /* An operator with no operand, leading or trailing, is refused the same way. */
      "AND", "OR", "&&", "NOT", "NOT AND NOT AND status.id:50", "AND status.id:50", "OR status.id:50",
      "status.id:50 OR", "status.id:50 NOT", "(AND)", "status.id:50 AND OR status.id:60",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *escaped = g_uri_escape_string (bad[i], NULL, FALSE);
        g_autofree char *path = g_strdup_printf ("/tickets/search?query=%s", escaped);

        reply = api (fixture, "GET", path, NULL);
        if (reply->status != 400)
          g_error ("%s: %u", bad[i], reply->status);
        assert_reply (reply, 400, "{\"error\":\"bad request\"}");
        reply_free (reply);
      }
  }

  /* An unknown field matches nothing; no query matches everything. */
  g_assert_cmpuint (list_length (fixture, "/tickets/search?query=no_such.field:1"), ==, 0);
  g_assert_cmpuint (list_length (fixture, "/tickets/search?per_page=100"), ==,
                    MIN (100, json_array_get_length (all)));
}

/* The index lag */

static void
test_index_lag (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) ticket = NULL;
  g_autofree char *user_path = NULL;
  g_autofree char *ticket_path = NULL;
  g_autofree char *last_page = NULL;
  gint64 user_id, ticket_id;
  Reply *reply;

  lia_mojo_emulator_set_index_lag_ms (fixture->mojo, 5000);

  created = api (fixture, "POST", "/users", "{\"email\":\"lagging@example.com\",\"first_name\":\"Lag\"}");
  assert_reply (created, 201, NULL);
  user_id = json_object_get_int_member (object_of (created), "id");
  user_path = g_strdup_printf ("/users/%" G_GINT64_FORMAT, user_id);
  /* The newest users are on the last page of 100s. */
  last_page = g_strdup_printf ("/users?per_page=100&page=%u", (N_CONTACTS + 100) / 100 + 1);

  /* Get and get_by_email see it at once; the list does not. */
  reply = api (fixture, "GET", user_path, NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = api (fixture, "GET", "/users/get_by_email?email=lagging@example.com", NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);

  for (guint step = 0; step < 2; step++)
    {
      gboolean listed = FALSE;

      for (guint page = 1; !listed; page++)
        {
          g_autofree char *path = g_strdup_printf ("/users?per_page=100&page=%u", page);
          g_autoptr(Reply) list = api (fixture, "GET", path, NULL);

          if (json_array_get_length (array_of (list)) == 0)
            break;
          listed = has_id (array_of (list), user_id);
        }
      g_assert_true (listed == (step == 1));
      advance (fixture, 5000);
    }

  /* A ticket: invisible to list and search until the lag has passed. */
  ticket = api (fixture, "POST", "/tickets", "{\"title\":\"Lagging ticket\",\"ticket_queue_id\":19640,\"priority_id\":\"20\"}");
  assert_reply (ticket, 201, NULL);
  ticket_id = json_object_get_int_member (object_of (ticket), "id");
  ticket_path = g_strdup_printf ("/tickets/%" G_GINT64_FORMAT, ticket_id);
  reply = api (fixture, "GET", ticket_path, NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = api (fixture, "GET", "/tickets?per_page=5", NULL);
  g_assert_false (has_id (array_of (reply), ticket_id));
  reply_free (reply);
  reply = api (fixture, "GET", "/tickets/search?query=title:lagging", NULL);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 0);
  reply_free (reply);
  advance (fixture, 4999);
  reply = api (fixture, "GET", "/tickets/search?query=title:lagging", NULL);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 0);
  reply_free (reply);
  advance (fixture, 1);
  reply = api (fixture, "GET", "/tickets/search?query=title:lagging", NULL);
  g_assert_true (has_id (array_of (reply), ticket_id));
  reply_free (reply);

  /* An update: the index shows the previous version until the lag passes. */
  reply = api (fixture, "PUT", ticket_path, "{\"title\":\"Renamed ticket\"}");
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = api (fixture, "GET", "/tickets/search?query=title:lagging", NULL);
  g_assert_true (has_id (array_of (reply), ticket_id));
  reply_free (reply);
  reply = api (fixture, "GET", "/tickets/search?query=title:renamed", NULL);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 0);
  reply_free (reply);
  reply = api (fixture, "GET", ticket_path, NULL);
  g_assert_cmpstr (json_object_get_string_member (object_of (reply), "title"), ==, "Renamed ticket");
  reply_free (reply);
  advance (fixture, 5000);
  reply = api (fixture, "GET", "/tickets/search?query=title:renamed", NULL);
  g_assert_true (has_id (array_of (reply), ticket_id));
  reply_free (reply);

  /* A deletion: get fails at once, the list still shows it for the lag. */
  reply = api (fixture, "DELETE", ticket_path, NULL);
  assert_reply (reply, 200, "");
  reply_free (reply);
  reply = api (fixture, "GET", ticket_path, NULL);
  assert_reply (reply, 404, NULL);
  reply_free (reply);
  reply = api (fixture, "GET", "/tickets?per_page=5", NULL);
  g_assert_true (has_id (array_of (reply), ticket_id));
  reply_free (reply);
  advance (fixture, 5000);
  reply = api (fixture, "GET", "/tickets?per_page=5", NULL);
  g_assert_false (has_id (array_of (reply), ticket_id));
  reply_free (reply);

  /* The knob through the server's faults route. */
  reply = call (fixture, "POST", "/_sandbox/faults", "", "{\"index_lag_ms\":0}");
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = call (fixture, "POST", "/_sandbox/faults", "", "{\"index_lag_ms\":\"soon\"}");
  assert_reply (reply, 400, NULL);
  reply_free (reply);
  /* HighLevel's knobs are not Mojo's. */
  reply = call (fixture, "POST", "/_sandbox/faults", "", "{\"index_lag_ms\":0,\"search_lag_ms\":5}");
  assert_reply (reply, 400, NULL);
  g_assert_nonnull (strstr (reply->body, "search_lag_ms"));
  reply_free (reply);
}

/* Tickets, comments, notes, tasks */

static void
test_ticket_children (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Reply) ticket = api (fixture, "POST", "/tickets",
                                 "{\"title\":\"Printer\",\"ticket_queue_id\":\"19640\",\"user\":{\"email\":\"printer.owner@example.com\"}}");
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  gint64 id, task_ids[3];
  Reply *reply;

  assert_reply (ticket, 201, NULL);
  id = json_object_get_int_member (object_of (ticket), "id");
  g_assert_cmpint (json_object_get_int_member (object_of (ticket), "created_from"), ==, 3);
  base = g_strdup_printf ("/tickets/%" G_GINT64_FORMAT, id);

  /* The requester was created by email. */
  reply = api (fixture, "GET", "/users/get_by_email?email=printer.owner@example.com", NULL);
  assert_reply (reply, 200, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (reply), "id"), ==,
                   json_object_get_int_member (object_of (ticket), "user_id"));
  reply_free (reply);

  /* Validation: 422 with a message. */
  reply = api (fixture, "POST", "/tickets", "{\"ticket_queue_id\":19640}");
  assert_reply (reply, 422, NULL);
  g_assert_true (json_object_has_member (object_of (reply), "message"));
  reply_free (reply);

  /* Comments and notes: 201, milliseconds in their times. */
  path = g_strdup_printf ("%s/comments", base);
  reply = api (fixture, "POST", path, "{\"body\":\"First!\",\"time_spent\":5,\"user_id\":424242}");
  assert_reply (reply, 201, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (reply), "user_id"), ==, 12000);
  g_assert_cmpstr (json_object_get_string_member (object_of (reply), "created_on"), ==, "2026-01-05T10:00:00.000Z");
  reply_free (reply);
  reply = api (fixture, "POST", path, "{\"body\":\"\"}");
  assert_reply (reply, 400, "{\"error\":\"Body can't be blank\"}");
  reply_free (reply);
  g_assert_cmpuint (list_length (fixture, path), ==, 1);
  g_free (path);
  path = g_strdup_printf ("%s/staff_notes", base);
  reply = api (fixture, "POST", path, "{\"body\":\"Internal\"}");
  assert_reply (reply, 201, NULL);
  g_assert_false (json_object_has_member (object_of (reply), "is_private"));
  reply_free (reply);
  g_assert_cmpuint (list_length (fixture, path), ==, 1);

  /* Tasks */
  g_free (path);
  path = g_strdup_printf ("%s/tasks", base);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"title\":\"Step %u\",\"due_on\":\"2026-01-10T12:00:00Z\"}", i);

      reply = api (fixture, "POST", path, body);
      assert_reply (reply, 201, NULL);
      task_ids[i] = json_object_get_int_member (object_of (reply), "id");
      g_assert_cmpint (json_object_get_int_member (object_of (reply), "position"), ==, i);
      reply_free (reply);
    }
  reply = api (fixture, "POST", path, "{\"notes\":\"no title\"}");
  assert_reply (reply, 400, "{\"error\":\"Title can't be blank\"}");
  reply_free (reply);

  /* Closing with open tasks: 422. */
  reply = api (fixture, "PUT", base, "{\"status_id\":60}");
  assert_reply (reply, 422, NULL);
  reply_free (reply);

  {
    g_autofree char *task_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, path, task_ids[1]);
    g_autofree char *reorder_path = g_strdup_printf ("%s/reorder", path);
    g_autofree char *reorder = g_strdup_printf ("{\"keys\":[%" G_GINT64_FORMAT ",\"%" G_GINT64_FORMAT "\",1,%" G_GINT64_FORMAT "]}",
                                                task_ids[2], task_ids[1], task_ids[0]);
    g_autofree char *purge_path = g_strdup_printf ("%s/delete_completed", path);
    JsonArray *tasks;

    reply = api (fixture, "PATCH", task_path, "{\"is_completed\":true,\"notes\":\"done\"}");
    assert_reply (reply, 200, NULL);
    g_assert_true (json_object_get_boolean_member (object_of (reply), "is_completed"));
    g_assert_cmpstr (json_object_get_string_member (object_of (reply), "title"), ==, "Step 1");
    reply_free (reply);

    /* Reorder: positions follow the keys; a foreign id is ignored. */
    reply = api (fixture, "POST", reorder_path, reorder);
    assert_reply (reply, 200, NULL);
    tasks = array_of (reply);
    g_assert_cmpuint (json_array_get_length (tasks), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tasks, 0), "id"), ==, task_ids[2]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tasks, 0), "position"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tasks, 2), "id"), ==, task_ids[0]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tasks, 2), "position"), ==, 3);
    reply_free (reply);

    reply = api (fixture, "POST", purge_path, NULL);
    assert_reply (reply, 200, NULL);
    g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 2);
    g_assert_false (has_id (array_of (reply), task_ids[1]));
    reply_free (reply);

    g_free (task_path);
    task_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, path, task_ids[0]);
    reply = api (fixture, "DELETE", task_path, NULL);
    assert_reply (reply, 200, "");
    reply_free (reply);
    g_assert_cmpuint (list_length (fixture, path), ==, 1);
  }

  /* The full ticket embeds them all. */
  reply = api (fixture, "GET", base, NULL);
  assert_reply (reply, 200, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (reply), "tasks")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (reply), "all_comments")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (reply), "staff_notes")), ==, 1);
  reply_free (reply);

  /* Tags by label are created; the ticket's events are logged. */
  g_free (path);
  path = g_strdup_printf ("%s/add_tag", base);
  reply = api (fixture, "POST", path, "{\"tag_label\":\"printer\"}");
  assert_reply (reply, 200, NULL);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 1);
  reply_free (reply);
  g_free (path);
  path = g_strdup_printf ("%s/events", base);
  g_assert_cmpuint (list_length (fixture, path), >=, 5);
}

/* Dump, load, reset */

static char *
dump_text (LiaMojoEmulator *mojo)
{
  g_autoptr(JsonNode) dump = lia_mojo_emulator_dump (mojo);

  return json_to_string (dump, FALSE);
}

static void
test_dump (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) people = lia_sandbox_people_generate (SEED, N_CONTACTS);
  g_autoptr(GPtrArray) other_people = lia_sandbox_people_generate (SEED + 1, N_CONTACTS);
  g_autoptr(LiaMojoEmulator) twin = lia_mojo_emulator_new (SEED, people);
  g_autoptr(LiaMojoEmulator) other = lia_mojo_emulator_new (SEED + 1, other_people);
  g_autoptr(LiaMojoEmulator) restored = lia_mojo_emulator_new (SEED + 1, other_people);
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = dump_text (fixture->mojo);
  g_autofree char *twin_text = dump_text (twin);
  g_autofree char *other_text = dump_text (other);
  g_autofree char *changed_text = NULL;
  g_autofree char *restored_text = NULL;
  g_autofree char *reset_text = NULL;
  g_autoptr(Reply) served = call (fixture, "GET", "/_sandbox/dump", "", NULL);
  Reply *reply;

  /* Same seed, same bytes; another seed, other data. */
  g_assert_cmpstr (original, ==, twin_text);
  g_assert_cmpstr (original, !=, other_text);
  g_assert_cmpuint (strlen (original), >, 100000);
  assert_reply (served, 200, NULL);

  /* Change things, dump, load elsewhere, dump again: the same. */
  reply = api (fixture, "POST", "/users", "{\"email\":\"roundtrip@example.com\"}");
  reply_free (reply);
  reply = api (fixture, "POST", "/tickets", "{\"title\":\"Round trip\",\"ticket_queue_id\":19641}");
  reply_free (reply);
  reply = call (fixture, "POST", "/_sandbox/rotate-key", "", "{\"which\":\"readonly\"}");
  reply_free (reply);
  changed = lia_mojo_emulator_dump (fixture->mojo);
  changed_text = json_to_string (changed, FALSE);
  g_assert_cmpstr (changed_text, !=, original);
  g_assert_null (strstr (changed_text, lia_mojo_emulator_get_access_key (fixture->mojo)));

  g_assert_true (lia_mojo_emulator_load (restored, changed, &error));
  g_assert_no_error (error);
  restored_text = dump_text (restored);
  g_assert_cmpstr (restored_text, ==, changed_text);
  g_assert_cmpstr (lia_mojo_emulator_get_readonly_key (restored), ==,
                   lia_mojo_emulator_get_readonly_key (fixture->mojo));

  /* A bad state is refused. */
  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"service\":\"mojo\",\"users\":3}", NULL);

    g_assert_false (lia_mojo_emulator_load (restored, bad, &error));
    g_assert_nonnull (error);
  }

  /* Reset: the seed's data again. */
  reply = call (fixture, "POST", "/_sandbox/reset", "", NULL);
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reset_text = dump_text (fixture->mojo);
  g_assert_cmpstr (reset_text, ==, original);
}

/* Every seeded ticket's timeline is in order (ticket 211010 of seed 7 was
 * first assigned after it was solved). */
static void
assert_before (JsonObject *ticket,
               const char *earlier,
               const char *later)
{
  const char *a = json_object_get_string_member_with_default (ticket, earlier, NULL);
  const char *b = json_object_get_string_member_with_default (ticket, later, NULL);

  /* Same fixed-width format: text order is time order. */
  if (a != NULL && b != NULL && strcmp (a, b) > 0)
    g_error ("ticket %" G_GINT64_FORMAT ": %s %s after %s %s", json_object_get_int_member (ticket, "id"),
             earlier, a, later, b);
}

static void
test_demo_timelines (void)
{
  const guint64 seeds[] = { 7, SEED };

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(GPtrArray) people = lia_sandbox_people_generate (seeds[s], 1000);
      g_autoptr(LiaMojoEmulator) mojo = lia_mojo_emulator_new (seeds[s], people);
      g_autoptr(JsonNode) dump = lia_mojo_emulator_dump (mojo);
      JsonArray *tickets = json_object_get_array_member (json_node_get_object (dump), "tickets");

      g_assert_cmpuint (json_array_get_length (tickets), >, 500);
      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *ticket = json_array_get_object_element (tickets, i);

          assert_before (ticket, "created_on", "first_assigned_on");
          assert_before (ticket, "first_assigned_on", "assigned_on");
          assert_before (ticket, "created_on", "status_changed_on");
          assert_before (ticket, "first_assigned_on", "solved_on");
          assert_before (ticket, "created_on", "solved_on");
          assert_before (ticket, "solved_on", "closed_on");
          assert_before (ticket, "solved_on", "rated_on");
          assert_before (ticket, "assigned_on", "updated_on");
          assert_before (ticket, "status_changed_on", "updated_on");
          assert_before (ticket, "solved_on", "updated_on");
          assert_before (ticket, "closed_on", "updated_on");
        }
    }
}

/* Whatever bytes a request carries, an answer is valid UTF-8. */
static void
test_invalid_utf8_echoed (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *paths[] = {
    "/api/v2/tickets/%ff%fe", "/api/v2/users/%ff", "/%ff%fe", "/api/v2/%ff", "/_sandbox/%ff",
    "/api/v2/tickets/search?query=%ff:1", "/api/v2/tickets/search?query=status.id:%ff",
  };
  Reply *reply;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      reply = call (fixture, "GET", paths[i], NULL, NULL);
      if (!g_utf8_validate (reply->body, -1, NULL))
        g_error ("%s: the answer is not UTF-8: %s", paths[i], reply->body);
      reply_free (reply);
    }

  /* A form value is stored (and answered) as UTF-8. */
  reply = call_typed (fixture, "POST", "/api/v2/tickets", NULL, "application/x-www-form-urlencoded",
                      "title=%ff%fe&description=x&ticket_queue_id=19641");
  assert_reply (reply, 201, NULL);
  g_assert_true (g_utf8_validate (reply->body, -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (object_of (reply), "title"), ==, "\xef\xbf\xbd\xef\xbf\xbd");
  reply_free (reply);
}

/* Leaks: the paths that once leaked their body's JsonObject. The meson
 * test test-mojo-emulator-leaks runs these under LeakSanitizer with the
 * slice allocator off, so that a leaked object shows. */

static void
test_leaks_bodies (Fixture       *fixture,
                   gconstpointer  data)
{
  Reply *reply;

  for (guint i = 0; i < 3; i++)
    {
      reply = call (fixture, "GET", "/_sandbox/dump", "", NULL);
      assert_reply (reply, 200, NULL);
      g_assert_nonnull (json_object_get_array_member (object_of (reply), "tickets"));
      reply_free (reply);
    }

  /* An empty body is an empty object, for the API and for the levers. */
  reply = call_typed (fixture, "PUT", "/api/v2/users/12003", NULL, "application/json", "");
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = call_typed (fixture, "POST", "/api/v2/tickets", NULL, "application/json", "");
  g_assert_cmpuint (reply->status, >=, 400);
  reply_free (reply);

  /* A form-encoded POST */
  reply = call_typed (fixture, "POST", "/api/v2/tickets", NULL, "application/x-www-form-urlencoded",
                      "title=From+a+form&description=Hello&ticket_queue_id=19641");
  assert_reply (reply, 201, NULL);
  g_assert_cmpstr (json_object_get_string_member (object_of (reply), "title"), ==, "From a form");
  reply_free (reply);

  reply = call_typed (fixture, "POST", "/_sandbox/rotate-key", "", "application/json", "");
  assert_reply (reply, 200, NULL);
  reply_free (reply);
  reply = call_typed (fixture, "POST", "/_sandbox/expire-key", "", "application/json", "");
  assert_reply (reply, 200, NULL);
  g_assert_cmpstr (json_object_get_string_member (object_of (reply), "which"), ==, "readwrite");
  reply_free (reply);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mojo/demo/timelines", test_demo_timelines);

#define ADD(path, func) g_test_add ("/mojo/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("keys/read-only", test_read_only_key);
  ADD ("keys/wrong-expired-rotated", test_bad_keys);
  ADD ("errors/unknown-ids", test_unknown_ids);
  ADD ("lists/paging", test_paging);
  ADD ("users/writes", test_user_writes);
  ADD ("search/language", test_search_language);
  ADD ("index-lag", test_index_lag);
  ADD ("tickets/children", test_ticket_children);
  ADD ("dump", test_dump);
  ADD ("invalid-utf8-echoed", test_invalid_utf8_echoed);
  ADD ("leaks/bodies", test_leaks_bodies);
#undef ADD

  return g_test_run ();
}
