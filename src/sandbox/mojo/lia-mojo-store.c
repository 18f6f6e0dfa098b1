/* lia-mojo-store.c: the Mojo emulator's records, their versions for the index lag, and helpers
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

/* Records */

MojoUser *
mojo_user_new (void)
{
  MojoUser *user = g_new0 (MojoUser, 1);

  user->role_id = MOJO_ROLE_USER;
  user->is_active = TRUE;

  return user;
}

static void
user_free_one (MojoUser *user)
{
  g_free (user->email);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->work_phone);
  g_free (user->cell_phone);
  g_free (user->home_phone);
  g_free (user->user_notes);
  g_free (user);
}

void
mojo_user_free (MojoUser *user)
{
  while (user != NULL)
    {
      MojoUser *prev = user->v.prev;

      user_free_one (user);
      user = prev;
    }
}

static MojoUser *
user_copy (const MojoUser *user)
{
  MojoUser *copy = g_memdup2 (user, sizeof *user);

  copy->email = g_strdup (user->email);
  copy->first_name = g_strdup (user->first_name);
  copy->last_name = g_strdup (user->last_name);
  copy->work_phone = g_strdup (user->work_phone);
  copy->cell_phone = g_strdup (user->cell_phone);
  copy->home_phone = g_strdup (user->home_phone);
  copy->user_notes = g_strdup (user->user_notes);

  return copy;
}

MojoTicket *
mojo_ticket_new (void)
{
  MojoTicket *ticket = g_new0 (MojoTicket, 1);

  ticket->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ticket->status_id = 10;
  ticket->priority_id = 30;

  return ticket;
}

static void
ticket_free_one (MojoTicket *ticket)
{
  g_free (ticket->title);
  g_free (ticket->description);
  g_free (ticket->cc);
  g_array_unref (ticket->tag_ids);
  g_free (ticket);
}

void
mojo_ticket_free (MojoTicket *ticket)
{
  while (ticket != NULL)
    {
      MojoTicket *prev = ticket->v.prev;

      ticket_free_one (ticket);
      ticket = prev;
    }
}

static MojoTicket *
ticket_copy (const MojoTicket *ticket)
{
  MojoTicket *copy = g_memdup2 (ticket, sizeof *ticket);

  copy->title = g_strdup (ticket->title);
  copy->description = g_strdup (ticket->description);
  copy->cc = g_strdup (ticket->cc);
  copy->tag_ids = g_array_copy (ticket->tag_ids);

  return copy;
}

void
mojo_group_free (MojoGroup *group)
{
  g_free (group->name);
  g_free (group->website_url);
  g_free (group->notes);
  g_free (group->address);
  g_free (group->city);
  g_free (group->state);
  g_free (group->zip);
  g_free (group->country);
  g_free (group->support_start_date);
  g_free (group->support_end_date);
  g_free (group);
}

void
mojo_queue_free (MojoQueue *queue)
{
  g_free (queue->name);
  g_free (queue->email_alias);
  g_free (queue->email_forward);
  g_free (queue);
}

void
mojo_type_free (MojoType *type)
{
  g_free (type->name);
  g_free (type);
}

void
mojo_tag_free (MojoTag *tag)
{
  g_free (tag->label);
  g_free (tag->color);
  g_free (tag);
}

void
mojo_comment_free (MojoComment *comment)
{
  g_free (comment->body);
  g_free (comment);
}

void
mojo_task_free (MojoTask *task)
{
  g_free (task->title);
  g_free (task->notes);
  g_free (task);
}

static void
kids_free (MojoTicketKids *kids)
{
  g_ptr_array_unref (kids->comments);
  g_ptr_array_unref (kids->notes);
  g_ptr_array_unref (kids->tasks);
  g_free (kids);
}

/* The store */

MojoStore *
mojo_store_new (guint64 seed)
{
  MojoStore *store = g_new0 (MojoStore, 1);

  store->seed = seed;
  store->clock = lia_sandbox_clock_real;
  store->users = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_user_free);
  store->user_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  store->user_by_email = g_hash_table_new (g_str_hash, g_str_equal);
  store->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_group_free);
  store->queues = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_queue_free);
  store->types = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_type_free);
  store->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_tag_free);
  store->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_ticket_free);
  store->ticket_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  store->kids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) kids_free);
  store->events = g_array_new (FALSE, FALSE, sizeof (MojoEvent));

  return store;
}

void
mojo_store_clear (MojoStore *store)
{
  g_hash_table_remove_all (store->user_by_id);
  g_hash_table_remove_all (store->user_by_email);
  g_hash_table_remove_all (store->ticket_by_id);
  g_hash_table_remove_all (store->kids);
  g_ptr_array_set_size (store->users, 0);
  g_ptr_array_set_size (store->groups, 0);
  g_ptr_array_set_size (store->queues, 0);
  g_ptr_array_set_size (store->types, 0);
  g_ptr_array_set_size (store->tags, 0);
  g_ptr_array_set_size (store->tickets, 0);
  g_array_set_size (store->events, 0);
  store->owner_id = 0;
  store->next_user_id = 0;
  store->next_group_id = 0;
  store->next_queue_id = 0;
  store->next_type_id = 0;
  store->next_tag_id = 0;
  store->next_ticket_id = 0;
  store->next_comment_id = 0;
  store->next_task_id = 0;
  store->next_event_id = 0;
  store->ticket_form_id = 0;
}

void
mojo_store_free (MojoStore *store)
{
  if (store == NULL)
    return;

  mojo_store_clear (store);
  g_hash_table_unref (store->user_by_id);
  g_hash_table_unref (store->user_by_email);
  g_hash_table_unref (store->ticket_by_id);
  g_hash_table_unref (store->kids);
  g_ptr_array_unref (store->users);
  g_ptr_array_unref (store->groups);
  g_ptr_array_unref (store->queues);
  g_ptr_array_unref (store->types);
  g_ptr_array_unref (store->tags);
  g_ptr_array_unref (store->tickets);
  g_array_unref (store->events);
  g_clear_pointer (&store->people, g_bytes_unref);
  g_free (store);
}

gint64
mojo_store_now (MojoStore *store)
{
  return store->clock (store->clock_data);
}

gint64
mojo_store_cutoff (MojoStore *store,
                   gint64     now)
{
  return now - store->lag_us;
}

/* Versions */

static gpointer
version_visible (MojoVersion *version,
                 gint64       cutoff)
{
  while (version != NULL && version->written_us > cutoff)
    version = version->prev;

  if (version == NULL || version->deleted)
    return NULL;

  return version;
}

/* Frees the versions older than the newest one the index already shows. */
static void
version_prune (MojoVersion    *head,
               gint64          cutoff,
               GDestroyNotify  free_chain)
{
  MojoVersion *version = head;

  while (version != NULL && version->written_us > cutoff)
    version = version->prev;

  if (version != NULL && version->prev != NULL)
    {
      free_chain (version->prev);
      version->prev = NULL;
    }
}

MojoUser *
mojo_user_visible (MojoUser *user,
                   gint64    cutoff)
{
  return version_visible (&user->v, cutoff);
}

MojoTicket *
mojo_ticket_visible (MojoTicket *ticket,
                     gint64      cutoff)
{
  return version_visible (&ticket->v, cutoff);
}

void
mojo_store_add_user (MojoStore *store,
                     MojoUser  *user)
{
  g_assert (user->email != NULL);

  g_ptr_array_add (store->users, user);
  g_hash_table_replace (store->user_by_id, &user->v.id, user);
  g_hash_table_replace (store->user_by_email, user->email, user);
  if (user->v.id >= store->next_user_id)
    store->next_user_id = user->v.id + 1;
}

MojoUser *
mojo_store_get_user (MojoStore *store,
                     gint64     id)
{
  return g_hash_table_lookup (store->user_by_id, &id);
}

MojoUser *
mojo_store_get_user_by_email (MojoStore  *store,
                              const char *email)
{
  g_autofree char *lower = NULL;

  if (email == NULL)
    return NULL;

  lower = g_utf8_strdown (email, -1);
  return g_hash_table_lookup (store->user_by_email, lower);
}

void
mojo_store_touch_user (MojoStore *store,
                       MojoUser  *user,
                       gint64     now)
{
  gint64 cutoff = mojo_store_cutoff (store, now);

  if (store->lag_us > 0)
    user->v.prev = user_copy (user);
  user->v.written_us = now;
  version_prune (&user->v, cutoff, (GDestroyNotify) mojo_user_free);
}

void
mojo_store_delete_user (MojoStore *store,
                        MojoUser  *user,
                        gint64     now)
{
  g_hash_table_remove (store->user_by_id, &user->v.id);
  g_hash_table_remove (store->user_by_email, user->email);
  mojo_store_touch_user (store, user, now);
  /* The tombstone leaves the array when the index catches up (mojo_store_compact). */
  user->v.deleted = TRUE;
}

void
mojo_store_add_ticket (MojoStore  *store,
                       MojoTicket *ticket)
{
  g_ptr_array_add (store->tickets, ticket);
  g_hash_table_replace (store->ticket_by_id, &ticket->v.id, ticket);
  if (ticket->v.id >= store->next_ticket_id)
    store->next_ticket_id = ticket->v.id + 1;
}

MojoTicket *
mojo_store_get_ticket (MojoStore *store,
                       gint64     id)
{
  return g_hash_table_lookup (store->ticket_by_id, &id);
}

void
mojo_store_touch_ticket (MojoStore  *store,
                         MojoTicket *ticket,
                         gint64      now)
{
  gint64 cutoff = mojo_store_cutoff (store, now);

  if (store->lag_us > 0)
    ticket->v.prev = ticket_copy (ticket);
  ticket->v.written_us = now;
  version_prune (&ticket->v, cutoff, (GDestroyNotify) mojo_ticket_free);
}

void
mojo_store_delete_ticket (MojoStore  *store,
                          MojoTicket *ticket,
                          gint64      now)
{
  g_hash_table_remove (store->ticket_by_id, &ticket->v.id);
  g_hash_table_remove (store->kids, &ticket->v.id);
  mojo_store_touch_ticket (store, ticket, now);
  ticket->v.deleted = TRUE;
}

static void
compact_array (GPtrArray      *records,
               gint64          cutoff,
               GDestroyNotify  free_chain)
{
  guint kept = 0;

  for (guint i = 0; i < records->len; i++)
    {
      MojoVersion *head = g_ptr_array_index (records, i);

      if (head->deleted && head->written_us <= cutoff)
        {
          free_chain (head);
          continue;
        }
      version_prune (head, cutoff, free_chain);
      records->pdata[kept++] = head;
    }

  /* The freed ones are gone already: shrink without the free function. */
  records->len = kept;
}

void
mojo_store_compact (MojoStore *store,
                    gint64     cutoff)
{
  compact_array (store->users, cutoff, (GDestroyNotify) mojo_user_free);
  compact_array (store->tickets, cutoff, (GDestroyNotify) mojo_ticket_free);
}

MojoTicketKids *
mojo_store_get_kids (MojoStore *store,
                     gint64     ticket_id,
                     gboolean   create)
{
  MojoTicketKids *kids = g_hash_table_lookup (store->kids, &ticket_id);

  if (kids == NULL && create)
    {
      kids = g_new0 (MojoTicketKids, 1);
      kids->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_comment_free);
      kids->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_comment_free);
      kids->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mojo_task_free);
      g_hash_table_insert (store->kids, g_memdup2 (&ticket_id, sizeof ticket_id), kids);
    }

  return kids;
}

/* Records sorted by id, each starting with its gint64 id: binary search. */
gpointer
mojo_find_by_id (GPtrArray *records,
                 gint64     id)
{
  guint lo = 0, hi = records->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 mid_id = *(gint64 *) g_ptr_array_index (records, mid);

      if (mid_id == id)
        return g_ptr_array_index (records, mid);
      if (mid_id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

MojoGroup *
mojo_store_get_group (MojoStore *store,
                      gint64     id)
{
  return mojo_find_by_id (store->groups, id);
}

MojoQueue *
mojo_store_get_queue (MojoStore *store,
                      gint64     id)
{
  return mojo_find_by_id (store->queues, id);
}

MojoType *
mojo_store_get_type (MojoStore *store,
                     gint64     id)
{
  return mojo_find_by_id (store->types, id);
}

MojoTag *
mojo_store_get_tag (MojoStore *store,
                    gint64     id)
{
  return mojo_find_by_id (store->tags, id);
}

void
mojo_store_log (MojoStore  *store,
                MojoEntity  entity_type,
                MojoAction  action,
                gint64      entity_id,
                gint64      ticket_id,
                gint64      user_id,
                gint64      when)
{
  MojoEvent event = {
    .id = store->next_event_id++,
    .user_id = user_id,
    .entity_id = entity_id,
    .ticket_id = ticket_id,
    .created_on = when - when % G_USEC_PER_SEC,
    .entity_type = entity_type,
    .action = action,
  };

  g_array_append_val (store->events, event);
}

/* Times */

char *
mojo_format_time (gint64   us,
                  gboolean millis)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");

  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  if (millis)
    return g_strdup_printf ("%s.%03dZ", base, (int) ((us % G_USEC_PER_SEC) / 1000));

  return g_strdup_printf ("%sZ", base);
}

char *
mojo_format_time_exact (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");

  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  if (us % G_USEC_PER_SEC != 0)
    return g_strdup_printf ("%s.%06dZ", base, (int) (us % G_USEC_PER_SEC));

  return g_strdup_printf ("%sZ", base);
}

gboolean
mojo_parse_time (const char *text,
                 gint64     *us)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;

  if (strlen (text) == 10)
    {
      g_autofree char *full = g_strdup_printf ("%sT00:00:00Z", text);

      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  else
    {
      dt = g_date_time_new_from_iso8601 (text, utc);
    }

  if (dt == NULL)
    return FALSE;

  *us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

/* JSON */

void
mojo_add_string (JsonBuilder *builder,
                 const char  *name,
                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
mojo_add_int (JsonBuilder *builder,
              const char  *name,
              gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
mojo_add_id (JsonBuilder *builder,
             const char  *name,
             gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value != 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
mojo_add_bool (JsonBuilder *builder,
               const char  *name,
               gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
mojo_add_null (JsonBuilder *builder,
               const char  *name)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_null_value (builder);
}

void
mojo_add_time (JsonBuilder *builder,
               const char  *name,
               gint64       us,
               gboolean     millis)
{
  json_builder_set_member_name (builder, name);
  if (us != 0)
    {
      g_autofree char *text = mojo_format_time (us, millis);

      json_builder_add_string_value (builder, text);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
}

gboolean
mojo_get_int (JsonObject *object,
              const char *name,
              gboolean   *present,
              gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = 0;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (d != (double) (gint64) d)
          return FALSE;
        *value = (gint64) d;
        return TRUE;
      }
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        char *end = NULL;

        if (*text == '\0')
          {
            *value = 0;
            return TRUE;
          }
        *value = g_ascii_strtoll (text, &end, 10);
        return end != text && *end == '\0';
      }
    default:
      return FALSE;
    }
}

gboolean
mojo_get_bool (JsonObject *object,
               const char *name,
               gboolean   *present,
               gboolean   *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = FALSE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      *value = json_node_get_boolean (node);
      return TRUE;
    case G_TYPE_INT64:
      *value = json_node_get_int (node) != 0;
      return TRUE;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        /* Rails casts "1", "true", "t", "on" to true and "0", "false"… to false. */
        if (g_strv_contains ((const char * const[]) { "1", "true", "t", "on", "TRUE", NULL }, text))
          *value = TRUE;
        else if (g_strv_contains ((const char * const[]) { "0", "false", "f", "off", "FALSE", "", NULL }, text))
          *value = FALSE;
        else
          return FALSE;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

gboolean
mojo_get_string (JsonObject  *object,
                 const char  *name,
                 gboolean    *present,
                 const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *present = node != NULL;
  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = json_node_get_string (node);
  return TRUE;
}

void
mojo_set_string (char       **field,
                 const char  *value)
{
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

/* Answers */

void
mojo_respond_error (MojoRequest *req,
                    guint        status,
                    const char  *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  mojo_add_string (builder, "error", error);
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (req->msg, status, json_builder_get_root (builder));
}

void
mojo_respond_message (MojoRequest *req,
                      guint        status,
                      const char  *message,
                      gboolean     with_messages)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  mojo_add_string (builder, "message", message);
  if (with_messages)
    {
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, message);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  lia_sandbox_server_respond_json (req->msg, status, json_builder_get_root (builder));
}

void
mojo_respond_builder (MojoRequest *req,
                      guint        status,
                      JsonBuilder *builder)
{
  lia_sandbox_server_respond_json (req->msg, status, json_builder_get_root (builder));
}

void
mojo_respond_empty (MojoRequest *req)
{
  lia_sandbox_server_respond_json (req->msg, SOUP_STATUS_OK, NULL);
}

/* A form may carry any bytes (%ff); what we store and echo is UTF-8. */
static void
set_valid_member (JsonObject *object,
                  const char *name,
                  const char *value)
{
  g_autofree char *valid_name = g_utf8_make_valid (name, -1);
  g_autofree char *valid_value = g_utf8_make_valid (value, -1);

  json_object_set_string_member (object, valid_name, valid_value);
}

static void
add_form_value (gpointer key,
                gpointer value,
                gpointer user_data)
{
  set_valid_member (user_data, key, value);
}

/* A form (urlencoded or multipart) as an object of strings; file parts
 * (attachments) are left out. */
static JsonNode *
read_form_object (MojoRequest *req,
                  const char  *content_type)
{
  JsonObject *object = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  /* The node owns the object from here on; @object is borrowed. */
  json_node_take_object (root, object);

  if (g_ascii_strncasecmp (content_type, "multipart/form-data", 19) == 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
      g_autoptr(SoupMultipart) multipart =
        soup_multipart_new_from_message (soup_server_message_get_request_headers (req->msg), bytes);

      for (int i = 0; multipart != NULL && i < soup_multipart_get_length (multipart); i++)
        {
          SoupMessageHeaders *headers;
          GBytes *part;
          g_autoptr(GHashTable) params = NULL;
          g_autofree char *disposition = NULL;
          const char *name, *filename;

          if (!soup_multipart_get_part (multipart, i, &headers, &part))
            continue;
          if (!soup_message_headers_get_content_disposition (headers, &disposition, &params))
            continue;
          name = g_hash_table_lookup (params, "name");
          filename = g_hash_table_lookup (params, "filename");
          if (name != NULL && filename == NULL)
            {
              g_autofree char *text = g_strndup (g_bytes_get_data (part, NULL), g_bytes_get_size (part));

              set_valid_member (object, name, text);
            }
        }
    }
  else
    {
      g_autoptr(GHashTable) form = lia_sandbox_server_read_form (req->msg);

      g_hash_table_foreach (form, add_form_value, object);
    }

  return root;
}

JsonObject *
mojo_read_object (MojoRequest  *req,
                  JsonNode    **root)
{
  g_autoptr(GError) error = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *content_type;

  *root = NULL;
  if (body->length == 0)
    {
      *root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (*root, json_object_new ());
      return json_node_get_object (*root);
    }

  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  if (content_type != NULL &&
      (g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0 ||
       g_ascii_strcasecmp (content_type, "multipart/form-data") == 0))
    {
      *root = read_form_object (req, content_type);
      return json_node_get_object (*root);
    }

  *root = lia_sandbox_server_read_json (req->msg, &error);
  if (*root == NULL || !JSON_NODE_HOLDS_OBJECT (*root))
    {
      g_clear_pointer (root, json_node_unref);
      /* Rails answers a body it cannot parse with its exception handler. */
      mojo_respond_message (req, 422, "The request body is not a valid JSON object.", TRUE);
      return NULL;
    }

  return json_node_get_object (*root);
}

const char *
mojo_query (MojoRequest *req,
            const char  *name)
{
  return g_hash_table_lookup (req->query, name);
}

static gint64
query_int (MojoRequest *req,
           const char  *name,
           gint64       fallback)
{
  const char *text = mojo_query (req, name);
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return fallback;

  value = g_ascii_strtoll (text, &end, 10);
  if (end == text)
    return fallback;

  return value;
}

void
mojo_paging (MojoRequest *req,
             guint        per_page_default,
             guint        per_page_min,
             guint        per_page_max,
             guint       *offset,
             guint       *limit)
{
  gint64 page = query_int (req, "page", 1);
  gint64 per_page = query_int (req, "per_page", per_page_default);

  if (page < 1)
    page = 1;
  if (per_page < 1)
    per_page = per_page_default;
  if (per_page < per_page_min)
    per_page = per_page_min;
  if (per_page > per_page_max)
    per_page = per_page_max;

  *limit = (guint) per_page;
  *offset = (page - 1) > G_MAXUINT / per_page ? G_MAXUINT : (guint) ((page - 1) * per_page);
}

gboolean
mojo_parse_id (const char *text,
               gint64     *id)
{
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  *id = g_ascii_strtoll (text, &end, 10);
  return *end == '\0';
}
