/* lia-mojo-tickets.c: /tickets, their comments, staff notes, tasks and tags
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

#define ACCOUNT_ID 4711

/* Representations */

static void
add_tags_array (MojoStore        *store,
                JsonBuilder      *builder,
                const MojoTicket *ticket)
{
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ticket->tag_ids->len; i++)
    {
      const MojoTag *tag = mojo_store_get_tag (store, g_array_index (ticket->tag_ids, gint64, i));

      if (tag != NULL)
        mojo_tag_to_json (builder, tag);
    }
  json_builder_end_array (builder);
}

static void
add_list_fields (MojoStore        *store,
                 JsonBuilder      *builder,
                 const MojoTicket *ticket,
                 gboolean          full)
{
  mojo_add_int (builder, "id", ticket->v.id);
  mojo_add_string (builder, "title", ticket->title);
  mojo_add_string (builder, "description", ticket->description);
  mojo_add_int (builder, "status_id", ticket->status_id);
  mojo_add_int (builder, "ticket_queue_id", ticket->ticket_queue_id);
  mojo_add_id (builder, "ticket_form_id", ticket->ticket_form_id);
  mojo_add_id (builder, "ticket_type_id", ticket->ticket_type_id);
  mojo_add_int (builder, "priority_id", ticket->priority_id);
  mojo_add_int (builder, "user_id", ticket->user_id);
  mojo_add_id (builder, "assigned_to_id", ticket->assigned_to_id);
  mojo_add_id (builder, "company_id", ticket->company_id);
  mojo_add_id (builder, "rating", ticket->rating);
  mojo_add_time (builder, "rated_on", ticket->rated_on, FALSE);
  mojo_add_null (builder, "rating_comment");
  mojo_add_time (builder, "created_on", ticket->created_on, FALSE);
  mojo_add_time (builder, "updated_on", ticket->updated_on, FALSE);
  mojo_add_time (builder, "status_changed_on", ticket->status_changed_on, FALSE);
  mojo_add_time (builder, "solved_on", ticket->solved_on, FALSE);
  if (full)
    mojo_add_time (builder, "assigned_on", ticket->assigned_on, FALSE);
  mojo_add_time (builder, "first_assigned_on", ticket->first_assigned_on, FALSE);
  mojo_add_time (builder, "due_on", ticket->due_on, FALSE);
  mojo_add_time (builder, "scheduled_on", ticket->scheduled_on, FALSE);
  mojo_add_int (builder, "created_from", ticket->created_from);
  mojo_add_null (builder, "resolution_id");
}

void
mojo_ticket_list_item_to_json (MojoStore        *store,
                               JsonBuilder      *builder,
                               const MojoTicket *ticket,
                               gboolean          search)
{
  json_builder_begin_object (builder);
  add_list_fields (store, builder, ticket, FALSE);
  json_builder_set_member_name (builder, "tag_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ticket->tag_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ticket->tag_ids, gint64, i));
  json_builder_end_array (builder);
  /* Only the search index carries these. */
  if (search)
    {
      mojo_add_time (builder, "closed_on", ticket->closed_on, FALSE);
      mojo_add_null (builder, "deleted_at");
      add_tags_array (store, builder, ticket);
      mojo_add_null (builder, "asset_tag");
    }
  json_builder_end_object (builder);
}

static void
add_user_ref (MojoStore   *store,
              JsonBuilder *builder,
              const char  *member,
              gint64       user_id)
{
  MojoUser *user = user_id ? mojo_store_get_user (store, user_id) : NULL;
  g_autofree char *full_name = NULL;

  json_builder_set_member_name (builder, member);
  if (user == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  full_name = mojo_user_full_name (user);
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", user->v.id);
  mojo_add_string (builder, "full_name", full_name);
  mojo_add_string (builder, "email", user->email);
  json_builder_end_object (builder);
}

void
mojo_comment_to_json (MojoStore         *store,
                      JsonBuilder       *builder,
                      const MojoComment *comment,
                      gboolean           related)
{
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", comment->id);
  mojo_add_string (builder, "body", comment->body);
  mojo_add_int (builder, "user_id", comment->user_id);
  mojo_add_int (builder, "ticket_id", comment->ticket_id);
  if (!comment->is_private)
    mojo_add_bool (builder, "is_private", FALSE);
  if (comment->time_spent >= 0)
    mojo_add_int (builder, "time_spent", comment->time_spent);
  else
    mojo_add_null (builder, "time_spent");
  /* Comments and notes come out with milliseconds, unlike tickets and users. */
  mojo_add_time (builder, "created_on", comment->created_on, TRUE);
  mojo_add_time (builder, "updated_on", comment->updated_on, TRUE);
  if (related)
    {
      json_builder_set_member_name (builder, "related_data");
      json_builder_begin_object (builder);
      add_user_ref (store, builder, "user", comment->user_id);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

void
mojo_task_to_json (MojoStore      *store,
                   JsonBuilder    *builder,
                   const MojoTask *task,
                   gboolean        assignee)
{
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", task->id);
  mojo_add_string (builder, "title", task->title);
  mojo_add_string (builder, "notes", task->notes);
  mojo_add_bool (builder, "is_completed", task->is_completed);
  mojo_add_int (builder, "ticket_id", task->ticket_id);
  mojo_add_id (builder, "assigned_to_id", task->assigned_to_id);
  mojo_add_int (builder, "account_id", ACCOUNT_ID);
  mojo_add_time (builder, "due_on", task->due_on, FALSE);
  mojo_add_time (builder, "created_on", task->created_on, FALSE);
  mojo_add_time (builder, "updated_on", task->updated_on, FALSE);
  mojo_add_int (builder, "position", task->position);
  if (assignee)
    add_user_ref (store, builder, "assignee", task->assigned_to_id);
  json_builder_end_object (builder);
}

static gint
task_compare (gconstpointer a,
              gconstpointer b)
{
  const MojoTask *ta = *(MojoTask **) a;
  const MojoTask *tb = *(MojoTask **) b;

  if (ta->position != tb->position)
    return ta->position < tb->position ? -1 : 1;
  return ta->id < tb->id ? -1 : ta->id > tb->id;
}

static void
add_tasks_array (MojoStore      *store,
                 JsonBuilder    *builder,
                 MojoTicketKids *kids,
                 gboolean        assignee)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; kids != NULL && i < kids->tasks->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (kids->tasks, i));
  g_ptr_array_sort (sorted, task_compare);

  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    mojo_task_to_json (store, builder, g_ptr_array_index (sorted, i), assignee);
  json_builder_end_array (builder);
}

static void
ticket_to_json (MojoStore        *store,
                JsonBuilder      *builder,
                const MojoTicket *ticket)
{
  MojoTicketKids *kids = mojo_store_get_kids (store, ticket->v.id, FALSE);
  const MojoQueue *queue = mojo_store_get_queue (store, ticket->ticket_queue_id);
  const MojoType *type = ticket->ticket_type_id ? mojo_store_get_type (store, ticket->ticket_type_id) : NULL;
  const MojoComment *first_comment = NULL;
  const MojoGroup *company = ticket->company_id ? mojo_store_get_group (store, ticket->company_id) : NULL;

  for (guint i = 0; kids != NULL && i < kids->comments->len && first_comment == NULL; i++)
    {
      const MojoComment *comment = g_ptr_array_index (kids->comments, i);

      if (comment->user_id != ticket->user_id)
        first_comment = comment;
    }

  json_builder_begin_object (builder);
  add_list_fields (store, builder, ticket, TRUE);
  mojo_add_null (builder, "parent_ticket_id");
  mojo_add_null (builder, "legacy_id");
  mojo_add_bool (builder, "is_attention_required", FALSE);
  mojo_add_null (builder, "user_attention_id");
  mojo_add_string (builder, "cc", ticket->cc);
  if (first_comment != NULL)
    {
      mojo_add_int (builder, "time_to_first_comment",
                    (first_comment->created_on - ticket->created_on) / G_USEC_PER_SEC);
      mojo_add_time (builder, "first_commented_on", first_comment->created_on, FALSE);
    }
  else
    {
      mojo_add_null (builder, "time_to_first_comment");
      mojo_add_null (builder, "first_commented_on");
    }
  mojo_add_null (builder, "resolution");

  json_builder_set_member_name (builder, "ticket_type");
  if (type != NULL)
    {
      json_builder_begin_object (builder);
      mojo_add_int (builder, "id", type->id);
      mojo_add_string (builder, "name", type->name);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  json_builder_set_member_name (builder, "ticket_queue");
  if (queue != NULL)
    mojo_queue_to_json (builder, queue);
  else
    json_builder_add_null_value (builder);

  add_tags_array (store, builder, ticket);

  json_builder_set_member_name (builder, "custom_field_values");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tasks");
  add_tasks_array (store, builder, kids, TRUE);

  json_builder_set_member_name (builder, "all_comments");
  json_builder_begin_array (builder);
  for (guint i = 0; kids != NULL && i < kids->comments->len; i++)
    mojo_comment_to_json (store, builder, g_ptr_array_index (kids->comments, i), TRUE);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "staff_notes");
  json_builder_begin_array (builder);
  for (guint i = 0; kids != NULL && i < kids->notes->len; i++)
    mojo_comment_to_json (store, builder, g_ptr_array_index (kids->notes, i), TRUE);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "staff_only_attachments");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "potential_assignees");
  json_builder_begin_array (builder);
  for (guint i = 0; i < store->users->len; i++)
    {
      const MojoUser *user = g_ptr_array_index (store->users, i);
      g_autofree char *name = NULL;

      /* Agents come first in the demo data: stop at the first end user. */
      if (user->role_id < MOJO_ROLE_RESTRICTED)
        break;
      if (user->v.deleted)
        continue;
      name = mojo_user_full_name (user);
      json_builder_begin_object (builder);
      mojo_add_int (builder, "id", user->v.id);
      mojo_add_string (builder, "name", name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "custom_field_types");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "time_tracking_unit");
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", 1);
  mojo_add_string (builder, "name", "Minutes");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "related_data");
  json_builder_begin_object (builder);
  add_user_ref (store, builder, "user", ticket->user_id);
  add_user_ref (store, builder, "assignee_user", ticket->assigned_to_id);
  mojo_add_string (builder, "ticket_type_name", type != NULL ? type->name : NULL);
  json_builder_set_member_name (builder, "company");
  if (company != NULL)
    {
      json_builder_begin_object (builder);
      mojo_add_int (builder, "id", company->id);
      mojo_add_string (builder, "name", company->name);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "ticket_queue");
  if (queue != NULL)
    {
      json_builder_begin_object (builder);
      mojo_add_int (builder, "id", queue->id);
      mojo_add_string (builder, "name", queue->name);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  mojo_add_null (builder, "asset_tag");
  json_builder_end_object (builder);
}

static void
respond_ticket (MojoRequest      *req,
                guint             status,
                const MojoTicket *ticket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ticket_to_json (req->store, builder, ticket);
  mojo_respond_builder (req, status, builder);
}

static void
respond_tasks (MojoRequest    *req,
               MojoTicketKids *kids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_tasks_array (req->store, builder, kids, FALSE);
  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

/* Sorting */

typedef struct
{
  const char *name;
  gsize       offset;   /* of a gint64 field, or G_MAXSIZE for a string */
  gsize       string_offset;
} SortField;

static const SortField sort_fields[] = {
  { "id", G_STRUCT_OFFSET (MojoTicket, v.id), 0 },
  { "title", G_MAXSIZE, G_STRUCT_OFFSET (MojoTicket, title) },
  { "description", G_MAXSIZE, G_STRUCT_OFFSET (MojoTicket, description) },
  { "user_id", G_STRUCT_OFFSET (MojoTicket, user_id), 0 },
  { "assigned_to_id", G_STRUCT_OFFSET (MojoTicket, assigned_to_id), 0 },
  { "status_id", G_STRUCT_OFFSET (MojoTicket, status_id), 0 },
  { "ticket_form_id", G_STRUCT_OFFSET (MojoTicket, ticket_form_id), 0 },
  { "priority_id", G_STRUCT_OFFSET (MojoTicket, priority_id), 0 },
  { "ticket_queue_id", G_STRUCT_OFFSET (MojoTicket, ticket_queue_id), 0 },
  { "company_id", G_STRUCT_OFFSET (MojoTicket, company_id), 0 },
  { "rating", G_STRUCT_OFFSET (MojoTicket, rating), 0 },
  { "rated_on", G_STRUCT_OFFSET (MojoTicket, rated_on), 0 },
  { "created_on", G_STRUCT_OFFSET (MojoTicket, created_on), 0 },
  { "updated_on", G_STRUCT_OFFSET (MojoTicket, updated_on), 0 },
  { "status_changed_on", G_STRUCT_OFFSET (MojoTicket, status_changed_on), 0 },
  { "solved_on", G_STRUCT_OFFSET (MojoTicket, solved_on), 0 },
  { "assigned_on", G_STRUCT_OFFSET (MojoTicket, assigned_on), 0 },
  { "ticket_type_id", G_STRUCT_OFFSET (MojoTicket, ticket_type_id), 0 },
  { "due_on", G_STRUCT_OFFSET (MojoTicket, due_on), 0 },
  { "scheduled_on", G_STRUCT_OFFSET (MojoTicket, scheduled_on), 0 },
};

/* The search's sort fields (sf), a subset. */
static const char * const search_sort_fields[] = {
  "created_on", "due_on", "rated_on", "scheduled_on", "solved_on", "updated_on", NULL,
};

typedef struct
{
  const SortField *field;
  gboolean         descending;
} SortSpec;

static gint
ticket_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SortSpec *spec = user_data;
  const MojoTicket *ta = *(MojoTicket **) a;
  const MojoTicket *tb = *(MojoTicket **) b;
  int result;

  if (spec->field->offset == G_MAXSIZE)
    {
      const char *sa = G_STRUCT_MEMBER (char *, ta, spec->field->string_offset);
      const char *sb = G_STRUCT_MEMBER (char *, tb, spec->field->string_offset);

      result = g_strcmp0 (sa, sb);
    }
  else
    {
      gint64 va = G_STRUCT_MEMBER (gint64, ta, spec->field->offset);
      gint64 vb = G_STRUCT_MEMBER (gint64, tb, spec->field->offset);

      result = va < vb ? -1 : va > vb;
    }

  /* Ties (and nulls, which sort first ascending) break on the id. */
  if (result == 0)
    result = ta->v.id < tb->v.id ? -1 : ta->v.id > tb->v.id;

  return spec->descending ? -result : result;
}

static const SortField *
find_sort_field (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sort_fields); i++)
    {
      if (g_str_equal (sort_fields[i].name, name))
        return &sort_fields[i];
    }

  return NULL;
}

static void
respond_ticket_page (MojoRequest *req,
                     GPtrArray   *tickets,
                     SortSpec    *spec,
                     guint        offset,
                     guint        limit,
                     gboolean     search)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_ptr_array_sort_with_data (tickets, ticket_compare, spec);

  json_builder_begin_array (builder);
  for (guint i = offset; i < tickets->len && i - offset < limit; i++)
    mojo_ticket_list_item_to_json (req->store, builder, g_ptr_array_index (tickets, i), search);
  json_builder_end_array (builder);

  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

static void
list_tickets (MojoRequest *req)
{
  g_autoptr(GPtrArray) visible = g_ptr_array_new ();
  gint64 cutoff = mojo_store_cutoff (req->store, req->now);
  SortSpec spec;
  guint offset, limit;

  mojo_paging (req, 10, 1, 100, &offset, &limit);
  spec.field = find_sort_field (mojo_query (req, "sort_by"));
  if (spec.field == NULL)
    spec.field = &sort_fields[0];
  spec.descending = g_strcmp0 (mojo_query (req, "sort_order"), "asc") != 0;

  mojo_store_compact (req->store, cutoff);
  for (guint i = 0; i < req->store->tickets->len; i++)
    {
      MojoTicket *ticket = mojo_ticket_visible (g_ptr_array_index (req->store->tickets, i), cutoff);

      if (ticket != NULL)
        g_ptr_array_add (visible, ticket);
    }

  respond_ticket_page (req, visible, &spec, offset, limit, FALSE);
}

static void
search_tickets (MojoRequest *req)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(MojoQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cutoff = mojo_store_cutoff (req->store, req->now);
  const char *text = mojo_query (req, "query");
  const char *sf = mojo_query (req, "sf");
  SortSpec spec;
  guint offset, limit;

  query = mojo_query_parse (text, req->now, &error);
  if (query == NULL)
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "bad request");
      return;
    }

  mojo_paging (req, 10, 10, 100, &offset, &limit);
  /* Without a known sf the index's order is by creation. */
  if (sf == NULL || !g_strv_contains (search_sort_fields, sf))
    sf = "created_on";
  spec.field = find_sort_field (sf);
  spec.descending = g_strcmp0 (mojo_query (req, "r"), "1") == 0;

  mojo_store_compact (req->store, cutoff);
  for (guint i = 0; i < req->store->tickets->len; i++)
    {
      MojoTicket *ticket = mojo_ticket_visible (g_ptr_array_index (req->store->tickets, i), cutoff);

      if (ticket != NULL && mojo_query_matches (query, req->store, ticket))
        g_ptr_array_add (found, ticket);
    }

  respond_ticket_page (req, found, &spec, offset, limit, TRUE);
}

/* Writing tickets */

static gint64
truncate_seconds (gint64 us)
{
  return us - us % G_USEC_PER_SEC;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

static gboolean
status_is_valid (gint64 status)
{
  return status >= 10 && status <= 60 && status % 10 == 0;
}

static gboolean
priority_is_valid (gint64 priority)
{
  return priority >= 10 && priority <= 40 && priority % 10 == 0;
}

static gboolean
has_open_tasks (MojoStore *store,
                gint64     ticket_id)
{
  MojoTicketKids *kids = mojo_store_get_kids (store, ticket_id, FALSE);

  for (guint i = 0; kids != NULL && i < kids->tasks->len; i++)
    {
      const MojoTask *task = g_ptr_array_index (kids->tasks, i);

      if (!task->is_completed)
        return TRUE;
    }

  return FALSE;
}

static void
respond_invalid (MojoRequest *req,
                 const char  *message)
{
  mojo_respond_message (req, 422, message, TRUE);
}

/* Validates the members of @body; with @ticket set, applies them. */
static gboolean
apply_ticket_fields (MojoRequest *req,
                     JsonObject  *body,
                     MojoTicket  *ticket,
                     gboolean     creating)
{
  MojoStore *store = req->store;
  gboolean present;
  const char *text;
  gint64 number, when;
  gint64 now = truncate_seconds (req->now);

  if (!mojo_get_string (body, "title", &present, &text) ||
      ((creating || present) && is_blank (text)))
    {
      respond_invalid (req, "Validation failed: Title can't be blank");
      return FALSE;
    }
  if (present && ticket != NULL)
    mojo_set_string (&ticket->title, text);

  if (!mojo_get_string (body, "description", &present, &text))
    {
      respond_invalid (req, "Validation failed: Description is invalid");
      return FALSE;
    }
  if (present && ticket != NULL)
    mojo_set_string (&ticket->description, text);

  if (!mojo_get_string (body, "cc", &present, &text))
    {
      respond_invalid (req, "Validation failed: Cc is invalid");
      return FALSE;
    }
  if (present && ticket != NULL)
    mojo_set_string (&ticket->cc, text);

  if (!mojo_get_int (body, "ticket_queue_id", &present, &number) ||
      ((creating || present) && mojo_store_get_queue (store, number) == NULL))
    {
      respond_invalid (req, present ? "Validation failed: Ticket queue is invalid"
                                    : "Validation failed: Ticket queue can't be blank");
      return FALSE;
    }
  if (present && ticket != NULL)
    ticket->ticket_queue_id = number;

  if (!mojo_get_int (body, "priority_id", &present, &number) || (present && !priority_is_valid (number)))
    {
      respond_invalid (req, "Validation failed: Priority is not included in the list");
      return FALSE;
    }
  if (present && ticket != NULL)
    ticket->priority_id = number;

  if (!mojo_get_int (body, "status_id", &present, &number) || (present && !status_is_valid (number)))
    {
      respond_invalid (req, "Validation failed: Status is not included in the list");
      return FALSE;
    }
  if (present && ticket != NULL && number != ticket->status_id)
    {
      ticket->status_id = number;
      ticket->status_changed_on = now;
      if (number >= 50 && ticket->solved_on == 0)
        ticket->solved_on = now;
      if (number == 60)
        ticket->closed_on = now;
      if (number < 50)
        ticket->solved_on = ticket->closed_on = 0;
    }

  if (!mojo_get_int (body, "ticket_type_id", &present, &number) ||
      (present && number != 0 && mojo_store_get_type (store, number) == NULL))
    {
      respond_invalid (req, "Validation failed: Ticket type is invalid");
      return FALSE;
    }
  if (present && ticket != NULL)
    ticket->ticket_type_id = number;

  if (!mojo_get_int (body, "ticket_form_id", &present, &number) ||
      (present && number != 0 && number != store->ticket_form_id))
    {
      respond_invalid (req, "Validation failed: Ticket form is invalid");
      return FALSE;
    }

  if (!mojo_get_int (body, "assigned_to_id", &present, &number))
    {
      respond_invalid (req, "Validation failed: Assigned to is invalid");
      return FALSE;
    }
  if (present && number != 0)
    {
      MojoUser *agent = mojo_store_get_user (store, number);

      if (agent == NULL || agent->role_id < MOJO_ROLE_RESTRICTED)
        {
          respond_invalid (req, "Validation failed: Assigned to is invalid");
          return FALSE;
        }
    }
  if (present && ticket != NULL && number != ticket->assigned_to_id)
    {
      ticket->assigned_to_id = number;
      ticket->assigned_on = number ? now : 0;
      if (number != 0 && ticket->first_assigned_on == 0)
        ticket->first_assigned_on = now;
    }

  if (!mojo_get_int (body, "user_id", &present, &number) ||
      (present && mojo_store_get_user (store, number) == NULL))
    {
      respond_invalid (req, "Validation failed: User is invalid");
      return FALSE;
    }
  if (present && ticket != NULL)
    {
      MojoUser *requester = mojo_store_get_user (store, number);

      ticket->user_id = number;
      ticket->company_id = requester->company_id;
    }

  if (!mojo_get_string (body, "due_on", &present, &text) ||
      (text != NULL && !mojo_parse_time (text, &when)))
    {
      respond_invalid (req, "Validation failed: Due on is invalid");
      return FALSE;
    }
  if (present && ticket != NULL)
    ticket->due_on = text != NULL ? truncate_seconds (when) : 0;

  if (!mojo_get_string (body, "scheduled_on", &present, &text) ||
      (text != NULL && !mojo_parse_time (text, &when)))
    {
      respond_invalid (req, "Validation failed: Scheduled on is invalid");
      return FALSE;
    }
  if (present && ticket != NULL)
    ticket->scheduled_on = text != NULL ? truncate_seconds (when) : 0;

  return TRUE;
}

/* The requester from "user": {"email": …}, found or created; answers and
 * returns 0 on failure, -1 when there is no "user" member. */
static gint64
resolve_requester (MojoRequest *req,
                   JsonObject  *body)
{
  JsonNode *node = json_object_get_member (body, "user");
  JsonObject *user_object;
  gboolean present;
  const char *email = NULL;
  g_autofree char *lower = NULL;
  MojoUser *user;

  if (node == NULL)
    return -1;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      respond_invalid (req, "Validation failed: User is invalid");
      return 0;
    }
  user_object = json_node_get_object (node);
  if (!mojo_get_string (user_object, "email", &present, &email) || email == NULL || *email == '\0')
    {
      respond_invalid (req, "Email is required to create a new user");
      return 0;
    }

  user = mojo_store_get_user_by_email (req->store, email);
  if (user != NULL)
    return user->v.id;

  lower = g_utf8_strdown (email, -1);
  if (strlen (lower) < 6 || strchr (lower, '@') == NULL || strchr (lower, ' ') != NULL)
    {
      respond_invalid (req, "Validation failed: Email is invalid");
      return 0;
    }

  user = mojo_user_new ();
  user->v.id = req->store->next_user_id;
  user->v.written_us = req->now;
  user->email = g_steal_pointer (&lower);
  mojo_set_string (&user->first_name, json_object_get_string_member_with_default (user_object, "first_name", NULL));
  mojo_set_string (&user->last_name, json_object_get_string_member_with_default (user_object, "last_name", NULL));
  user->created_on = user->updated_on = truncate_seconds (req->now);
  mojo_store_add_user (req->store, user);
  mojo_store_log (req->store, MOJO_ENTITY_USER, MOJO_ACTION_CREATE, user->v.id, 0,
                  req->store->owner_id, req->now);

  return user->v.id;
}

static void
create_ticket (MojoRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  MojoTicket *ticket;
  MojoUser *requester;
  gint64 requester_id;
  gint64 now = truncate_seconds (req->now);

  if (body == NULL)
    return;
  if (!apply_ticket_fields (req, body, NULL, TRUE))
    return;
  requester_id = resolve_requester (req, body);
  if (requester_id == 0)
    return;

  ticket = mojo_ticket_new ();
  ticket->v.id = req->store->next_ticket_id;
  ticket->v.written_us = req->now;
  ticket->created_on = ticket->updated_on = ticket->status_changed_on = now;
  ticket->created_from = 3;
  ticket->ticket_form_id = req->store->ticket_form_id;
  ticket->user_id = req->store->owner_id;
  apply_ticket_fields (req, body, ticket, TRUE);
  if (requester_id > 0)
    ticket->user_id = requester_id;
  requester = mojo_store_get_user (req->store, ticket->user_id);
  ticket->company_id = requester != NULL ? requester->company_id : 0;
  if (ticket->status_id >= 50)
    ticket->solved_on = now;
  if (ticket->status_id == 60)
    ticket->closed_on = now;
  mojo_store_add_ticket (req->store, ticket);
  mojo_store_log (req->store, MOJO_ENTITY_TICKET, MOJO_ACTION_CREATE, ticket->v.id, ticket->v.id,
                  req->store->owner_id, req->now);

  respond_ticket (req, SOUP_STATUS_CREATED, ticket);
}

static void
update_ticket (MojoRequest *req,
               MojoTicket  *ticket)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  gboolean present;
  gint64 status = 0;

  if (body == NULL)
    return;
  if (!apply_ticket_fields (req, body, NULL, FALSE))
    return;

  mojo_get_int (body, "status_id", &present, &status);
  if (present && status == 60 && ticket->status_id != 60 && has_open_tasks (req->store, ticket->v.id))
    {
      respond_invalid (req, "Validation failed: The ticket has uncompleted tasks and cannot be closed");
      return;
    }

  mojo_store_touch_ticket (req->store, ticket, req->now);
  apply_ticket_fields (req, body, ticket, FALSE);
  ticket->updated_on = truncate_seconds (req->now);
  mojo_store_log (req->store, MOJO_ENTITY_TICKET, MOJO_ACTION_UPDATE, ticket->v.id, ticket->v.id,
                  req->store->owner_id, req->now);

  respond_ticket (req, SOUP_STATUS_OK, ticket);
}

/* Tags on a ticket */

static MojoTag *
resolve_tag (MojoRequest *req,
             JsonObject  *body,
             gboolean     create)
{
  gboolean present;
  gint64 id = 0;
  const char *label = NULL;

  if (mojo_get_int (body, "tag_id", &present, &id) && present && id != 0)
    return mojo_store_get_tag (req->store, id);

  if (!mojo_get_string (body, "tag_label", &present, &label) || label == NULL || *label == '\0')
    return NULL;

  for (guint i = 0; i < req->store->tags->len; i++)
    {
      MojoTag *tag = g_ptr_array_index (req->store->tags, i);

      if (g_utf8_collate (tag->label, label) == 0)
        return tag;
    }

  if (create)
    {
      MojoTag *tag = g_new0 (MojoTag, 1);

      tag->id = req->store->next_tag_id++;
      tag->label = g_strdup (label);
      tag->color = g_strdup ("#777777");
      g_ptr_array_add (req->store->tags, tag);
      mojo_store_log (req->store, MOJO_ENTITY_TAG, MOJO_ACTION_CREATE, tag->id, 0,
                      req->store->owner_id, req->now);
      return tag;
    }

  return NULL;
}

static void
change_tag (MojoRequest *req,
            MojoTicket  *ticket,
            gboolean     add)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  MojoTag *tag;
  guint index = G_MAXUINT;

  if (body == NULL)
    return;

  tag = resolve_tag (req, body, add);
  if (tag == NULL)
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid tag id or label");
      return;
    }

  for (guint i = 0; i < ticket->tag_ids->len; i++)
    {
      if (g_array_index (ticket->tag_ids, gint64, i) == tag->id)
        index = i;
    }

  if ((add && index == G_MAXUINT) || (!add && index != G_MAXUINT))
    {
      if (add && ticket->tag_ids->len >= 50)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Maximum number of tags reached");
          return;
        }
      mojo_store_touch_ticket (req->store, ticket, req->now);
      if (add)
        g_array_append_val (ticket->tag_ids, tag->id);
      else
        g_array_remove_index (ticket->tag_ids, index);
      ticket->updated_on = truncate_seconds (req->now);
      mojo_store_log (req->store, MOJO_ENTITY_TICKET, MOJO_ACTION_UPDATE, ticket->v.id, ticket->v.id,
                      req->store->owner_id, req->now);
    }

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < ticket->tag_ids->len; i++)
    {
      const MojoTag *t = mojo_store_get_tag (req->store, g_array_index (ticket->tag_ids, gint64, i));

      if (t != NULL)
        mojo_tag_to_json (builder, t);
    }
  json_builder_end_array (builder);
  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

/* Comments and staff notes */

static void
list_comments (MojoRequest    *req,
               MojoTicketKids *kids,
               gboolean        notes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *items = kids == NULL ? NULL : notes ? kids->notes : kids->comments;
  guint offset, limit;

  mojo_paging (req, 10, 1, 100, &offset, &limit);
  json_builder_begin_array (builder);
  for (guint i = offset; items != NULL && i < items->len && i - offset < limit; i++)
    mojo_comment_to_json (req->store, builder, g_ptr_array_index (items, i), FALSE);
  json_builder_end_array (builder);
  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

static void
create_comment (MojoRequest *req,
                MojoTicket  *ticket,
                gboolean     note)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  MojoTicketKids *kids;
  MojoComment *comment;
  gboolean present;
  const char *text;
  gint64 number;

  if (body == NULL)
    return;
  if (!mojo_get_string (body, "body", &present, &text) || is_blank (text))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Body can't be blank");
      return;
    }

  comment = g_new0 (MojoComment, 1);
  comment->id = req->store->next_comment_id++;
  comment->ticket_id = ticket->v.id;
  comment->body = g_strdup (text);
  comment->is_private = note;
  comment->time_spent = -1;
  if (mojo_get_int (body, "time_spent", &present, &number) && present)
    comment->time_spent = number;
  /* Attributed to the caller unless user_id names a user of the account. */
  comment->user_id = req->store->owner_id;
  if (mojo_get_int (body, "user_id", &present, &number) && present &&
      mojo_store_get_user (req->store, number) != NULL)
    comment->user_id = number;
  comment->created_on = comment->updated_on = req->now - req->now % 1000;

  kids = mojo_store_get_kids (req->store, ticket->v.id, TRUE);
  g_ptr_array_add (note ? kids->notes : kids->comments, comment);

  /* A comment or note touches its ticket, which the index sees later. */
  mojo_store_touch_ticket (req->store, ticket, req->now);
  ticket->updated_on = truncate_seconds (req->now);
  mojo_store_log (req->store, note ? MOJO_ENTITY_STAFF_NOTE : MOJO_ENTITY_COMMENT, MOJO_ACTION_CREATE,
                  comment->id, ticket->v.id, comment->user_id, req->now);

  builder = json_builder_new ();
  mojo_comment_to_json (req->store, builder, comment, FALSE);
  mojo_respond_builder (req, SOUP_STATUS_CREATED, builder);
}

/* Tasks */

static MojoTask *
find_task (MojoTicketKids *kids,
           gint64          id)
{
  for (guint i = 0; kids != NULL && i < kids->tasks->len; i++)
    {
      MojoTask *task = g_ptr_array_index (kids->tasks, i);

      if (task->id == id)
        return task;
    }

  return NULL;
}

static gboolean
apply_task_fields (MojoRequest *req,
                   JsonObject  *body,
                   MojoTask    *task,
                   gboolean     creating)
{
  gboolean present, flag;
  const char *text;
  gint64 when = 0;

  if (!mojo_get_string (body, "title", &present, &text) ||
      ((creating || present) && is_blank (text)))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Title can't be blank");
      return FALSE;
    }
  if (present && task != NULL)
    mojo_set_string (&task->title, text);

  if (!mojo_get_string (body, "notes", &present, &text))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Notes is invalid");
      return FALSE;
    }
  if (present && task != NULL)
    mojo_set_string (&task->notes, text);

  if (!mojo_get_bool (body, "is_completed", &present, &flag))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Is completed is invalid");
      return FALSE;
    }
  if (present && task != NULL)
    task->is_completed = flag;

  if (!mojo_get_string (body, "due_on", &present, &text) ||
      (text != NULL && !mojo_parse_time (text, &when)))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Due on is invalid");
      return FALSE;
    }
  if (present && task != NULL)
    task->due_on = text != NULL ? truncate_seconds (when) : 0;

  return TRUE;
}

static void
create_task (MojoRequest *req,
             MojoTicket  *ticket)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  MojoTicketKids *kids;
  MojoTask *task;
  gint64 position = 0;

  if (body == NULL || !apply_task_fields (req, body, NULL, TRUE))
    return;

  kids = mojo_store_get_kids (req->store, ticket->v.id, TRUE);
  for (guint i = 0; i < kids->tasks->len; i++)
    position = MAX (position, ((MojoTask *) g_ptr_array_index (kids->tasks, i))->position + 1);

  task = g_new0 (MojoTask, 1);
  task->id = req->store->next_task_id++;
  task->ticket_id = ticket->v.id;
  task->position = position;
  task->created_on = task->updated_on = truncate_seconds (req->now);
  apply_task_fields (req, body, task, TRUE);
  g_ptr_array_add (kids->tasks, task);
  mojo_store_log (req->store, MOJO_ENTITY_TASK, MOJO_ACTION_CREATE, task->id, ticket->v.id,
                  req->store->owner_id, req->now);

  builder = json_builder_new ();
  mojo_task_to_json (req->store, builder, task, FALSE);
  mojo_respond_builder (req, SOUP_STATUS_CREATED, builder);
}

static void
update_task (MojoRequest *req,
             MojoTicket  *ticket,
             MojoTask    *task)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body = mojo_read_object (req, &root);

  if (body == NULL || !apply_task_fields (req, body, NULL, FALSE))
    return;

  apply_task_fields (req, body, task, FALSE);
  task->updated_on = truncate_seconds (req->now);
  mojo_store_log (req->store, MOJO_ENTITY_TASK, MOJO_ACTION_UPDATE, task->id, ticket->v.id,
                  req->store->owner_id, req->now);

  builder = json_builder_new ();
  mojo_task_to_json (req->store, builder, task, FALSE);
  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

static void
reorder_tasks (MojoRequest *req,
               MojoTicket  *ticket)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  MojoTicketKids *kids = mojo_store_get_kids (req->store, ticket->v.id, FALSE);
  JsonNode *keys;

  if (body == NULL)
    return;

  keys = json_object_get_member (body, "keys");
  if (keys != NULL && JSON_NODE_HOLDS_ARRAY (keys))
    {
      JsonArray *array = json_node_get_array (keys);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gint64 id = 0;
          MojoTask *task;

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64)
            id = json_node_get_int (element);
          else if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            mojo_parse_id (json_node_get_string (element), &id);

          /* Ids of other tickets' tasks are ignored. */
          if ((task = find_task (kids, id)) != NULL)
            {
              task->position = i;
              task->updated_on = truncate_seconds (req->now);
            }
        }
    }

  respond_tasks (req, kids);
}

static void
delete_completed_tasks (MojoRequest *req,
                        MojoTicket  *ticket)
{
  MojoTicketKids *kids = mojo_store_get_kids (req->store, ticket->v.id, FALSE);

  for (guint i = 0; kids != NULL && i < kids->tasks->len;)
    {
      MojoTask *task = g_ptr_array_index (kids->tasks, i);

      if (task->is_completed)
        {
          mojo_store_log (req->store, MOJO_ENTITY_TASK, MOJO_ACTION_DELETE, task->id, ticket->v.id,
                          req->store->owner_id, req->now);
          g_ptr_array_remove_index (kids->tasks, i);
        }
      else
        {
          i++;
        }
    }

  respond_tasks (req, kids);
}

static void
list_ticket_events (MojoRequest *req,
                    MojoTicket  *ticket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = req->store->events->len; i > 0; i--)
    {
      const MojoEvent *event = &g_array_index (req->store->events, MojoEvent, i - 1);

      if (event->ticket_id == ticket->v.id)
        mojo_event_to_json (req->store, builder, event);
    }
  json_builder_end_array (builder);
  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

/* Routing */

gboolean
mojo_handle_tickets (MojoRequest *req)
{
  MojoTicket *ticket = NULL;
  MojoTicketKids *kids;
  gint64 id = 0;

  if (mojo_route_is (req, "GET", "tickets"))
    {
      list_tickets (req);
      return TRUE;
    }
  if (mojo_route_is (req, "GET", "tickets/search"))
    {
      search_tickets (req);
      return TRUE;
    }
  if (mojo_route_is (req, "POST", "tickets"))
    {
      create_ticket (req);
      return TRUE;
    }

  if (req->n_parts < 2)
    return FALSE;
  if (mojo_parse_id (req->parts[1], &id))
    ticket = mojo_store_get_ticket (req->store, id);

  /* Creating a comment or note on an unknown ticket is a 400; the rest 404. */
  if (mojo_route_is (req, "POST", "tickets/{ticket_id}/comments") ||
      mojo_route_is (req, "POST", "tickets/{ticket_id}/staff_notes"))
    {
      if (ticket == NULL)
        mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid ticket id");
      else
        create_comment (req, ticket, g_str_equal (req->parts[2], "staff_notes"));
      return TRUE;
    }

  if (ticket == NULL)
    {
      mojo_respond_message (req, SOUP_STATUS_NOT_FOUND, "Record not found", FALSE);
      return TRUE;
    }
  kids = mojo_store_get_kids (req->store, ticket->v.id, FALSE);

  if (mojo_route_is (req, "GET", "tickets/{id}"))
    respond_ticket (req, SOUP_STATUS_OK, ticket);
  else if (mojo_route_is (req, "PUT", "tickets/{id}") || mojo_route_is (req, "PATCH", "tickets/{id}"))
    update_ticket (req, ticket);
  else if (mojo_route_is (req, "DELETE", "tickets/{id}"))
    {
      mojo_store_log (req->store, MOJO_ENTITY_TICKET, MOJO_ACTION_DELETE, ticket->v.id, ticket->v.id,
                      req->store->owner_id, req->now);
      mojo_store_delete_ticket (req->store, ticket, req->now);
      mojo_respond_empty (req);
    }
  else if (mojo_route_is (req, "GET", "tickets/{ticket_id}/events"))
    list_ticket_events (req, ticket);
  else if (mojo_route_is (req, "POST", "tickets/{id}/add_tag"))
    change_tag (req, ticket, TRUE);
  else if (mojo_route_is (req, "POST", "tickets/{id}/remove_tag"))
    change_tag (req, ticket, FALSE);
  else if (mojo_route_is (req, "GET", "tickets/{ticket_id}/comments"))
    list_comments (req, kids, FALSE);
  else if (mojo_route_is (req, "GET", "tickets/{ticket_id}/staff_notes"))
    list_comments (req, kids, TRUE);
  else if (mojo_route_is (req, "GET", "tickets/{ticket_id}/tasks"))
    respond_tasks (req, kids);
  else if (mojo_route_is (req, "POST", "tickets/{ticket_id}/tasks"))
    create_task (req, ticket);
  else if (mojo_route_is (req, "POST", "tickets/{ticket_id}/tasks/reorder"))
    reorder_tasks (req, ticket);
  else if (mojo_route_is (req, "POST", "tickets/{ticket_id}/tasks/delete_completed"))
    delete_completed_tasks (req, ticket);
  else if (g_str_has_prefix (req->route, "tickets/{ticket_id}/tasks/{id}"))
    {
      MojoTask *task = NULL;
      gint64 task_id;

      if (mojo_parse_id (req->parts[3], &task_id))
        task = find_task (kids, task_id);
      if (task == NULL)
        mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid task id");
      else if (g_str_equal (req->method, "DELETE"))
        {
          mojo_store_log (req->store, MOJO_ENTITY_TASK, MOJO_ACTION_DELETE, task->id, ticket->v.id,
                          req->store->owner_id, req->now);
          g_ptr_array_remove (kids->tasks, task);
          mojo_respond_empty (req);
        }
      else
        update_task (req, ticket, task);
    }
  else
    return FALSE;

  return TRUE;
}
