/* lia-mojo-users.c: /users and /groups of the Mojo Helpdesk emulator
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

#define HELPDESK_NAME     "liaison-demo"
#define ORGANIZATION_NAME "Liaison Demo Helpdesk"

/* Representations */

const char *
mojo_role_name (gint64 role_id)
{
  switch (role_id)
    {
    case MOJO_ROLE_USER: return "User";
    case MOJO_ROLE_RESTRICTED: return "Restricted agent";
    case MOJO_ROLE_TECHNICIAN: return "Agent";
    case MOJO_ROLE_MANAGER: return "Manager";
    case MOJO_ROLE_ADMIN: return "Admin";
    case MOJO_ROLE_OWNER: return "Owner";
    default: return NULL;
    }
}

static gboolean
role_is_valid (gint64 role_id)
{
  return mojo_role_name (role_id) != NULL;
}

char *
mojo_user_full_name (const MojoUser *user)
{
  if (user->first_name != NULL && user->last_name != NULL)
    return g_strdup_printf ("%s %s", user->first_name, user->last_name);
  if (user->first_name != NULL)
    return g_strdup (user->first_name);
  if (user->last_name != NULL)
    return g_strdup (user->last_name);

  /* Mojo shows the address when there is no name. */
  return g_strdup (user->email);
}

static void
add_company_summary (JsonBuilder     *builder,
                     const MojoGroup *group)
{
  json_builder_set_member_name (builder, "company");
  if (group == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", group->id);
  mojo_add_string (builder, "name", group->name);
  mojo_add_bool (builder, "is_delinquent", group->support_status_id == 1);
  mojo_add_string (builder, "support_status", group->support_status_id == 1 ? "Delinquent" : "Active");
  mojo_add_string (builder, "support_level", "");
  mojo_add_string (builder, "support_start_date", group->support_start_date);
  mojo_add_string (builder, "support_end_date", group->support_end_date);
  json_builder_end_object (builder);
}

void
mojo_user_to_json (MojoStore      *store,
                   JsonBuilder    *builder,
                   const MojoUser *user,
                   gboolean        related)
{
  g_autofree char *full_name = mojo_user_full_name (user);
  gboolean agent = user->role_id >= MOJO_ROLE_RESTRICTED;

  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", user->v.id);
  mojo_add_string (builder, "email", user->email);
  mojo_add_string (builder, "first_name", user->first_name);
  mojo_add_null (builder, "middle_name");
  mojo_add_string (builder, "last_name", user->last_name);
  mojo_add_string (builder, "full_name", full_name);
  mojo_add_string (builder, "work_phone", user->work_phone);
  mojo_add_string (builder, "cell_phone", user->cell_phone);
  mojo_add_string (builder, "home_phone", user->home_phone);
  mojo_add_null (builder, "fax_phone");
  mojo_add_null (builder, "address");
  mojo_add_string (builder, "user_notes", user->user_notes);
  mojo_add_null (builder, "helpdesk_notes");
  mojo_add_id (builder, "company_id", user->company_id);
  mojo_add_int (builder, "role_id", user->role_id);
  mojo_add_bool (builder, "is_active", user->is_active);
  mojo_add_bool (builder, "can_access_company_tickets", FALSE);
  mojo_add_null (builder, "im_screen_name");
  mojo_add_time (builder, "last_login_on", user->last_login_on, FALSE);
  mojo_add_time (builder, "created_on", user->created_on, FALSE);
  mojo_add_time (builder, "updated_on", user->updated_on, FALSE);
  mojo_add_time (builder, "last_active_on", user->last_login_on, FALSE);
  mojo_add_string (builder, "helpdesk_name", HELPDESK_NAME);
  mojo_add_string (builder, "organization_name", ORGANIZATION_NAME);
  if (agent)
    mojo_add_int (builder, "unassigned_tickets_count", 0);
  else
    mojo_add_null (builder, "unassigned_tickets_count");
  mojo_add_bool (builder, "default_private_messages", FALSE);
  mojo_add_bool (builder, "do_not_email_ever", FALSE);
  mojo_add_bool (builder, "timer_auto_start", FALSE);
  mojo_add_bool (builder, "is_alpha_tester", FALSE);
  mojo_add_bool (builder, "is_beta_tester", FALSE);
  mojo_add_string (builder, "time_zone", "UTC");
  mojo_add_null (builder, "picture_url");
  /* Keys never leave the emulator through a record. */
  mojo_add_null (builder, "access_key");
  mojo_add_bool (builder, "is_on_vacation", FALSE);
  mojo_add_bool (builder, "is_asset_manager", FALSE);

  if (related)
    {
      const char *phone = user->work_phone ? user->work_phone
                          : user->cell_phone ? user->cell_phone : user->home_phone;

      json_builder_set_member_name (builder, "related_data");
      json_builder_begin_object (builder);
      mojo_add_string (builder, "full_name", full_name);
      mojo_add_string (builder, "role_name", mojo_role_name (user->role_id));
      mojo_add_null (builder, "address");
      mojo_add_string (builder, "phone", phone);
      add_company_summary (builder, user->company_id ? mojo_store_get_group (store, user->company_id) : NULL);
      json_builder_set_member_name (builder, "teams");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "accessible_queues");
      json_builder_begin_array (builder);
      for (guint i = 0; agent && i < store->queues->len; i++)
        {
          const MojoQueue *queue = g_ptr_array_index (store->queues, i);

          json_builder_begin_object (builder);
          mojo_add_int (builder, "id", queue->id);
          mojo_add_string (builder, "name", queue->name);
          mojo_add_bool (builder, "notify", TRUE);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      mojo_add_bool (builder, "can_access_all_queues", agent);
      mojo_add_bool (builder, "wants_to_be_notified_by_all_queues", FALSE);
      mojo_add_null (builder, "email_forward_helpdesk_url");
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}

void
mojo_group_to_json (JsonBuilder     *builder,
                    const MojoGroup *group)
{
  json_builder_begin_object (builder);
  mojo_add_int (builder, "id", group->id);
  mojo_add_string (builder, "name", group->name);
  mojo_add_id (builder, "primary_contact_id", group->primary_contact_id);
  mojo_add_null (builder, "billing_contact_id");
  mojo_add_null (builder, "support_level_id");
  mojo_add_int (builder, "support_status_id", group->support_status_id);
  mojo_add_string (builder, "support_start_date", group->support_start_date);
  mojo_add_string (builder, "support_end_date", group->support_end_date);
  mojo_add_null (builder, "support_info_url");
  mojo_add_string (builder, "address", group->address);
  mojo_add_null (builder, "address2");
  mojo_add_string (builder, "city", group->city);
  mojo_add_string (builder, "state", group->state);
  mojo_add_string (builder, "zip", group->zip);
  mojo_add_string (builder, "country", group->country);
  mojo_add_string (builder, "website_url", group->website_url);
  mojo_add_string (builder, "notes", group->notes);
  json_builder_end_object (builder);
}

static void
respond_user (MojoRequest    *req,
              guint           status,
              const MojoUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  mojo_user_to_json (req->store, builder, user, TRUE);
  mojo_respond_builder (req, status, builder);
}

/* Validation */

static gboolean
email_is_valid (const char *email)
{
  const char *at = strchr (email, '@');
  const char *dot;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = email; *p; p++)
    {
      if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
        return FALSE;
    }
  dot = strrchr (at, '.');

  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

typedef struct
{
  const char *member;
  const char *label;
  guint       max;
  gsize       offset;
} StringField;

static const StringField user_strings[] = {
  { "first_name", "First name", 45, G_STRUCT_OFFSET (MojoUser, first_name) },
  { "last_name", "Last name", 45, G_STRUCT_OFFSET (MojoUser, last_name) },
  { "work_phone", "Work phone", 30, G_STRUCT_OFFSET (MojoUser, work_phone) },
  { "cell_phone", "Cell phone", 30, G_STRUCT_OFFSET (MojoUser, cell_phone) },
  { "home_phone", "Home phone", 30, G_STRUCT_OFFSET (MojoUser, home_phone) },
  { "user_notes", "User notes", 0, G_STRUCT_OFFSET (MojoUser, user_notes) },
};

/* Checks the writable members of @body (all but email). On failure answers
 * and returns FALSE. With @user non-NULL, applies them. */
static gboolean
check_user_fields (MojoRequest *req,
                   JsonObject  *body,
                   MojoUser    *user)
{
  gboolean present, flag;
  gint64 number;
  const char *text;

  if (!mojo_get_int (body, "role_id", &present, &number))
    {
      mojo_respond_message (req, 422, "Role is invalid", TRUE);
      return FALSE;
    }
  if (present)
    {
      if (number > MOJO_ROLE_OWNER)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "You are not allowed to set a super admin role.");
          return FALSE;
        }
      if (!role_is_valid (number))
        {
          mojo_respond_message (req, 422, "Role is not included in the list", TRUE);
          return FALSE;
        }
      if (user != NULL)
        user->role_id = number;
    }

  for (guint i = 0; i < G_N_ELEMENTS (user_strings); i++)
    {
      const StringField *field = &user_strings[i];

      if (!mojo_get_string (body, field->member, &present, &text))
        {
          g_autofree char *message = g_strdup_printf ("%s is invalid", field->label);

          mojo_respond_message (req, 422, message, TRUE);
          return FALSE;
        }
      if (!present)
        continue;
      if (text != NULL && field->max > 0 && g_utf8_strlen (text, -1) > field->max)
        {
          g_autofree char *message = g_strdup_printf ("%s is too long (maximum is %u characters)",
                                                      field->label, field->max);

          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, message);
          return FALSE;
        }
      if (user != NULL)
        mojo_set_string (G_STRUCT_MEMBER_P (user, field->offset), text);
    }

  if (!mojo_get_int (body, "company_id", &present, &number))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid company id");
      return FALSE;
    }
  if (present)
    {
      if (number != 0 && mojo_store_get_group (req->store, number) == NULL)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid company id");
          return FALSE;
        }
      if (user != NULL)
        user->company_id = number;
    }

  if (!mojo_get_string (body, "password", &present, &text))
    {
      mojo_respond_message (req, 422, "Password is invalid", TRUE);
      return FALSE;
    }
  if (present && (text == NULL || g_utf8_strlen (text, -1) < 8))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Password should be at least 8 characters");
      return FALSE;
    }

  if (!mojo_get_bool (body, "is_active", &present, &flag))
    {
      mojo_respond_message (req, 422, "Is active is invalid", TRUE);
      return FALSE;
    }
  if (present && user != NULL)
    user->is_active = flag;

  return TRUE;
}

/* Handlers */

static void
list_users (MojoRequest *req,
            gboolean     techs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 cutoff = mojo_store_cutoff (req->store, req->now);
  guint offset = 0, limit = G_MAXUINT, seen = 0, added = 0;

  if (!techs)
    mojo_paging (req, 30, 1, 100, &offset, &limit);
  mojo_store_compact (req->store, cutoff);

  json_builder_begin_array (builder);
  for (guint i = 0; i < req->store->users->len && added < limit; i++)
    {
      MojoUser *user = mojo_user_visible (g_ptr_array_index (req->store->users, i), cutoff);

      if (user == NULL || (techs && user->role_id < MOJO_ROLE_RESTRICTED))
        continue;
      if (seen++ < offset)
        continue;
      mojo_user_to_json (req->store, builder, user, techs);
      added++;
    }
  json_builder_end_array (builder);

  mojo_respond_builder (req, SOUP_STATUS_OK, builder);
}

static void
create_user (MojoRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  g_autofree char *email = NULL;
  const char *text, *welcome;
  gboolean present;
  MojoUser *existing, *user;
  gint64 now_s = req->now - req->now % G_USEC_PER_SEC;

  if (body == NULL)
    return;

  if (!mojo_get_string (body, "email", &present, &text))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Email is invalid");
      return;
    }
  if (text == NULL || *text == '\0')
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Email is too short (minimum is 6 characters)");
      return;
    }
  email = g_utf8_strdown (text, -1);
  g_strstrip (email);
  if (strlen (email) < 6)
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Email is too short (minimum is 6 characters)");
      return;
    }
  if (strlen (email) > 255)
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Email is too long (maximum is 255 characters)");
      return;
    }
  if (!email_is_valid (email))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Email is invalid");
      return;
    }
  if (g_str_has_suffix (email, "@mojohelpdesk.com"))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Email not allowed to be a mojohelpdesk.com address.");
      return;
    }
  existing = mojo_store_get_user_by_email (req->store, email);
  if (existing != NULL)
    {
      g_autofree char *message = g_strdup_printf ("The user with email %s already exists as a %s.",
                                                  email, mojo_role_name (existing->role_id));

      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, message);
      return;
    }
  if (!check_user_fields (req, body, NULL))
    return;

  user = mojo_user_new ();
  user->v.id = req->store->next_user_id;
  user->v.written_us = req->now;
  user->email = g_steal_pointer (&email);
  /* The account's default company unless one is given. */
  user->company_id = req->store->groups->len > 0
                     ? ((MojoGroup *) g_ptr_array_index (req->store->groups, 0))->id : 0;
  check_user_fields (req, body, user);
  user->created_on = now_s;
  user->updated_on = now_s;
  /* Sent by default; only the query parameter send_welcome_email=0 stops it. */
  welcome = mojo_query (req, "send_welcome_email");
  user->welcome_email_sent = g_strcmp0 (welcome, "0") != 0;
  mojo_store_add_user (req->store, user);
  mojo_store_log (req->store, MOJO_ENTITY_USER, MOJO_ACTION_CREATE, user->v.id, 0,
                  req->store->owner_id, req->now);

  respond_user (req, SOUP_STATUS_CREATED, user);
}

static void
update_user (MojoRequest *req,
             MojoUser    *user)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = mojo_read_object (req, &root);
  MojoUser *caller = mojo_store_get_user (req->store, req->store->owner_id);

  if (body == NULL)
    return;

  if (caller != NULL && user->role_id > caller->role_id)
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST,
                          "You are not allowed to update a user with higher role than yours.");
      return;
    }
  if (!check_user_fields (req, body, NULL))
    return;

  /* email is not updatable here: whatever is sent is ignored. */
  mojo_store_touch_user (req->store, user, req->now);
  check_user_fields (req, body, user);
  user->updated_on = req->now - req->now % G_USEC_PER_SEC;
  mojo_store_log (req->store, MOJO_ENTITY_USER, MOJO_ACTION_UPDATE, user->v.id, 0,
                  req->store->owner_id, req->now);

  respond_user (req, SOUP_STATUS_OK, user);
}

static void
delete_user (MojoRequest *req,
             MojoUser    *user)
{
  if (user->role_id == MOJO_ROLE_OWNER)
    {
      mojo_respond_message (req, 422, "The account owner cannot be deleted.", TRUE);
      return;
    }

  mojo_store_log (req->store, MOJO_ENTITY_USER, MOJO_ACTION_DELETE, user->v.id, 0,
                  req->store->owner_id, req->now);
  mojo_store_delete_user (req->store, user, req->now);
  mojo_respond_empty (req);
}

gboolean
mojo_handle_users (MojoRequest *req)
{
  const char *method = req->method;
  gboolean get = g_str_equal (method, "GET");
  gboolean write = g_str_equal (method, "PUT") || g_str_equal (method, "PATCH");
  MojoUser *user = NULL;
  gint64 id = 0;

  if (req->n_parts == 1)
    {
      if (get)
        {
          list_users (req, FALSE);
          return TRUE;
        }
      if (g_str_equal (method, "POST"))
        {
          create_user (req);
          return TRUE;
        }
      return FALSE;
    }

  if (req->n_parts != 2)
    return FALSE;

  if (get && g_str_equal (req->parts[1], "techs"))
    {
      list_users (req, TRUE);
      return TRUE;
    }
  if (get && g_str_equal (req->parts[1], "get_by_email"))
    {
      user = mojo_store_get_user_by_email (req->store, mojo_query (req, "email"));
      if (user == NULL)
        mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid user email");
      else
        respond_user (req, SOUP_STATUS_OK, user);
      return TRUE;
    }

  if (mojo_parse_id (req->parts[1], &id))
    user = mojo_store_get_user (req->store, id);

  if (get)
    {
      if (user == NULL)
        mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid user id");
      else
        respond_user (req, SOUP_STATUS_OK, user);
      return TRUE;
    }
  if (write)
    {

      if (user == NULL)
        mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid user id");
      else
        update_user (req, user);
      return TRUE;
    }
  if (g_str_equal (method, "DELETE"))
    {
      if (user == NULL)
        mojo_respond_message (req, SOUP_STATUS_NOT_FOUND, "Record not found", TRUE);
      else
        delete_user (req, user);
      return TRUE;
    }

  return FALSE;
}

/* Groups */

static const StringField group_strings[] = {
  { "name", "Name", 100, G_STRUCT_OFFSET (MojoGroup, name) },
  { "website_url", "Website url", 255, G_STRUCT_OFFSET (MojoGroup, website_url) },
  { "notes", "Notes", 0, G_STRUCT_OFFSET (MojoGroup, notes) },
  { "address", "Address", 255, G_STRUCT_OFFSET (MojoGroup, address) },
  { "city", "City", 100, G_STRUCT_OFFSET (MojoGroup, city) },
  { "state", "State", 100, G_STRUCT_OFFSET (MojoGroup, state) },
  { "zip", "Zip", 20, G_STRUCT_OFFSET (MojoGroup, zip) },
  { "country", "Country", 100, G_STRUCT_OFFSET (MojoGroup, country) },
  { "support_start_date", "Support start date", 10, G_STRUCT_OFFSET (MojoGroup, support_start_date) },
  { "support_end_date", "Support end date", 10, G_STRUCT_OFFSET (MojoGroup, support_end_date) },
};

static gboolean
check_group_fields (MojoRequest *req,
                    JsonObject  *body,
                    MojoGroup   *group,
                    gboolean     creating)
{
  gboolean present;
  const char *text;
  gint64 number;

  for (guint i = 0; i < G_N_ELEMENTS (group_strings); i++)
    {
      const StringField *field = &group_strings[i];

      if (!mojo_get_string (body, field->member, &present, &text))
        {
          g_autofree char *message = g_strdup_printf ("%s is invalid", field->label);

          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, message);
          return FALSE;
        }
      if (i == 0 && (creating || present) && (text == NULL || *text == '\0'))
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Name can't be blank");
          return FALSE;
        }
      if (!present)
        continue;
      if (text != NULL && field->max > 0 && g_utf8_strlen (text, -1) > field->max)
        {
          g_autofree char *message = g_strdup_printf ("%s is too long (maximum is %u characters)",
                                                      field->label, field->max);

          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, message);
          return FALSE;
        }
      if (group != NULL)
        mojo_set_string (G_STRUCT_MEMBER_P (group, field->offset), text);
    }

  if (!mojo_get_int (body, "support_status_id", &present, &number) || (present && number != 0 && number != 1))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Support status is not included in the list");
      return FALSE;
    }
  if (present && group != NULL)
    group->support_status_id = number;

  if (!mojo_get_int (body, "primary_contact_id", &present, &number) ||
      (present && number != 0 && mojo_store_get_user (req->store, number) == NULL))
    {
      mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid primary contact id");
      return FALSE;
    }
  if (present && group != NULL)
    group->primary_contact_id = number;

  return TRUE;
}

static gboolean
group_name_taken (MojoStore  *store,
                  JsonObject *body,
                  gint64      except_id)
{
  gboolean present;
  const char *name = NULL;

  mojo_get_string (body, "name", &present, &name);
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < store->groups->len; i++)
    {
      const MojoGroup *group = g_ptr_array_index (store->groups, i);

      if (group->id != except_id && g_utf8_collate (group->name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
respond_group (MojoRequest     *req,
               guint            status,
               const MojoGroup *group)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  mojo_group_to_json (builder, group);
  mojo_respond_builder (req, status, builder);
}

gboolean
mojo_handle_groups (MojoRequest *req)
{
  const char *method = req->method;
  MojoGroup *group = NULL;
  gint64 id = 0;

  if (req->n_parts == 1 && g_str_equal (method, "GET"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      guint offset, limit;

      mojo_paging (req, 30, 1, 100, &offset, &limit);
      json_builder_begin_array (builder);
      for (guint i = offset; i < req->store->groups->len && i - offset < limit; i++)
        mojo_group_to_json (builder, g_ptr_array_index (req->store->groups, i));
      json_builder_end_array (builder);
      mojo_respond_builder (req, SOUP_STATUS_OK, builder);
      return TRUE;
    }
  if (req->n_parts == 1 && g_str_equal (method, "POST"))
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *body;

      if ((body = mojo_read_object (req, &root)) == NULL)
        return TRUE;
      if (!check_group_fields (req, body, NULL, TRUE))
        return TRUE;
      if (group_name_taken (req->store, body, 0))
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Name has already been taken");
          return TRUE;
        }
      group = g_new0 (MojoGroup, 1);
      group->id = req->store->next_group_id++;
      check_group_fields (req, body, group, TRUE);
      g_ptr_array_add (req->store->groups, group);
      mojo_store_log (req->store, MOJO_ENTITY_COMPANY, MOJO_ACTION_CREATE, group->id, 0,
                      req->store->owner_id, req->now);
      respond_group (req, SOUP_STATUS_CREATED, group);
      return TRUE;
    }
  if (req->n_parts != 2)
    return FALSE;

  if (mojo_parse_id (req->parts[1], &id))
    group = mojo_store_get_group (req->store, id);

  if (g_str_equal (method, "GET"))
    {
      if (group == NULL)
        mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid group id");
      else
        respond_group (req, SOUP_STATUS_OK, group);
      return TRUE;
    }
  if (g_str_equal (method, "PUT") || g_str_equal (method, "PATCH"))
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *body;

      if (group == NULL)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid group id");
          return TRUE;
        }
      if ((body = mojo_read_object (req, &root)) == NULL)
        return TRUE;
      if (!check_group_fields (req, body, NULL, FALSE))
        return TRUE;
      if (group_name_taken (req->store, body, group->id))
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Name has already been taken");
          return TRUE;
        }
      check_group_fields (req, body, group, FALSE);
      mojo_store_log (req->store, MOJO_ENTITY_COMPANY, MOJO_ACTION_UPDATE, group->id, 0,
                      req->store->owner_id, req->now);
      respond_group (req, SOUP_STATUS_OK, group);
      return TRUE;
    }
  if (g_str_equal (method, "DELETE"))
    {
      if (group == NULL)
        {
          mojo_respond_error (req, SOUP_STATUS_BAD_REQUEST, "Invalid group id");
          return TRUE;
        }
      /* Its members lose their company, as when a company is removed in the web app. */
      for (guint i = 0; i < req->store->users->len; i++)
        {
          MojoUser *user = g_ptr_array_index (req->store->users, i);

          if (user->company_id == id)
            user->company_id = 0;
        }
      mojo_store_log (req->store, MOJO_ENTITY_COMPANY, MOJO_ACTION_DELETE, id, 0,
                      req->store->owner_id, req->now);
      g_ptr_array_remove (req->store->groups, group);
      mojo_respond_empty (req);
      return TRUE;
    }

  return FALSE;
}
