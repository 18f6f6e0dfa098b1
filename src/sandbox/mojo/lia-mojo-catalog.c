/* lia-mojo-catalog.c: /ticket_queues, /ticket_types, /tags and /events
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

void
mojo_queue_to_json (JsonBuilder     *builder,
                    const MojoQueue *queue)
{
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", queue->id);
  mojo_add_string (builder, "name", queue->name);
  mojo_add_string (builder, "email_alias", queue->email_alias);
  mojo_add_string (builder, "email_forward", queue->email_forward);
  mojo_add_null (builder, "email_ticket_form_id");
  json_builder_end_object (builder);
}

static void
type_to_json (JsonBuilder    *builder,
              const MojoType *type)
{
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", type->id);
  mojo_add_string (builder, "name", type->name);
  json_builder_end_object (builder);
}

void
mojo_tag_to_json (JsonBuilder   *builder,
                  const MojoTag *tag)
{
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", tag->id);
  mojo_add_string (builder, "label", tag->label);
  mojo_add_string (builder, "color", tag->color);
  json_builder_end_object (builder);
}

static const char *
entity_name (guint8 entity_type)
{
  switch (entity_type)
    {
    case MOJO_ENTITY_TICKET: return "Ticket";
    case MOJO_ENTITY_COMMENT: return "Comment";
    case MOJO_ENTITY_USER: return "User";
    case MOJO_ENTITY_COMPANY: return "Company";
    case MOJO_ENTITY_TAG: return "Tag";
    case MOJO_ENTITY_STAFF_NOTE: return "Staff note";
    case MOJO_ENTITY_TASK: return "Task";
    default: return "Record";
    }
}

static const char * const action_names[] = { "create", "update", "delete" };
static const char * const action_verbs[] = { "created", "updated", "deleted" };

void
mojo_event_to_json (MojoStore       *store,
                    JsonBuilder     *builder,
                    const MojoEvent *event)
{
  MojoUser *user = mojo_store_get_user (store, event->user_id);
  g_autofree char *full_name = user != NULL ? mojo_user_full_name (user) : g_strdup ("System");
  g_autofree char *identifier = g_strdup_printf ("event_%" G_GINT64_FORMAT, event->id);
  g_autofree char *description = NULL;

  if (event->ticket_id != 0 && event->entity_type != MOJO_ENTITY_TICKET)
    description = g_strdup_printf ("%s #%" G_GINT64_FORMAT " %s on ticket #%" G_GINT64_FORMAT,
                                   entity_name (event->entity_type), event->entity_id,
                                   action_verbs[event->action], event->ticket_id);
  else
    description = g_strdup_printf ("%s #%" G_GINT64_FORMAT " %s", entity_name (event->entity_type),
                                   event->entity_id, action_verbs[event->action]);

  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", event->id);
  mojo_add_int (builder, "user_id", event->user_id);
  mojo_add_string (builder, "user_full_name", full_name);
  mojo_add_string (builder, "unique_identifier", identifier);
  mojo_add_int (builder, "entity_type", event->entity_type);
  mojo_add_int (builder, "entity_id", event->entity_id);
  mojo_add_string (builder, "action_name", action_names[event->action]);
  mojo_add_string (builder, "description", description);
  mojo_add_time (builder, "created_on", event->created_on, FALSE);
  mojo_add_null (builder, "picture_url");
  json_builder_end_object (builder);
}

/* A small collection of {id, name-ish strings}: queues, types and tags share
 * their CRUD, with their own names, fields and messages. */
typedef struct
{
  const char  *collection;     /* "ticket_queues" */
  const char  *invalid_id;     /* "Invalid ticket queue id" */
  gsize        array_offset;   /* of the GPtrArray in MojoStore */
  gsize        next_id_offset;
  MojoEntity   entity;
  const char  *members[3];     /* string members; the first is required */
  gsize        offsets[3];
  gboolean     paginated;
  void       (*to_json)        (JsonBuilder *builder, gconstpointer record);
  gsize        size;
  GDestroyNotify free_record;
} Catalog;

static void
queue_to_json_cb (JsonBuilder   *builder,
                  gconstpointer  record)
{
  mojo_queue_to_json (builder, record);
}

static void
type_to_json_cb (JsonBuilder   *builder,
                 gconstpointer  record)
{
  type_to_json (builder, record);
}

static void
tag_to_json_cb (JsonBuilder   *builder,
                gconstpointer  record)
{
  mojo_tag_to_json (builder, record);
}

static const Catalog catalogs[] = {
  {
    "ticket_queues", "Invalid ticket queue id",
    G_STRUCT_OFFSET (MojoStore, queues), G_STRUCT_OFFSET (MojoStore, next_queue_id), 0,
    { "name", "email_alias", "email_forward" },
    { G_STRUCT_OFFSET (MojoQueue, name), G_STRUCT_OFFSET (MojoQueue, email_alias),
      G_STRUCT_OFFSET (MojoQueue, email_forward) },
    TRUE, queue_to_json_cb, sizeof (MojoQueue), (GDestroyNotify) mojo_queue_free,
  },
  {
    "ticket_types", "Invalid ticket type id",
    G_STRUCT_OFFSET (MojoStore, types), G_STRUCT_OFFSET (MojoStore, next_type_id), 0,
    { "name", NULL, NULL },
    { G_STRUCT_OFFSET (MojoType, name), 0, 0 },
    FALSE, type_to_json_cb, sizeof (MojoType), (GDestroyNotify) mojo_type_free,
  },
  {
    "tags", "Invalid tag id",
    G_STRUCT_OFFSET (MojoStore, tags), G_STRUCT_OFFSET (MojoStore, next_tag_id), MOJO_ENTITY_TAG,
    { "label", "color", NULL },
    { G_STRUCT_OFFSET (MojoTag, label), G_STRUCT_OFFSET (MojoTag, color), 0 },
    FALSE, tag_to_json_cb, sizeof (MojoTag), (GDestroyNotify) mojo_tag_free,
  },
};

static gboolean
color_is_valid (const char *color)
{
  if (color == NULL || color[0] != '#' || (strlen (color) != 7 && strlen (color) != 4))
    return FALSE;
  for (const char *p = color + 1; *p; p++)
    {
      if (!g_ascii_isxdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Validates @body; applies it when @record is non-NULL. Answers 400 on failure. */
static gboolean
apply_catalog_fields (MojoRequest   *req,
                      const Catalog *catalog,
                      JsonObject    *body,
                      gpointer       record,
                      gboolean       creating)
{
  gboolean is_tags = g_str_equal (catalog->collection, "tags");

  for (guint i = 0; i < G_N_ELEMENTS (catalog->members) && catalog->members[i] != NULL; i++)
    {
      const char *member = catalog->members[i];
      const char *text = NULL;
      gboolean present;
      gboolean required = i == 0 || (is_tags && creating);

      if (!mojo_get_string (body, member, &present, &text) ||
          ((creating || present) && required && (text == NULL || *text == '\0')))
        {
          g_autofree char *label = g_strdup (member);
          g_autofree char *message = NULL;

          label[0] = g_ascii_toupper (label[0]);
          message = g_strdup_printf ("%s can't be blank", label);
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, message);
          return FALSE;
        }
      if (present && is_tags && i == 1 && !color_is_valid (text))
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Color is invalid");
          return FALSE;
        }
      if (present && record != NULL)
        mojo_set_string (G_STRUCT_MEMBER_P (record, catalog->offsets[i]), text);
    }

  return TRUE;
}

static gint
compare_tags (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const MojoTag *ta = *(MojoTag **) a;
  const MojoTag *tb = *(MojoTag **) b;
  const char *sort_by = user_data;
  int result = 0;

  if (g_strcmp0 (sort_by, "label") == 0)
    result = g_strcmp0 (ta->label, tb->label);
  else if (g_strcmp0 (sort_by, "color") == 0)
    result = g_strcmp0 (ta->color, tb->color);
  if (result == 0)
    result = ta->id < tb->id ? -1 : ta->id > tb->id;

  return result;
}

static gboolean
handle_catalog (MojoRequest   *req,
                const Catalog *catalog)
{
  GPtrArray *records = G_STRUCT_MEMBER (GPtrArray *, req->store, catalog->array_offset);
  gint64 *next_id = G_STRUCT_MEMBER_P (req->store, catalog->next_id_offset);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;
  gpointer record = NULL;
  gint64 id = 0;

  if (req->n_parts == 1 && g_str_equal (req->method, "GET"))
    {
      g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (records->len);
      guint offset = 0, limit = G_MAXUINT;

      /* Borrowed: a plain copy would take the free function along. */
      for (guint i = 0; i < records->len; i++)
        g_ptr_array_add (sorted, g_ptr_array_index (records, i));

      if (catalog->paginated)
        mojo_paging (req, 30, 1, 100, &offset, &limit);
      if (g_str_equal (catalog->collection, "tags"))
        {
          g_ptr_array_sort_with_data (sorted, compare_tags, (gpointer) mojo_query (req, "sort_by"));
          if (g_strcmp0 (mojo_query (req, "sort_order"), "desc") == 0)
            {
              for (guint i = 0; i < sorted->len / 2; i++)
                {
                  gpointer tmp = sorted->pdata[i];

                  sorted->pdata[i] = sorted->pdata[sorted->len - 1 - i];
                  sorted->pdata[sorted->len - 1 - i] = tmp;
                }
            }
        }
      json_builder_begin_array (builder);
      for (guint i = offset; i < sorted->len && i - offset < limit; i++)
        catalog->to_json (builder, g_ptr_array_index (sorted, i));
      json_builder_end_array (builder);
      mojo_respond_builder (req, SOUP_STATUS_OK, builder);
      return TRUE;
    }

  if (req->n_parts == 1 && g_str_equal (req->method, "POST"))
    {
      if ((body = mojo_read_object (req, &root)) == NULL)
        return TRUE;
      if (!apply_catalog_fields (req, catalog, body, NULL, TRUE))
        return TRUE;
      record = g_malloc0 (catalog->size);
      *(gint64 *) record = (*next_id)++;
      apply_catalog_fields (req, catalog, body, record, TRUE);
      g_ptr_array_add (records, record);
      if (catalog->entity != 0)
        mojo_store_log (req->store, catalog->entity, MOJO_ACTION_CREATE, *(gint64 *) record, 0,
                        req->store->owner_id, req->now);
      catalog->to_json (builder, record);
      mojo_respond_builder (req, SOUP_STATUS_CREATED, builder);
      return TRUE;
    }

  if (req->n_parts < 2)
    return FALSE;
  if (mojo_parse_id (req->parts[1], &id))
    record = mojo_find_by_id (records, id);
  if (record == NULL)
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, catalog->invalid_id);
      return TRUE;
    }

  if (req->n_parts == 3 && g_str_equal (req->parts[2], "merge"))
    {
      gboolean present;
      gint64 with_id = 0;
      MojoTag *target;
      GHashTableIter iter;
      gpointer value;

      if ((body = mojo_read_object (req, &root)) == NULL)
        return TRUE;
      if (!mojo_get_int (body, "with_tag_id", &present, &with_id) ||
          (target = mojo_store_get_tag (req->store, with_id)) == NULL || with_id == id)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid tag id");
          return TRUE;
        }
      /* Retag every ticket (the index sees it at once: no versions kept). */
      g_hash_table_iter_init (&iter, req->store->ticket_by_id);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          MojoTicket *ticket = value;
          gboolean has_target = FALSE;

          for (guint i = 0; i < ticket->tag_ids->len; i++)
            has_target |= g_array_index (ticket->tag_ids, gint64, i) == with_id;
          for (guint i = 0; i < ticket->tag_ids->len; i++)
            {
              if (g_array_index (ticket->tag_ids, gint64, i) != id)
                continue;
              if (has_target)
                g_array_remove_index (ticket->tag_ids, i);
              else
                g_array_index (ticket->tag_ids, gint64, i) = with_id;
              break;
            }
        }
      mojo_store_log (req->store, MOJO_ENTITY_TAG, MOJO_ACTION_DELETE, id, 0, req->store->owner_id, req->now);
      g_ptr_array_remove (records, record);
      mojo_respond_empty (req);
      return TRUE;
    }

  if (g_str_equal (req->method, "GET"))
    {
      catalog->to_json (builder, record);
      mojo_respond_builder (req, SOUP_STATUS_OK, builder);
      return TRUE;
    }
  if (g_str_equal (req->method, "PUT") || g_str_equal (req->method, "PATCH"))
    {
      if ((body = mojo_read_object (req, &root)) == NULL)
        return TRUE;
      if (!apply_catalog_fields (req, catalog, body, NULL, FALSE))
        return TRUE;
      apply_catalog_fields (req, catalog, body, record, FALSE);
      if (catalog->entity != 0)
        mojo_store_log (req->store, catalog->entity, MOJO_ACTION_UPDATE, id, 0, req->store->owner_id, req->now);
      catalog->to_json (builder, record);
      mojo_respond_builder (req, SOUP_STATUS_OK, builder);
      return TRUE;
    }
  if (g_str_equal (req->method, "DELETE"))
    {
      if (catalog->entity != 0)
        mojo_store_log (req->store, catalog->entity, MOJO_ACTION_DELETE, id, 0, req->store->owner_id, req->now);
      g_ptr_array_remove (records, record);
      mojo_respond_empty (req);
      return TRUE;
    }

  return FALSE;
}

static void
list_events (MojoRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *ticket_text = mojo_query (req, "ticket_id");
  gint64 ticket_id = 0;
  guint offset, limit, seen = 0, added = 0;

  if (ticket_text != NULL &&
      (!mojo_parse_id (ticket_text, &ticket_id) || mojo_store_get_ticket (req->store, ticket_id) == NULL))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid ticket id");
      return;
    }

  /* Capped at 30: larger values are clamped. */
  mojo_paging (req, 30, 1, 30, &offset, &limit);
  json_builder_begin_array (builder);
  for (guint i = req->store->events->len; i > 0 && added < limit; i--)
    {
      const MojoEvent *event = &g_array_index (req->store->events, MojoEvent, i - 1);

      if (ticket_id != 0 && event->ticket_id != ticket_id)
        continue;
      if (seen++ < offset)
        continue;
      mojo_event_to_json (req->store, builder, event);
      added++;
    }
  json_builder_end_array (builder);
  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

static const MojoEvent *
find_event (MojoStore *store,
            gint64     id)
{
  guint lo = 0, hi = store->events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const MojoEvent *event = &g_array_index (store->events, MojoEvent, mid);

      if (event->id == id)
        return event;
      if (event->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

gboolean
mojo_handle_catalog (MojoRequest *req)
{
  for (guint i = 0; i < G_N_ELEMENTS (catalogs); i++)
    {
      if (g_str_equal (req->parts[0], catalogs[i].collection))
        return handle_catalog (req, &catalogs[i]);
    }

  if (mojo_route_is (req, "GET", "events"))
    {
      list_events (req);
      return TRUE;
    }
  if (mojo_route_is (req, "GET", "events/{id}"))
    {
      const MojoEvent *event = NULL;
      gint64 id;

      if (mojo_parse_id (req->parts[1], &id))
        event = find_event (req->store, id);
      if (event == NULL)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid event id");
        }
      else
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          mojo_event_to_json (req->store, builder, event);
          mojo_respond_builder (req, SOUP_STATUS_OK, builder);
        }
      return TRUE;
    }

  return FALSE;
}
