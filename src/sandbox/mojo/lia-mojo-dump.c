/* lia-mojo-dump.c: the Mojo emulator's whole state as JSON, and back
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dump lists every live record in id order (tombstones and the versions
 * kept for the index lag are left out: a loaded state starts with the index
 * caught up). Times are ISO 8601 with microseconds when they have any, so a
 * dump loads back to the same bytes.
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

typedef enum
{
  K_STR,
  K_INT,
  K_ID,      /* 0 is null */
  K_BOOL,
  K_TIME,    /* 0 is null */
  K_U8,
  K_MINUTES, /* -1 is null */
} Kind;

typedef struct
{
  const char *name;
  Kind        kind;
  gsize       offset;
} Column;

#define COL(type, name, kind) { #name, kind, G_STRUCT_OFFSET (type, name) }

static const Column user_columns[] = {
  { "id", K_INT, G_STRUCT_OFFSET (MojoUser, v.id) },
  COL (MojoUser, email, K_STR),
  COL (MojoUser, first_name, K_STR),
  COL (MojoUser, last_name, K_STR),
  COL (MojoUser, work_phone, K_STR),
  COL (MojoUser, cell_phone, K_STR),
  COL (MojoUser, home_phone, K_STR),
  COL (MojoUser, user_notes, K_STR),
  COL (MojoUser, company_id, K_ID),
  COL (MojoUser, role_id, K_INT),
  COL (MojoUser, is_active, K_BOOL),
  COL (MojoUser, welcome_email_sent, K_BOOL),
  COL (MojoUser, created_on, K_TIME),
  COL (MojoUser, updated_on, K_TIME),
  COL (MojoUser, last_login_on, K_TIME),
};

static const Column group_columns[] = {
  COL (MojoGroup, id, K_INT),
  COL (MojoGroup, name, K_STR),
  COL (MojoGroup, primary_contact_id, K_ID),
  COL (MojoGroup, support_status_id, K_INT),
  COL (MojoGroup, support_start_date, K_STR),
  COL (MojoGroup, support_end_date, K_STR),
  COL (MojoGroup, address, K_STR),
  COL (MojoGroup, city, K_STR),
  COL (MojoGroup, state, K_STR),
  COL (MojoGroup, zip, K_STR),
  COL (MojoGroup, country, K_STR),
  COL (MojoGroup, website_url, K_STR),
  COL (MojoGroup, notes, K_STR),
};

static const Column queue_columns[] = {
  COL (MojoQueue, id, K_INT),
  COL (MojoQueue, name, K_STR),
  COL (MojoQueue, email_alias, K_STR),
  COL (MojoQueue, email_forward, K_STR),
};

static const Column type_columns[] = {
  COL (MojoType, id, K_INT),
  COL (MojoType, name, K_STR),
};

static const Column tag_columns[] = {
  COL (MojoTag, id, K_INT),
  COL (MojoTag, label, K_STR),
  COL (MojoTag, color, K_STR),
};

static const Column ticket_columns[] = {
  { "id", K_INT, G_STRUCT_OFFSET (MojoTicket, v.id) },
  COL (MojoTicket, title, K_STR),
  COL (MojoTicket, description, K_STR),
  COL (MojoTicket, cc, K_STR),
  COL (MojoTicket, status_id, K_INT),
  COL (MojoTicket, priority_id, K_INT),
  COL (MojoTicket, ticket_queue_id, K_INT),
  COL (MojoTicket, ticket_type_id, K_ID),
  COL (MojoTicket, ticket_form_id, K_ID),
  COL (MojoTicket, user_id, K_INT),
  COL (MojoTicket, assigned_to_id, K_ID),
  COL (MojoTicket, company_id, K_ID),
  COL (MojoTicket, created_from, K_INT),
  COL (MojoTicket, rating, K_ID),
  COL (MojoTicket, created_on, K_TIME),
  COL (MojoTicket, updated_on, K_TIME),
  COL (MojoTicket, status_changed_on, K_TIME),
  COL (MojoTicket, solved_on, K_TIME),
  COL (MojoTicket, closed_on, K_TIME),
  COL (MojoTicket, assigned_on, K_TIME),
  COL (MojoTicket, first_assigned_on, K_TIME),
  COL (MojoTicket, due_on, K_TIME),
  COL (MojoTicket, scheduled_on, K_TIME),
  COL (MojoTicket, rated_on, K_TIME),
};

static const Column comment_columns[] = {
  COL (MojoComment, id, K_INT),
  COL (MojoComment, ticket_id, K_INT),
  COL (MojoComment, user_id, K_INT),
  COL (MojoComment, body, K_STR),
  COL (MojoComment, time_spent, K_MINUTES),
  COL (MojoComment, created_on, K_TIME),
  COL (MojoComment, updated_on, K_TIME),
};

static const Column task_columns[] = {
  COL (MojoTask, id, K_INT),
  COL (MojoTask, ticket_id, K_INT),
  COL (MojoTask, title, K_STR),
  COL (MojoTask, notes, K_STR),
  COL (MojoTask, is_completed, K_BOOL),
  COL (MojoTask, assigned_to_id, K_ID),
  COL (MojoTask, position, K_INT),
  COL (MojoTask, due_on, K_TIME),
  COL (MojoTask, created_on, K_TIME),
  COL (MojoTask, updated_on, K_TIME),
};

static const Column event_columns[] = {
  COL (MojoEvent, id, K_INT),
  COL (MojoEvent, user_id, K_INT),
  COL (MojoEvent, entity_type, K_U8),
  COL (MojoEvent, entity_id, K_INT),
  COL (MojoEvent, ticket_id, K_ID),
  COL (MojoEvent, action, K_U8),
  COL (MojoEvent, created_on, K_TIME),
};

/* Writing */

static void
write_record (JsonBuilder   *builder,
              gconstpointer  record,
              const Column  *columns,
              guint          n_columns)
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_columns; i++)
    {
      const Column *column = &columns[i];
      gconstpointer field = G_STRUCT_MEMBER_P (record, column->offset);

      json_builder_set_member_name (builder, column->name);
      switch (column->kind)
        {
        case K_STR:
          if (*(char * const *) field != NULL)
            json_builder_add_string_value (builder, *(char * const *) field);
          else
            json_builder_add_null_value (builder);
          break;
        case K_INT:
          json_builder_add_int_value (builder, *(const gint64 *) field);
          break;
        case K_ID:
          if (*(const gint64 *) field != 0)
            json_builder_add_int_value (builder, *(const gint64 *) field);
          else
            json_builder_add_null_value (builder);
          break;
        case K_MINUTES:
          if (*(const gint64 *) field >= 0)
            json_builder_add_int_value (builder, *(const gint64 *) field);
          else
            json_builder_add_null_value (builder);
          break;
        case K_BOOL:
          json_builder_add_boolean_value (builder, *(const gboolean *) field);
          break;
        case K_U8:
          json_builder_add_int_value (builder, *(const guint8 *) field);
          break;
        case K_TIME:
          if (*(const gint64 *) field != 0)
            {
              g_autofree char *text = mojo_format_time_exact (*(const gint64 *) field);

              json_builder_add_string_value (builder, text);
            }
          else
            {
              json_builder_add_null_value (builder);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
write_array (JsonBuilder  *builder,
             const char   *name,
             GPtrArray    *records,
             const Column *columns,
             guint         n_columns)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      write_record (builder, g_ptr_array_index (records, i), columns, n_columns);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
write_tickets (JsonBuilder *builder,
               MojoStore   *store)
{
  json_builder_set_member_name (builder, "tickets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < store->tickets->len; i++)
    {
      const MojoTicket *ticket = g_ptr_array_index (store->tickets, i);

      if (ticket->v.deleted)
        continue;
      write_record (builder, ticket, ticket_columns, G_N_ELEMENTS (ticket_columns));
      json_builder_set_member_name (builder, "tag_ids");
      json_builder_begin_array (builder);
      for (guint j = 0; j < ticket->tag_ids->len; j++)
        json_builder_add_int_value (builder, g_array_index (ticket->tag_ids, gint64, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
write_kids (JsonBuilder *builder,
            MojoStore   *store,
            const char  *name,
            guint        which)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < store->tickets->len; i++)
    {
      const MojoTicket *ticket = g_ptr_array_index (store->tickets, i);
      MojoTicketKids *kids = ticket->v.deleted ? NULL : mojo_store_get_kids (store, ticket->v.id, FALSE);
      GPtrArray *records;

      if (kids == NULL)
        continue;
      records = which == 0 ? kids->comments : which == 1 ? kids->notes : kids->tasks;
      for (guint j = 0; j < records->len; j++)
        {
          if (which == 2)
            write_record (builder, g_ptr_array_index (records, j), task_columns, G_N_ELEMENTS (task_columns));
          else
            write_record (builder, g_ptr_array_index (records, j), comment_columns, G_N_ELEMENTS (comment_columns));
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

JsonNode *
mojo_store_dump (MojoStore *store,
                 JsonNode  *keys)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) users = g_ptr_array_new ();

  for (guint i = 0; i < store->users->len; i++)
    {
      MojoUser *user = g_ptr_array_index (store->users, i);

      if (!user->v.deleted)
        g_ptr_array_add (users, user);
    }

  json_builder_begin_object (builder);
  mojo_add_string (builder, "service", "mojo");
  json_builder_set_member_name (builder, "keys");
  json_builder_add_value (builder, keys);
  mojo_add_int (builder, "owner_id", store->owner_id);
  mojo_add_int (builder, "ticket_form_id", store->ticket_form_id);

  json_builder_set_member_name (builder, "next_ids");
  json_builder_begin_object (builder);
  mojo_add_int (builder, "user", store->next_user_id);
  mojo_add_int (builder, "group", store->next_group_id);
  mojo_add_int (builder, "queue", store->next_queue_id);
  mojo_add_int (builder, "type", store->next_type_id);
  mojo_add_int (builder, "tag", store->next_tag_id);
  mojo_add_int (builder, "ticket", store->next_ticket_id);
  mojo_add_int (builder, "comment", store->next_comment_id);
  mojo_add_int (builder, "task", store->next_task_id);
  mojo_add_int (builder, "event", store->next_event_id);
  json_builder_end_object (builder);

  write_array (builder, "users", users, user_columns, G_N_ELEMENTS (user_columns));
  write_array (builder, "groups", store->groups, group_columns, G_N_ELEMENTS (group_columns));
  write_array (builder, "ticket_queues", store->queues, queue_columns, G_N_ELEMENTS (queue_columns));
  write_array (builder, "ticket_types", store->types, type_columns, G_N_ELEMENTS (type_columns));
  write_array (builder, "tags", store->tags, tag_columns, G_N_ELEMENTS (tag_columns));
  write_tickets (builder, store);
  write_kids (builder, store, "comments", 0);
  write_kids (builder, store, "staff_notes", 1);
  write_kids (builder, store, "tasks", 2);

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < store->events->len; i++)
    {
      write_record (builder, &g_array_index (store->events, MojoEvent, i), event_columns,
                    G_N_ELEMENTS (event_columns));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Reading */

static gboolean
read_record (JsonObject    *object,
             gpointer       record,
             const Column  *columns,
             guint          n_columns,
             const char    *what,
             GError       **error)
{
  for (guint i = 0; i < n_columns; i++)
    {
      const Column *column = &columns[i];
      gpointer field = G_STRUCT_MEMBER_P (record, column->offset);
      JsonNode *node = json_object_get_member (object, column->name);
      gboolean is_null = node == NULL || JSON_NODE_HOLDS_NULL (node);
      gboolean ok = TRUE;

      switch (column->kind)
        {
        case K_STR:
          if (is_null)
            break;
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
          if (ok)
            *(char **) field = g_strdup (json_node_get_string (node));
          break;
        case K_INT:
        case K_ID:
        case K_MINUTES:
        case K_U8:
          if (is_null)
            {
              ok = column->kind != K_INT && column->kind != K_U8;
              if (column->kind == K_MINUTES)
                *(gint64 *) field = -1;
              break;
            }
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
          if (ok && column->kind == K_U8)
            *(guint8 *) field = (guint8) json_node_get_int (node);
          else if (ok)
            *(gint64 *) field = json_node_get_int (node);
          break;
        case K_BOOL:
          ok = !is_null && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
          if (ok)
            *(gboolean *) field = json_node_get_boolean (node);
          break;
        case K_TIME:
          if (is_null)
            break;
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
               mojo_parse_time (json_node_get_string (node), (gint64 *) field);
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Mojo state: %s has a bad “%s”", what, column->name);
          return FALSE;
        }
    }

  return TRUE;
}

static JsonArray *
get_array (JsonObject  *root,
           const char  *name,
           GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mojo state: “%s” is missing", name);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
get_object_element (JsonArray   *array,
                    guint        i,
                    const char  *what,
                    GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mojo state: a %s is not an object", what);
      return NULL;
    }

  return json_node_get_object (node);
}

typedef gpointer (*NewFunc) (void);

static gpointer new_group (void) { return g_new0 (MojoGroup, 1); }
static gpointer new_queue (void) { return g_new0 (MojoQueue, 1); }
static gpointer new_type (void) { return g_new0 (MojoType, 1); }
static gpointer new_tag (void) { return g_new0 (MojoTag, 1); }

static gboolean
read_simple (JsonObject      *root,
             const char      *name,
             GPtrArray       *into,
             NewFunc          new_func,
             GDestroyNotify   free_func,
             const Column    *columns,
             guint            n_columns,
             GError         **error)
{
  JsonArray *array = get_array (root, name, error);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_object_element (array, i, name, error);
      gpointer record;

      if (object == NULL)
        return FALSE;
      record = new_func ();
      if (!read_record (object, record, columns, n_columns, name, error))
        {
          free_func (record);
          return FALSE;
        }
      g_ptr_array_add (into, record);
    }

  return TRUE;
}

static gint
record_id_compare (gconstpointer a,
                   gconstpointer b)
{
  gint64 ia = **(gint64 **) a;
  gint64 ib = **(gint64 **) b;

  return ia < ib ? -1 : ia > ib;
}

static gboolean
load_inner (MojoStore   *store,
            JsonObject  *root,
            GError     **error)
{
  JsonArray *array;
  JsonObject *next_ids;

  if (!json_object_has_member (root, "next_ids") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "next_ids")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mojo state: “next_ids” is missing");
      return FALSE;
    }
  next_ids = json_object_get_object_member (root, "next_ids");
  store->owner_id = json_object_get_int_member_with_default (root, "owner_id", 0);
  store->ticket_form_id = json_object_get_int_member_with_default (root, "ticket_form_id", 0);

  if ((array = get_array (root, "users", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_object_element (array, i, "user", error);
      MojoUser *user;

      if (object == NULL)
        return FALSE;
      user = mojo_user_new ();
      if (!read_record (object, user, user_columns, G_N_ELEMENTS (user_columns), "a user", error) ||
          user->email == NULL || mojo_store_get_user (store, user->v.id) != NULL ||
          mojo_store_get_user_by_email (store, user->email) != NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "Mojo state: user %" G_GINT64_FORMAT " has no email or repeats another", user->v.id);
          mojo_user_free (user);
          return FALSE;
        }
      mojo_store_add_user (store, user);
    }
  g_ptr_array_sort (store->users, record_id_compare);

  if (!read_simple (root, "groups", store->groups, new_group, (GDestroyNotify) mojo_group_free,
                    group_columns, G_N_ELEMENTS (group_columns), error) ||
      !read_simple (root, "ticket_queues", store->queues, new_queue, (GDestroyNotify) mojo_queue_free,
                    queue_columns, G_N_ELEMENTS (queue_columns), error) ||
      !read_simple (root, "ticket_types", store->types, new_type, (GDestroyNotify) mojo_type_free,
                    type_columns, G_N_ELEMENTS (type_columns), error) ||
      !read_simple (root, "tags", store->tags, new_tag, (GDestroyNotify) mojo_tag_free,
                    tag_columns, G_N_ELEMENTS (tag_columns), error))
    return FALSE;
  g_ptr_array_sort (store->groups, record_id_compare);
  g_ptr_array_sort (store->queues, record_id_compare);
  g_ptr_array_sort (store->types, record_id_compare);
  g_ptr_array_sort (store->tags, record_id_compare);

  if ((array = get_array (root, "tickets", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_object_element (array, i, "ticket", error);
      MojoTicket *ticket;
      JsonNode *tag_ids;

      if (object == NULL)
        return FALSE;
      ticket = mojo_ticket_new ();
      if (!read_record (object, ticket, ticket_columns, G_N_ELEMENTS (ticket_columns), "a ticket", error))
        {
          mojo_ticket_free (ticket);
          return FALSE;
        }
      tag_ids = json_object_get_member (object, "tag_ids");
      if (tag_ids != NULL && JSON_NODE_HOLDS_ARRAY (tag_ids))
        {
          JsonArray *tags = json_node_get_array (tag_ids);

          for (guint j = 0; j < json_array_get_length (tags); j++)
            {
              gint64 tag_id = json_array_get_int_element (tags, j);

              g_array_append_val (ticket->tag_ids, tag_id);
            }
        }
      if (mojo_store_get_ticket (store, ticket->v.id) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Mojo state: ticket %" G_GINT64_FORMAT " appears twice", ticket->v.id);
          mojo_ticket_free (ticket);
          return FALSE;
        }
      mojo_store_add_ticket (store, ticket);
    }
  g_ptr_array_sort (store->tickets, record_id_compare);

  for (guint which = 0; which < 3; which++)
    {
      const char *name = which == 0 ? "comments" : which == 1 ? "staff_notes" : "tasks";

      if ((array = get_array (root, name, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = get_object_element (array, i, name, error);
          gpointer record;
          gint64 ticket_id;
          MojoTicketKids *kids;

          if (object == NULL)
            return FALSE;
          if (which == 2)
            {
              record = g_new0 (MojoTask, 1);
              if (!read_record (object, record, task_columns, G_N_ELEMENTS (task_columns), name, error))
                {
                  mojo_task_free (record);
                  return FALSE;
                }
              ticket_id = ((MojoTask *) record)->ticket_id;
            }
          else
            {
              record = g_new0 (MojoComment, 1);
              if (!read_record (object, record, comment_columns, G_N_ELEMENTS (comment_columns), name, error))
                {
                  mojo_comment_free (record);
                  return FALSE;
                }
              ((MojoComment *) record)->is_private = which == 1;
              ticket_id = ((MojoComment *) record)->ticket_id;
            }

          if (mojo_store_get_ticket (store, ticket_id) == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Mojo state: %s of an unknown ticket %" G_GINT64_FORMAT, name, ticket_id);
              if (which == 2)
                mojo_task_free (record);
              else
                mojo_comment_free (record);
              return FALSE;
            }
          kids = mojo_store_get_kids (store, ticket_id, TRUE);
          g_ptr_array_add (which == 0 ? kids->comments : which == 1 ? kids->notes : kids->tasks, record);
        }
    }

  if ((array = get_array (root, "events", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_object_element (array, i, "event", error);
      MojoEvent event = { 0, };

      if (object == NULL ||
          !read_record (object, &event, event_columns, G_N_ELEMENTS (event_columns), "an event", error))
        return FALSE;
      if (event.action > MOJO_ACTION_DELETE)
        event.action = MOJO_ACTION_UPDATE;
      g_array_append_val (store->events, event);
    }

  store->next_user_id = MAX (store->next_user_id, json_object_get_int_member_with_default (next_ids, "user", 0));
  store->next_group_id = json_object_get_int_member_with_default (next_ids, "group", 1);
  store->next_queue_id = json_object_get_int_member_with_default (next_ids, "queue", 1);
  store->next_type_id = json_object_get_int_member_with_default (next_ids, "type", 1);
  store->next_tag_id = json_object_get_int_member_with_default (next_ids, "tag", 1);
  store->next_ticket_id = MAX (store->next_ticket_id, json_object_get_int_member_with_default (next_ids, "ticket", 0));
  store->next_comment_id = json_object_get_int_member_with_default (next_ids, "comment", 1);
  store->next_task_id = json_object_get_int_member_with_default (next_ids, "task", 1);
  store->next_event_id = json_object_get_int_member_with_default (next_ids, "event", 1);

  return TRUE;
}

gboolean
mojo_store_load (MojoStore   *store,
                 JsonObject  *root,
                 GError     **error)
{
  mojo_store_clear (store);
  if (load_inner (store, root, error))
    return TRUE;

  mojo_store_clear (store);
  return FALSE;
}
