/* lia-ghl-subresources.c: a contact's tasks, notes, appointments, tags,
 * followers, campaigns and workflows; the bulk routes; the locations routes
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlEmulator"

#include "config.h"

#include <string.h>

#include "lia-ghl-emulator-private.h"

/* Auxiliary functions */

static void
answer_object (LiaGhlRequest *req,
               guint          status,
               const char    *member,
               JsonObject    *value)
{
  JsonObject *object = json_object_new ();

  json_object_set_object_member (object, member, value);
  _lia_ghl_respond (req->self, req->msg, status, object);
}

static void
answer_succeded (LiaGhlRequest *req,
                 guint          status)
{
  JsonObject *object = json_object_new ();

  /* (sic): the API spells it so */
  json_object_set_boolean_member (object, "succeded", TRUE);
  _lia_ghl_respond (req->self, req->msg, status, object);
}

static void
answer_not_found (LiaGhlRequest *req,
                  const char    *what,
                  const char    *id)
{
  g_autofree char *message = g_strdup_printf ("%s with id %s not found", what, id);

  _lia_ghl_error (req->self, req->msg, SOUP_STATUS_BAD_REQUEST, message, NULL);
}

/* The body checked against @props, or NULL after answering. */
static JsonObject *
read_checked_body (LiaGhlRequest    *req,
                   const LiaGhlProp *props,
                   guint             n_props)
{
  g_autoptr(JsonObject) body = _lia_ghl_read_body (req);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

  if (body == NULL)
    return NULL;
  _lia_ghl_check_props (body, props, n_props, errors);
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return NULL;
    }
  return g_steal_pointer (&body);
}

static gboolean
is_user (LiaGhlRequest *req,
         const char    *id)
{
  return lia_ghl_store_find_named (req->self->store->users, id) != NULL;
}

static GPtrArray *
ensure_array (GPtrArray      **array,
              GDestroyNotify   free_func)
{
  if (*array == NULL)
    *array = g_ptr_array_new_with_free_func (free_func);
  return *array;
}

static void
replace_string (char       **slot,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

static LiaGhlTask *
find_task (LiaGhlContact *contact,
           const char    *id,
           guint         *index)
{
  for (guint i = 0; contact->tasks != NULL && i < contact->tasks->len; i++)
    {
      LiaGhlTask *task = g_ptr_array_index (contact->tasks, i);

      if (g_str_equal (task->id, id))
        {
          if (index != NULL)
            *index = i;
          return task;
        }
    }
  return NULL;
}

static LiaGhlNote *
find_note (LiaGhlContact *contact,
           const char    *id,
           guint         *index)
{
  for (guint i = 0; contact->notes != NULL && i < contact->notes->len; i++)
    {
      LiaGhlNote *note = g_ptr_array_index (contact->notes, i);

      if (g_str_equal (note->id, id))
        {
          if (index != NULL)
            *index = i;
          return note;
        }
    }
  return NULL;
}

static const LiaGhlProp task_props[] = {
  { "title", LIA_GHL_T_STRING, TRUE },
  { "body", LIA_GHL_T_STRING, FALSE },
  { "dueDate", LIA_GHL_T_STRING, TRUE },
  { "completed", LIA_GHL_T_BOOL, TRUE },
  { "assignedTo", LIA_GHL_T_STRING, FALSE },
};

static const LiaGhlProp task_update_props[] = {
  { "title", LIA_GHL_T_STRING, FALSE },
  { "body", LIA_GHL_T_STRING, FALSE },
  { "dueDate", LIA_GHL_T_STRING, FALSE },
  { "completed", LIA_GHL_T_BOOL, FALSE },
  { "assignedTo", LIA_GHL_T_STRING, FALSE },
};

/* Applies a checked task body; FALSE after answering 422. */
static gboolean
apply_task (LiaGhlRequest *req,
            LiaGhlTask    *task,
            JsonObject    *body)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *due = lia_ghl_json_get_string (body, "dueDate");
  const char *assigned = lia_ghl_json_get_string (body, "assignedTo");
  gint64 due_ms = task->due_date;

  if (due != NULL && !lia_ghl_parse_iso_ms (due, &due_ms))
    g_ptr_array_add (errors, g_strdup ("dueDate must be a valid ISO 8601 date string"));
  if (assigned != NULL && !is_user (req, assigned))
    g_ptr_array_add (errors, g_strdup ("assignedTo must be the id of a user of this location"));
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return FALSE;
    }

  if (json_object_has_member (body, "title"))
    replace_string (&task->title, lia_ghl_json_get_string (body, "title"));
  if (json_object_has_member (body, "body"))
    replace_string (&task->body, lia_ghl_json_get_string (body, "body"));
  if (assigned != NULL)
    replace_string (&task->assigned_to, assigned);
  if (json_object_has_member (body, "completed"))
    task->completed = lia_ghl_json_get_bool (body, "completed");
  task->due_date = due_ms;
  return TRUE;
}

static const LiaGhlProp note_props[] = {
  { "userId", LIA_GHL_T_STRING, FALSE },
  { "body", LIA_GHL_T_STRING, TRUE },
  { "title", LIA_GHL_T_STRING, FALSE },
  { "color", LIA_GHL_T_STRING, FALSE },
  { "pinned", LIA_GHL_T_BOOL, FALSE },
};

static const LiaGhlProp note_update_props[] = {
  { "userId", LIA_GHL_T_STRING, FALSE },
  { "body", LIA_GHL_T_STRING, FALSE },
  { "title", LIA_GHL_T_STRING, FALSE },
  { "color", LIA_GHL_T_STRING, FALSE },
  { "pinned", LIA_GHL_T_BOOL, FALSE },
};

static gboolean
apply_note (LiaGhlRequest *req,
            LiaGhlNote    *note,
            JsonObject    *body)
{
  const char *user = lia_ghl_json_get_string (body, "userId");

  if (user != NULL && !is_user (req, user))
    {
      g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (errors, g_strdup ("userId must be the id of a user of this location"));
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return FALSE;
    }
  if (user != NULL)
    replace_string (&note->user_id, user);
  if (json_object_has_member (body, "body"))
    replace_string (&note->body, lia_ghl_json_get_string (body, "body"));
  if (json_object_has_member (body, "title"))
    replace_string (&note->title, lia_ghl_json_get_string (body, "title"));
  if (json_object_has_member (body, "color"))
    replace_string (&note->color, lia_ghl_json_get_string (body, "color"));
  if (json_object_has_member (body, "pinned"))
    note->pinned = lia_ghl_json_get_bool (body, "pinned");
  return TRUE;
}

/* Shared with the other files */

char *
_lia_ghl_normalize_tag (const char *name)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (name));
  if (trimmed[0] == '\0')
    return NULL;
  return g_utf8_strdown (trimmed, -1);
}

/* Tasks */

void
_lia_ghl_tasks_list (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  JsonObject *object;
  JsonArray *tasks;

  if (contact == NULL)
    return;

  object = json_object_new ();
  tasks = json_array_new ();
  for (guint i = 0; contact->tasks != NULL && i < contact->tasks->len; i++)
    json_array_add_object_element (tasks, lia_ghl_task_to_json (g_ptr_array_index (contact->tasks, i), contact->id));
  json_object_set_array_member (object, "tasks", tasks);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_tasks_create (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LiaGhlTask) task = NULL;
  LiaGhlTask *added;

  if (contact == NULL || (body = read_checked_body (req, task_props, G_N_ELEMENTS (task_props))) == NULL)
    return;

  task = lia_ghl_task_new ();
  task->id = _lia_ghl_new_id (req->self);
  task->date_added = req->now_us / 1000;
  if (!apply_task (req, task, body))
    return;

  added = g_steal_pointer (&task);
  g_ptr_array_add (ensure_array (&contact->tasks, (GDestroyNotify)lia_ghl_task_free), added);
  answer_object (req, SOUP_STATUS_CREATED, "task", lia_ghl_task_to_json (added, contact->id));
}

void
_lia_ghl_tasks_get (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  LiaGhlTask *task;

  if (contact == NULL)
    return;
  task = find_task (contact, req->params[1], NULL);
  if (task == NULL)
    {
      answer_not_found (req, "Task", req->params[1]);
      return;
    }
  answer_object (req, SOUP_STATUS_OK, "task", lia_ghl_task_to_json (task, contact->id));
}

void
_lia_ghl_tasks_update (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  LiaGhlTask *task;

  if (contact == NULL)
    return;
  task = find_task (contact, req->params[1], NULL);
  if (task == NULL)
    {
      answer_not_found (req, "Task", req->params[1]);
      return;
    }
  body = read_checked_body (req, task_update_props, G_N_ELEMENTS (task_update_props));
  if (body == NULL || !apply_task (req, task, body))
    return;
  answer_object (req, SOUP_STATUS_OK, "task", lia_ghl_task_to_json (task, contact->id));
}

void
_lia_ghl_tasks_completed (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = { { "completed", LIA_GHL_T_BOOL, TRUE } };
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  LiaGhlTask *task;

  if (contact == NULL)
    return;
  task = find_task (contact, req->params[1], NULL);
  if (task == NULL)
    {
      answer_not_found (req, "Task", req->params[1]);
      return;
    }
  body = read_checked_body (req, props, G_N_ELEMENTS (props));
  if (body == NULL)
    return;
  task->completed = lia_ghl_json_get_bool (body, "completed");
  answer_object (req, SOUP_STATUS_OK, "task", lia_ghl_task_to_json (task, contact->id));
}

void
_lia_ghl_tasks_delete (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  guint index;

  if (contact == NULL)
    return;
  if (find_task (contact, req->params[1], &index) == NULL)
    {
      answer_not_found (req, "Task", req->params[1]);
      return;
    }
  g_ptr_array_remove_index (contact->tasks, index);
  if (contact->tasks->len == 0)
    g_clear_pointer (&contact->tasks, g_ptr_array_unref);
  answer_succeded (req, SOUP_STATUS_OK);
}

/* Notes */

void
_lia_ghl_notes_list (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  JsonObject *object;
  JsonArray *notes;

  if (contact == NULL)
    return;

  object = json_object_new ();
  notes = json_array_new ();
  /* Newest first, as the CRM shows them. */
  for (guint i = contact->notes != NULL ? contact->notes->len : 0; i > 0; i--)
    json_array_add_object_element (notes, lia_ghl_note_to_json (g_ptr_array_index (contact->notes, i - 1), contact->id));
  json_object_set_array_member (object, "notes", notes);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_notes_create (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LiaGhlNote) note = NULL;
  LiaGhlNote *added;

  if (contact == NULL || (body = read_checked_body (req, note_props, G_N_ELEMENTS (note_props))) == NULL)
    return;

  note = lia_ghl_note_new ();
  note->id = _lia_ghl_new_id (req->self);
  note->date_added = req->now_us / 1000;
  if (!apply_note (req, note, body))
    return;

  added = g_steal_pointer (&note);
  g_ptr_array_add (ensure_array (&contact->notes, (GDestroyNotify)lia_ghl_note_free), added);
  answer_object (req, SOUP_STATUS_CREATED, "note", lia_ghl_note_to_json (added, contact->id));
}

void
_lia_ghl_notes_get (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  LiaGhlNote *note;

  if (contact == NULL)
    return;
  note = find_note (contact, req->params[1], NULL);
  if (note == NULL)
    {
      answer_not_found (req, "Note", req->params[1]);
      return;
    }
  answer_object (req, SOUP_STATUS_OK, "note", lia_ghl_note_to_json (note, contact->id));
}

void
_lia_ghl_notes_update (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  LiaGhlNote *note;

  if (contact == NULL)
    return;
  note = find_note (contact, req->params[1], NULL);
  if (note == NULL)
    {
      answer_not_found (req, "Note", req->params[1]);
      return;
    }
  body = read_checked_body (req, note_update_props, G_N_ELEMENTS (note_update_props));
  if (body == NULL || !apply_note (req, note, body))
    return;
  answer_object (req, SOUP_STATUS_OK, "note", lia_ghl_note_to_json (note, contact->id));
}

void
_lia_ghl_notes_delete (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  guint index;

  if (contact == NULL)
    return;
  if (find_note (contact, req->params[1], &index) == NULL)
    {
      answer_not_found (req, "Note", req->params[1]);
      return;
    }
  g_ptr_array_remove_index (contact->notes, index);
  if (contact->notes->len == 0)
    g_clear_pointer (&contact->notes, g_ptr_array_unref);
  answer_succeded (req, SOUP_STATUS_OK);
}

/* Appointments */

void
_lia_ghl_appointments_list (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  const char *location_id;
  JsonObject *object;
  JsonArray *events;

  if (contact == NULL)
    return;

  location_id = lia_ghl_store_get_location (req->self->store, contact->location)->id;
  object = json_object_new ();
  events = json_array_new ();
  for (guint i = 0; contact->appointments != NULL && i < contact->appointments->len; i++)
    json_array_add_object_element (events, lia_ghl_appointment_to_json (g_ptr_array_index (contact->appointments, i),
                                                                        contact->id, location_id));
  json_object_set_array_member (object, "events", events);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

/* Tags */

static void
change_tags (LiaGhlRequest *req,
             gboolean       add)
{
  static const LiaGhlProp props[] = { { "tags", LIA_GHL_T_STRINGS, TRUE } };
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  const char *location_id;
  JsonArray *tags;
  JsonObject *object;

  if (contact == NULL || (body = read_checked_body (req, props, G_N_ELEMENTS (props))) == NULL)
    return;

  location_id = lia_ghl_store_get_location (req->self->store, contact->location)->id;
  _lia_ghl_touch (req, contact);
  tags = json_object_get_array_member (body, "tags");
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      g_autofree char *tag = _lia_ghl_normalize_tag (json_array_get_string_element (tags, i));

      if (tag == NULL)
        continue;
      if (add)
        {
          g_autofree char *id = _lia_ghl_new_id (req->self);

          contact->tags = lia_ghl_strv_add (contact->tags, tag);
          lia_ghl_store_ensure_tag (req->self->store, location_id, tag, id);
        }
      else
        contact->tags = lia_ghl_strv_remove (contact->tags, tag);
    }

  object = json_object_new ();
  json_object_set_array_member (object, "tags", lia_ghl_strv_to_json (contact->tags));
  _lia_ghl_respond (req->self, req->msg, add ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, object);
}

void
_lia_ghl_tags_add (LiaGhlRequest *req)
{
  change_tags (req, TRUE);
}

void
_lia_ghl_tags_remove (LiaGhlRequest *req)
{
  change_tags (req, FALSE);
}

/* Followers */

static void
change_followers (LiaGhlRequest *req,
                  gboolean       add)
{
  static const LiaGhlProp props[] = { { "followers", LIA_GHL_T_STRINGS, TRUE } };
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  JsonArray *followers, *changed;
  JsonObject *object;

  if (contact == NULL || (body = read_checked_body (req, props, G_N_ELEMENTS (props))) == NULL)
    return;

  followers = json_object_get_array_member (body, "followers");
  if (add)
    {
      g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < json_array_get_length (followers); i++)
        if (!is_user (req, json_array_get_string_element (followers, i)))
          g_ptr_array_add (errors, g_strdup_printf ("followers.%u must be the id of a user of this location", i));
      if (errors->len > 0)
        {
          _lia_ghl_error_422 (req->self, req->msg, errors);
          return;
        }
    }

  _lia_ghl_touch (req, contact);
  changed = json_array_new ();
  for (guint i = 0; i < json_array_get_length (followers); i++)
    {
      const char *id = json_array_get_string_element (followers, i);
      gboolean present = lia_ghl_strv_contains (contact->followers, id);

      if (add && !present)
        {
          contact->followers = lia_ghl_strv_add (contact->followers, id);
          json_array_add_string_element (changed, id);
        }
      else if (!add && present)
        {
          contact->followers = lia_ghl_strv_remove (contact->followers, id);
          json_array_add_string_element (changed, id);
        }
    }

  object = json_object_new ();
  json_object_set_array_member (object, "followers", lia_ghl_strv_to_json (contact->followers));
  json_object_set_array_member (object, add ? "followersAdded" : "followersRemoved", changed);
  _lia_ghl_respond (req->self, req->msg, add ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, object);
}

void
_lia_ghl_followers_add (LiaGhlRequest *req)
{
  change_followers (req, TRUE);
}

void
_lia_ghl_followers_remove (LiaGhlRequest *req)
{
  change_followers (req, FALSE);
}

/* Campaigns and workflows */

static LiaGhlNamed *
find_in_location (LiaGhlRequest *req,
                  GPtrArray     *records,
                  const char    *id)
{
  LiaGhlNamed *named = lia_ghl_store_find_named (records, id);
  const char *location_id = lia_ghl_store_get_location (req->self->store, req->location)->id;

  return named != NULL && g_str_equal (named->location_id, location_id) ? named : NULL;
}

static void
change_membership (LiaGhlRequest  *req,
                   GPtrArray      *records,
                   gsize           member_offset,
                   const char     *what,
                   gboolean        add,
                   guint           status,
                   const LiaGhlProp *props,
                   guint           n_props)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  char ***member;

  if (contact == NULL)
    return;
  if (n_props > 0 && (body = read_checked_body (req, props, n_props)) == NULL)
    return;
  if (find_in_location (req, records, req->params[1]) == NULL)
    {
      answer_not_found (req, what, req->params[1]);
      return;
    }

  member = (char ***)G_STRUCT_MEMBER_P (contact, member_offset);
  if (add)
    *member = lia_ghl_strv_add (*member, req->params[1]);
  else
    *member = lia_ghl_strv_remove (*member, req->params[1]);
  answer_succeded (req, status);
}

void
_lia_ghl_campaigns_add (LiaGhlRequest *req)
{
  change_membership (req, req->self->store->campaigns, G_STRUCT_OFFSET (LiaGhlContact, campaigns),
                     "Campaign", TRUE, SOUP_STATUS_CREATED, NULL, 0);
}

void
_lia_ghl_campaigns_remove (LiaGhlRequest *req)
{
  change_membership (req, req->self->store->campaigns, G_STRUCT_OFFSET (LiaGhlContact, campaigns),
                     "Campaign", FALSE, SOUP_STATUS_OK, NULL, 0);
}

void
_lia_ghl_campaigns_remove_all (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);

  if (contact == NULL)
    return;
  g_clear_pointer (&contact->campaigns, g_strfreev);
  answer_succeded (req, SOUP_STATUS_OK);
}

static const LiaGhlProp workflow_props[] = { { "eventStartTime", LIA_GHL_T_STRING, FALSE } };

void
_lia_ghl_workflows_add (LiaGhlRequest *req)
{
  change_membership (req, req->self->store->workflows, G_STRUCT_OFFSET (LiaGhlContact, workflows),
                     "Workflow", TRUE, SOUP_STATUS_OK, workflow_props, G_N_ELEMENTS (workflow_props));
}

void
_lia_ghl_workflows_remove (LiaGhlRequest *req)
{
  change_membership (req, req->self->store->workflows, G_STRUCT_OFFSET (LiaGhlContact, workflows),
                     "Workflow", FALSE, SOUP_STATUS_OK, workflow_props, G_N_ELEMENTS (workflow_props));
}

/* Bulk */

void
_lia_ghl_bulk_tags (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "contacts", LIA_GHL_T_STRINGS, TRUE },
    { "tags", LIA_GHL_T_STRINGS, TRUE },
    { "locationId", LIA_GHL_T_STRING, TRUE },
    { "removeAllTags", LIA_GHL_T_BOOL, FALSE },
  };
  const char *type = req->params[0];
  g_autoptr(JsonObject) body = NULL;
  gboolean add = g_str_equal (type, "add");
  gboolean remove_all;
  JsonArray *contacts, *tags, *responses;
  const char *location_id;
  guint error_count = 0;
  JsonObject *object;

  if (!add && !g_str_equal (type, "remove"))
    {
      g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (errors, g_strdup ("type must be one of the following values: add, remove"));
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return;
    }
  body = read_checked_body (req, props, G_N_ELEMENTS (props));
  if (body == NULL)
    return;
  location_id = lia_ghl_json_get_string (body, "locationId");
  if (!_lia_ghl_check_location (req, location_id))
    return;

  remove_all = !add && lia_ghl_json_get_bool (body, "removeAllTags");
  contacts = json_object_get_array_member (body, "contacts");
  tags = json_object_get_array_member (body, "tags");
  responses = json_array_new ();
  for (guint i = 0; i < json_array_get_length (contacts); i++)
    {
      const char *id = json_array_get_string_element (contacts, i);
      LiaGhlContact *contact = lia_ghl_store_lookup (req->self->store, id);

      if (contact == NULL || contact->location != req->location)
        {
          g_autofree char *message = g_strdup_printf ("Contact with id %s not found", id);

          json_array_add_string_element (responses, message);
          error_count++;
          continue;
        }

      _lia_ghl_touch (req, contact);
      if (remove_all)
        g_clear_pointer (&contact->tags, g_strfreev);
      for (guint t = 0; !remove_all && t < json_array_get_length (tags); t++)
        {
          g_autofree char *tag = _lia_ghl_normalize_tag (json_array_get_string_element (tags, t));

          if (tag == NULL)
            continue;
          if (add)
            {
              g_autofree char *tag_id = _lia_ghl_new_id (req->self);

              contact->tags = lia_ghl_strv_add (contact->tags, tag);
              lia_ghl_store_ensure_tag (req->self->store, location_id, tag, tag_id);
            }
          else
            contact->tags = lia_ghl_strv_remove (contact->tags, tag);
        }
    }

  object = json_object_new ();
  json_object_set_boolean_member (object, "succeded", error_count == 0);
  json_object_set_int_member (object, "errorCount", error_count);
  json_object_set_array_member (object, "responses", responses);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_CREATED, object);
}

void
_lia_ghl_bulk_business (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "locationId", LIA_GHL_T_STRING, TRUE },
    { "ids", LIA_GHL_T_STRINGS, TRUE },
    { "businessId", LIA_GHL_T_STRING_NULL, TRUE },
  };
  g_autoptr(JsonObject) body = read_checked_body (req, props, G_N_ELEMENTS (props));
  const char *business_id;
  JsonArray *ids, *done;
  JsonObject *object;

  if (body == NULL || !_lia_ghl_check_location (req, lia_ghl_json_get_string (body, "locationId")))
    return;

  business_id = lia_ghl_json_get_string (body, "businessId");
  if (business_id != NULL && find_in_location (req, req->self->store->businesses, business_id) == NULL)
    {
      answer_not_found (req, "Business", business_id);
      return;
    }

  ids = json_object_get_array_member (body, "ids");
  done = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      LiaGhlContact *contact = lia_ghl_store_lookup (req->self->store, id);

      if (contact == NULL || contact->location != req->location)
        continue;
      _lia_ghl_touch (req, contact);
      lia_ghl_contact_set (contact, LIA_GHL_F_BUSINESS_ID, business_id);
      json_array_add_string_element (done, id);
    }

  object = json_object_new ();
  json_object_set_boolean_member (object, "success", TRUE);
  json_object_set_array_member (object, "ids", done);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

/* Locations */

void
_lia_ghl_locations_get (LiaGhlRequest *req)
{
  LiaGhlLocation *location;
  JsonObject *object, *business, *settings;

  if (!_lia_ghl_check_location (req, req->params[0]))
    return;

  location = lia_ghl_store_get_location (req->self->store, req->location);
  object = json_object_new ();
  json_object_set_string_member (object, "id", location->id);
  json_object_set_string_member (object, "companyId", location->company_id);
  json_object_set_string_member (object, "name", location->name);
  lia_ghl_json_set_string_if (object, "address", location->address);
  lia_ghl_json_set_string_if (object, "city", location->city);
  lia_ghl_json_set_string_if (object, "state", location->state);
  lia_ghl_json_set_string_if (object, "country", location->country);
  lia_ghl_json_set_string_if (object, "postalCode", location->postal_code);
  lia_ghl_json_set_string_if (object, "timezone", location->timezone);
  lia_ghl_json_set_string_if (object, "email", location->email);
  lia_ghl_json_set_string_if (object, "phone", location->phone);

  business = json_object_new ();
  json_object_set_string_member (business, "name", location->name);
  lia_ghl_json_set_string_if (business, "address", location->address);
  lia_ghl_json_set_string_if (business, "city", location->city);
  lia_ghl_json_set_string_if (business, "state", location->state);
  lia_ghl_json_set_string_if (business, "country", location->country);
  lia_ghl_json_set_string_if (business, "postalCode", location->postal_code);
  lia_ghl_json_set_string_if (business, "timezone", location->timezone);
  json_object_set_object_member (object, "business", business);

  settings = json_object_new ();
  json_object_set_boolean_member (settings, "allowDuplicateContact", location->allow_duplicates);
  json_object_set_boolean_member (settings, "allowDuplicateOpportunity", FALSE);
  json_object_set_boolean_member (settings, "allowFacebookNameMerge", FALSE);
  json_object_set_boolean_member (settings, "disableContactTimezone", FALSE);
  json_object_set_object_member (object, "settings", settings);

  answer_object (req, SOUP_STATUS_OK, "location", object);
}

void
_lia_ghl_locations_custom_fields (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = { { "model", LIA_GHL_T_STRING, FALSE } };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *model = _lia_ghl_query (req, "model");
  JsonObject *object;
  JsonArray *fields;

  _lia_ghl_check_query (req->query, props, G_N_ELEMENTS (props), errors);
  if (model != NULL && !g_str_equal (model, "contact") && !g_str_equal (model, "opportunity") &&
      !g_str_equal (model, "all"))
    g_ptr_array_add (errors, g_strdup ("model must be one of the following values: contact, opportunity, all"));
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return;
    }
  if (!_lia_ghl_check_location (req, req->params[0]))
    return;

  object = json_object_new ();
  fields = json_array_new ();
  /* The sandbox has contact fields only. */
  if (g_strcmp0 (model, "opportunity") != 0)
    for (guint i = 0; i < req->self->store->custom_fields->len; i++)
      {
        LiaGhlCustomField *field = g_ptr_array_index (req->self->store->custom_fields, i);

        if (g_str_equal (field->location_id, req->params[0]))
          json_array_add_object_element (fields, lia_ghl_custom_field_to_json (field));
      }
  json_object_set_array_member (object, "customFields", fields);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_locations_tags (LiaGhlRequest *req)
{
  JsonObject *object;
  JsonArray *tags;

  if (!_lia_ghl_check_location (req, req->params[0]))
    return;

  object = json_object_new ();
  tags = json_array_new ();
  for (guint i = 0; i < req->self->store->tags->len; i++)
    {
      LiaGhlNamed *tag = g_ptr_array_index (req->self->store->tags, i);
      JsonObject *item;

      if (!g_str_equal (tag->location_id, req->params[0]))
        continue;
      item = json_object_new ();
      json_object_set_string_member (item, "id", tag->id);
      json_object_set_string_member (item, "name", tag->name);
      json_object_set_string_member (item, "locationId", tag->location_id);
      json_array_add_object_element (tags, item);
    }
  json_object_set_array_member (object, "tags", tags);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_locations_tasks_search (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "contactId", LIA_GHL_T_STRINGS, FALSE },
    { "completed", LIA_GHL_T_BOOL, FALSE },
    { "assignedTo", LIA_GHL_T_STRINGS, FALSE },
    { "query", LIA_GHL_T_STRING, FALSE },
    { "limit", LIA_GHL_T_NUMBER, FALSE },
    { "skip", LIA_GHL_T_NUMBER, FALSE },
    { "businessId", LIA_GHL_T_STRING, FALSE },
  };
  g_autoptr(JsonObject) body = NULL;
  g_auto(GStrv) contact_ids = NULL;
  g_auto(GStrv) assigned = NULL;
  gboolean filter_completed, completed;
  const char *query, *business_id;
  gint64 limit, skip;
  guint count = 0;
  GPtrArray *contacts = req->self->store->contacts;
  JsonObject *object;
  JsonArray *tasks;

  if (!_lia_ghl_check_location (req, req->params[0]))
    return;
  body = read_checked_body (req, props, G_N_ELEMENTS (props));
  if (body == NULL)
    return;

  contact_ids = lia_ghl_strv_from_json (json_object_get_member (body, "contactId"));
  assigned = lia_ghl_strv_from_json (json_object_get_member (body, "assignedTo"));
  filter_completed = json_object_has_member (body, "completed");
  completed = lia_ghl_json_get_bool (body, "completed");
  query = lia_ghl_json_get_string (body, "query");
  business_id = lia_ghl_json_get_string (body, "businessId");
  limit = CLAMP (lia_ghl_json_get_int (body, "limit", 25), 1, 1000);
  skip = MAX (lia_ghl_json_get_int (body, "skip", 0), 0);

  object = json_object_new ();
  tasks = json_array_new ();
  for (guint i = 0; i < contacts->len; i++)
    {
      LiaGhlContact *contact = g_ptr_array_index (contacts, i);

      if (contact->deleted || contact->location != req->location || contact->tasks == NULL)
        continue;
      if (contact_ids != NULL && !lia_ghl_strv_contains (contact_ids, contact->id))
        continue;
      if (business_id != NULL && g_strcmp0 (lia_ghl_contact_get (contact, LIA_GHL_F_BUSINESS_ID), business_id) != 0)
        continue;

      for (guint t = 0; t < contact->tasks->len; t++)
        {
          LiaGhlTask *task = g_ptr_array_index (contact->tasks, t);
          JsonObject *item;

          if ((filter_completed && task->completed != completed) ||
              (assigned != NULL && (task->assigned_to == NULL || !lia_ghl_strv_contains (assigned, task->assigned_to))) ||
              (query != NULL && !lia_ghl_contains_casefold (task->title, query) &&
               !lia_ghl_contains_casefold (task->body, query)))
            continue;
          if (count >= (guint)skip && count < (guint)(skip + limit))
            {
              item = lia_ghl_task_to_json (task, contact->id);
              json_object_set_string_member (item, "locationId", req->params[0]);
              json_array_add_object_element (tasks, item);
            }
          count++;
        }
    }
  json_object_set_array_member (object, "tasks", tasks);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}
