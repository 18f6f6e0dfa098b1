/* lia-connection-test.c: the Test button of a connection, in plain words
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaConnectionTest"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-connection-test.h"
#include "lia-error.h"

typedef struct
{
  LiaService  service;
  gint64      started;
} TestData;

static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, (gssize)size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                           _("The service answered with something that is not JSON"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static char *
describe_contact (JsonObject *contact)
{
  const char *name = member_string (contact, "contactName");
  const char *first = member_string (contact, "firstName");
  const char *last = member_string (contact, "lastName");
  const char *email = member_string (contact, "email");
  g_autofree char *joined = NULL;

  if (name == NULL || name[0] == '\0')
    {
      joined = g_strstrip (g_strjoin (" ", first ? first : "", last ? last : "", NULL));
      name = joined[0] != '\0' ? joined : email;
    }

  return g_strdup (name != NULL && name[0] != '\0' ? name : member_string (contact, "id"));
}

static gint64
elapsed_ms (GTask *task)
{
  TestData *data = g_task_get_task_data (task);

  return (g_get_monotonic_time () - data->started) / 1000;
}

static void
contact_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *who = NULL;
  JsonNode *contact;

  body = lia_connections_request_finish (LIA_CONNECTIONS (object), result, &error);
  if (body == NULL || !(answer = parse_object (body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  contact = json_object_get_member (answer, "contact");
  if (contact == NULL || !JSON_NODE_HOLDS_OBJECT (contact))
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                               _("HighLevel’s answer has no contact in it"));
      return;
    }

  who = describe_contact (json_node_get_object (contact));
  g_task_return_pointer (task,
                         /* Translators: %s is a contact's name, then how long the read took */
                         g_strdup_printf (_("Read the contact “%s” in %" G_GINT64_FORMAT " ms."),
                                          who, elapsed_ms (task)),
                         g_free);
}

static void
read_contact (LiaConnections *connections,
              GTask          *task,
              const char     *contact_id)
{
  g_autofree char *escaped = g_uri_escape_string (contact_id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/contacts/", escaped, NULL);

  lia_connections_request_async (connections, LIA_SERVICE_GHL, "GET", path, NULL, NULL,
                                 g_task_get_cancellable (task), contact_read_cb, task);
}

static void
first_contact_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *contacts;
  JsonArray *array;
  const char *id;

  body = lia_connections_request_finish (LIA_CONNECTIONS (object), result, &error);
  if (body == NULL || !(answer = parse_object (body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  contacts = json_object_get_member (answer, "contacts");
  if (contacts == NULL || !JSON_NODE_HOLDS_ARRAY (contacts))
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                               _("HighLevel’s list of contacts has no “contacts” in it"));
      return;
    }

  array = json_node_get_array (contacts);
  if (json_array_get_length (array) == 0)
    {
      g_task_return_pointer (task, g_strdup (_("Signed in; the location has no contacts to read yet.")),
                             g_free);
      return;
    }

  id = JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0))
       ? member_string (json_array_get_object_element (array, 0), "id") : NULL;
  if (id == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                               _("HighLevel listed a contact without an id"));
      return;
    }

  read_contact (LIA_CONNECTIONS (object), g_steal_pointer (&task), id);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TestData *data = g_task_get_task_data (task);
  LiaConnection *connection;

  if (!lia_connections_verify_finish (LIA_CONNECTIONS (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  connection = lia_connections_get_connection (LIA_CONNECTIONS (object), data->service);
  if (data->service == LIA_SERVICE_GHL)
    g_task_return_pointer (task, g_strdup (_("Signed in. Reading contacts needs the contacts.readonly scope.")),
                           g_free);
  else if (lia_connection_get_read_only (connection))
    g_task_return_pointer (task,
                           g_strdup_printf (_("Mojo Helpdesk answered in %" G_GINT64_FORMAT " ms; "
                                              "the key can read but not write."), elapsed_ms (task)),
                           g_free);
  else
    g_task_return_pointer (task,
                           g_strdup_printf (_("Mojo Helpdesk answered in %" G_GINT64_FORMAT " ms."),
                                            elapsed_ms (task)),
                           g_free);
}

void
lia_connection_test_async (LiaConnections      *connections,
                           LiaService           service,
                           const char          *contact_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LiaConnection *connection;
  TestData *data;

  g_return_if_fail (LIA_IS_CONNECTIONS (connections));

  task = g_task_new (connections, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_connection_test_async);
  data = g_new0 (TestData, 1);
  data->service = service;
  data->started = g_get_monotonic_time ();
  g_task_set_task_data (task, data, g_free);

  connection = lia_connections_get_connection (connections, service);
  if (contact_id != NULL && contact_id[0] == '\0')
    contact_id = NULL;

  if (service == LIA_SERVICE_GHL &&
      lia_connection_get_method (connection) != LIA_CONNECTION_METHOD_NONE &&
      (lia_connection_has_scope (connection, "contacts.readonly") ||
       lia_connection_has_scope (connection, "contacts.write") ||
       lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN))
    {
      if (contact_id != NULL)
        {
          read_contact (connections, g_steal_pointer (&task), contact_id);
        }
      else
        {
          g_autofree char *location = g_uri_escape_string (lia_connection_get_location_id (connection),
                                                           NULL, FALSE);
          g_autofree char *path = g_strconcat ("/contacts/?limit=1&locationId=", location, NULL);

          lia_connections_request_async (connections, LIA_SERVICE_GHL, "GET", path, NULL, NULL,
                                         cancellable, first_contact_cb, g_steal_pointer (&task));
        }
      return;
    }

  lia_connections_verify_async (connections, service, cancellable, verified_cb, g_steal_pointer (&task));
}

char *
lia_connection_test_finish (LiaConnections  *connections,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (LIA_IS_CONNECTIONS (connections), NULL);
  g_return_val_if_fail (g_task_is_valid (result, connections), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
