/* lia-ghl-contacts.c: HighLevel's contact routes (get, list, create, upsert,
 * update, delete, duplicate lookup, by business) and the contact's JSON
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlEmulator"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lia-ghl-emulator-private.h"

typedef enum
{
  MODE_CREATE,
  MODE_UPDATE,
  MODE_UPSERT,
} WriteMode;

static const LiaGhlProp create_props[] = {
  { "firstName", LIA_GHL_T_STRING_NULL, FALSE },
  { "lastName", LIA_GHL_T_STRING_NULL, FALSE },
  { "name", LIA_GHL_T_STRING_NULL, FALSE },
  { "email", LIA_GHL_T_STRING_NULL, FALSE },
  { "locationId", LIA_GHL_T_STRING, TRUE },
  { "gender", LIA_GHL_T_STRING, FALSE },
  { "phone", LIA_GHL_T_STRING_NULL, FALSE },
  { "address1", LIA_GHL_T_STRING_NULL, FALSE },
  { "city", LIA_GHL_T_STRING_NULL, FALSE },
  { "state", LIA_GHL_T_STRING_NULL, FALSE },
  { "postalCode", LIA_GHL_T_STRING, FALSE },
  { "website", LIA_GHL_T_STRING_NULL, FALSE },
  { "timezone", LIA_GHL_T_STRING_NULL, FALSE },
  { "dnd", LIA_GHL_T_BOOL, FALSE },
  { "dndSettings", LIA_GHL_T_OBJECT, FALSE },
  { "inboundDndSettings", LIA_GHL_T_OBJECT, FALSE },
  { "tags", LIA_GHL_T_STRINGS, FALSE },
  { "customFields", LIA_GHL_T_ARRAY, FALSE },
  { "source", LIA_GHL_T_STRING, FALSE },
  { "dateOfBirth", LIA_GHL_T_ANY, FALSE },
  { "country", LIA_GHL_T_STRING, FALSE },
  { "companyName", LIA_GHL_T_STRING_NULL, FALSE },
  { "assignedTo", LIA_GHL_T_STRING, FALSE },
  /* Upsert only: create skips it (see check_body). */
  { "createNewIfDuplicateAllowed", LIA_GHL_T_BOOL, FALSE },
};

/* UpdateContactDto, plus what the live API also accepts on PUT
 * (companyName, keyword, ssn, type); gender, locationId, id and the
 * *LowerCase fields are refused (NOTES §3.2). */
static const LiaGhlProp update_props[] = {
  { "firstName", LIA_GHL_T_STRING_NULL, FALSE },
  { "lastName", LIA_GHL_T_STRING_NULL, FALSE },
  { "name", LIA_GHL_T_STRING_NULL, FALSE },
  { "email", LIA_GHL_T_STRING_NULL, FALSE },
  { "phone", LIA_GHL_T_STRING_NULL, FALSE },
  { "address1", LIA_GHL_T_STRING_NULL, FALSE },
  { "city", LIA_GHL_T_STRING_NULL, FALSE },
  { "state", LIA_GHL_T_STRING_NULL, FALSE },
  { "postalCode", LIA_GHL_T_STRING, FALSE },
  { "website", LIA_GHL_T_STRING_NULL, FALSE },
  { "timezone", LIA_GHL_T_STRING_NULL, FALSE },
  { "dnd", LIA_GHL_T_BOOL, FALSE },
  { "dndSettings", LIA_GHL_T_OBJECT, FALSE },
  { "inboundDndSettings", LIA_GHL_T_OBJECT, FALSE },
  { "tags", LIA_GHL_T_STRINGS, FALSE },
  { "customFields", LIA_GHL_T_ARRAY, FALSE },
  { "source", LIA_GHL_T_STRING_NULL, FALSE },
  { "dateOfBirth", LIA_GHL_T_ANY, FALSE },
  { "country", LIA_GHL_T_STRING, FALSE },
  { "assignedTo", LIA_GHL_T_STRING_NULL, FALSE },
  { "companyName", LIA_GHL_T_STRING_NULL, FALSE },
  { "keyword", LIA_GHL_T_STRING_NULL, FALSE },
  { "ssn", LIA_GHL_T_STRING_NULL, FALSE },
  { "type", LIA_GHL_T_STRING_NULL, FALSE },
};

/* The body members stored as they come. */
static const LiaGhlField plain_fields[] = {
  LIA_GHL_F_FIRST_NAME, LIA_GHL_F_LAST_NAME, LIA_GHL_F_COMPANY_NAME, LIA_GHL_F_ADDRESS1,
  LIA_GHL_F_CITY, LIA_GHL_F_STATE, LIA_GHL_F_POSTAL_CODE, LIA_GHL_F_COUNTRY, LIA_GHL_F_WEBSITE,
  LIA_GHL_F_TIMEZONE, LIA_GHL_F_SOURCE, LIA_GHL_F_TYPE, LIA_GHL_F_ASSIGNED_TO, LIA_GHL_F_GENDER,
  LIA_GHL_F_KEYWORD, LIA_GHL_F_SSN,
};

static const char * const dnd_channels[] = { "Call", "Email", "SMS", "WhatsApp", "GMB", "FB", NULL };

/* Auxiliary functions */

static JsonNode *
parse_json_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static char *
node_to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static JsonArray *
custom_fields_json (const LiaGhlContact *contact,
                    LiaGhlStore         *store)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < contact->n_custom; i++)
    {
      LiaGhlCustomField *field = g_ptr_array_index (store->custom_fields, contact->custom[i].field);
      JsonNode *value = parse_json_text (contact->custom[i].value);
      JsonObject *item;

      if (value == NULL)
        continue;
      item = json_object_new ();
      json_object_set_string_member (item, "id", field->id);
      json_object_set_member (item, "value", value);
      json_array_add_object_element (array, item);
    }
  return array;
}

static char *
lower (const char *text)
{
  return text != NULL ? g_utf8_strdown (text, -1) : NULL;
}

static void
set_lower_member (JsonObject *object,
                  const char *name,
                  const char *value)
{
  g_autofree char *lowered = lower (value);

  lia_ghl_json_set_string_if (object, name, lowered);
}

static void
set_object_text_member (JsonObject *object,
                        const char *name,
                        const char *json_text)
{
  JsonNode *node = parse_json_text (json_text);

  if (node != NULL)
    json_object_set_member (object, name, node);
}

static void
set_strv_member (JsonObject  *object,
                 const char  *name,
                 char       **strv)
{
  json_object_set_array_member (object, name, lia_ghl_strv_to_json (strv));
}

static const char *
body_string (JsonObject *body,
             const char *name)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
check_dnd_object (JsonNode   *node,
                  const char *name,
                  gboolean    inbound,
                  GPtrArray  *errors)
{
  JsonObjectIter iter;
  const char *channel;
  JsonNode *value;

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &channel, &value))
    {
      const char *status;

      if (inbound ? !g_str_equal (channel, "all") : !g_strv_contains (dnd_channels, channel))
        {
          g_ptr_array_add (errors, g_strdup_printf ("%s.property %s should not exist", name, channel));
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (value))
        {
          g_ptr_array_add (errors, g_strdup_printf ("%s.%s must be an object", name, channel));
          continue;
        }
      status = lia_ghl_json_get_string (json_node_get_object (value), "status");
      if (status == NULL || !(g_str_equal (status, "active") || g_str_equal (status, "inactive") ||
                              (!inbound && g_str_equal (status, "permanent"))))
        g_ptr_array_add (errors, g_strdup_printf ("%s.%s.status must be one of the following values: %s", name,
                                                  channel, inbound ? "active, inactive" : "active, inactive, permanent"));
    }
  return errors->len == 0;
}

static gboolean
option_allowed (const LiaGhlCustomField *field,
                const char              *value)
{
  return field->options == NULL || g_strv_contains ((const char * const *)field->options, value);
}

/* The value to store for @field, as JSON text; NULL with an error message added,
 * or NULL with *@clear set when the value empties the field. */
static char *
convert_custom_value (const LiaGhlCustomField *field,
                      JsonNode                *value,
                      guint                    index,
                      gboolean                *clear,
                      GPtrArray               *errors)
{
  GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
  g_autoptr(JsonNode) out = NULL;

  *clear = FALSE;
  if (JSON_NODE_HOLDS_NULL (value) || (type == G_TYPE_STRING && json_node_get_string (value)[0] == '\0'))
    {
      *clear = TRUE;
      return NULL;
    }

  switch (field->data_type)
    {
    case LIA_GHL_CF_TEXT:
    case LIA_GHL_CF_LARGE_TEXT:
      if (type == G_TYPE_STRING)
        out = json_node_copy (value);
      else if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          g_autofree char *text = node_to_text (value);

          out = json_node_init_string (json_node_alloc (), text);
        }
      break;

    case LIA_GHL_CF_NUMERICAL:
    case LIA_GHL_CF_MONETORY:
      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        out = json_node_copy (value);
      else if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (value);
          char *end = NULL;
          double d = g_ascii_strtod (text, &end);

          if (end != text && *end == '\0')
            {
              if (d == (double)(gint64)d)
                out = json_node_init_int (json_node_alloc (), (gint64)d);
              else
                out = json_node_init_double (json_node_alloc (), d);
            }
        }
      break;

    case LIA_GHL_CF_SINGLE_OPTIONS:
      if (type == G_TYPE_STRING && option_allowed (field, json_node_get_string (value)))
        out = json_node_copy (value);
      break;

    case LIA_GHL_CF_MULTIPLE_OPTIONS:
    case LIA_GHL_CF_CHECKBOX:
      {
        JsonArray *array = json_array_new ();
        gboolean ok = TRUE;

        if (type == G_TYPE_STRING)
          {
            ok = option_allowed (field, json_node_get_string (value));
            json_array_add_string_element (array, json_node_get_string (value));
          }
        else if (JSON_NODE_HOLDS_ARRAY (value))
          {
            JsonArray *in = json_node_get_array (value);

            for (guint i = 0; ok && i < json_array_get_length (in); i++)
              {
                JsonNode *element = json_array_get_element (in, i);

                ok = json_node_get_value_type (element) == G_TYPE_STRING &&
                     option_allowed (field, json_node_get_string (element));
                if (ok)
                  json_array_add_string_element (array, json_node_get_string (element));
              }
          }
        else
          ok = FALSE;

        if (ok)
          out = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
      }
      break;

    case LIA_GHL_CF_DATE:
    default:
      {
        gint64 ms = 0;
        gboolean ok = FALSE;

        if (type == G_TYPE_INT64)
          {
            ms = json_node_get_int (value);
            ok = TRUE;
          }
        else if (type == G_TYPE_STRING)
          ok = lia_ghl_parse_iso_ms (json_node_get_string (value), &ms);

        if (ok)
          {
            g_autofree char *iso = lia_ghl_format_iso_ms (ms);

            iso[10] = '\0';
            out = json_node_init_string (json_node_alloc (), iso);
          }
      }
      break;
    }

  if (out == NULL)
    {
      const char *expected;

      switch (field->data_type)
        {
        case LIA_GHL_CF_NUMERICAL:
        case LIA_GHL_CF_MONETORY:
          expected = "a number";
          break;
        case LIA_GHL_CF_SINGLE_OPTIONS:
          expected = "one of its options";
          break;
        case LIA_GHL_CF_MULTIPLE_OPTIONS:
        case LIA_GHL_CF_CHECKBOX:
          expected = "an array of its options";
          break;
        case LIA_GHL_CF_DATE:
          expected = "a date (YYYY-MM-DD)";
          break;
        default:
          expected = "a string";
          break;
        }
      g_ptr_array_add (errors, g_strdup_printf ("customFields.%u.field_value must be %s for the %s field “%s”",
                                                index, expected, lia_ghl_data_type_name (field->data_type),
                                                field->key));
      return NULL;
    }

  return node_to_text (out);
}

static void
apply_custom_fields (LiaGhlRequest *req,
                     LiaGhlContact *contact,
                     JsonArray     *items,
                     GPtrArray     *errors)
{
  LiaGhlStore *store = req->self->store;
  const char *location_id = lia_ghl_store_get_location (store, req->location)->id;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item_node = json_array_get_element (items, i);
      JsonObject *item;
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      const char *id, *key;
      int field;
      gboolean clear;
      g_autofree char *text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item_node))
        {
          g_ptr_array_add (errors, g_strdup_printf ("customFields.%u must be an object", i));
          continue;
        }
      item = json_node_get_object (item_node);

      json_object_iter_init (&iter, item);
      while (json_object_iter_next (&iter, &name, &value))
        if (!g_str_equal (name, "id") && !g_str_equal (name, "key") &&
            !g_str_equal (name, "field_value") && !g_str_equal (name, "fieldValue"))
          g_ptr_array_add (errors, g_strdup_printf ("customFields.%u.property %s should not exist", i, name));

      id = lia_ghl_json_get_string (item, "id");
      key = lia_ghl_json_get_string (item, "key");
      if (id == NULL && key == NULL)
        {
          g_ptr_array_add (errors, g_strdup_printf ("customFields.%u must have an id or a key", i));
          continue;
        }
      field = lia_ghl_store_find_custom_field (store, location_id, id != NULL ? id : key);
      if (field < 0 && id != NULL && key != NULL)
        field = lia_ghl_store_find_custom_field (store, location_id, key);
      if (field < 0)
        {
          g_ptr_array_add (errors, g_strdup_printf ("customFields.%u: no custom field with the id or key “%s” "
                                                    "in this location", i, id != NULL ? id : key));
          continue;
        }

      value = json_object_get_member (item, "field_value");
      if (value == NULL)
        value = json_object_get_member (item, "fieldValue");
      if (value == NULL)
        {
          g_ptr_array_add (errors, g_strdup_printf ("customFields.%u.field_value should not be empty", i));
          continue;
        }

      text = convert_custom_value (g_ptr_array_index (store->custom_fields, field), value, i, &clear, errors);
      if (text != NULL || clear)
        lia_ghl_contact_set_custom (contact, (guint)field, text);
    }
}

/* Applies @body to @contact (a scratch copy or a new record); adds the
 * problems to @errors. */
static void
apply_body (LiaGhlRequest *req,
            LiaGhlContact *contact,
            JsonObject    *body,
            WriteMode      mode,
            gboolean       existing,
            GPtrArray     *errors)
{
  JsonNode *node;
  const char *country = body_string (body, "country");

  for (guint i = 0; i < G_N_ELEMENTS (plain_fields); i++)
    {
      const char *name = lia_ghl_field_name (plain_fields[i]);
      const char *value;

      if (!json_object_has_member (body, name))
        continue;
      /* An upsert that finds a contact drops gender silently (ISS#313). */
      if (plain_fields[i] == LIA_GHL_F_GENDER && existing)
        continue;
      value = body_string (body, name);
      if (value != NULL)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (value));

          lia_ghl_contact_set (contact, plain_fields[i], trimmed[0] != '\0' ? trimmed : NULL);
        }
      else
        lia_ghl_contact_set (contact, plain_fields[i], NULL);
    }

  if (json_object_has_member (body, "name") && !json_object_has_member (body, "firstName") &&
      !json_object_has_member (body, "lastName"))
    {
      const char *name = body_string (body, "name");
      g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
      char *space = strchr (trimmed, ' ');

      if (space != NULL)
        {
          *space = '\0';
          lia_ghl_contact_set (contact, LIA_GHL_F_FIRST_NAME, trimmed);
          lia_ghl_contact_set (contact, LIA_GHL_F_LAST_NAME, g_strstrip (space + 1));
        }
      else
        {
          lia_ghl_contact_set (contact, LIA_GHL_F_FIRST_NAME, trimmed[0] != '\0' ? trimmed : NULL);
          lia_ghl_contact_set (contact, LIA_GHL_F_LAST_NAME, NULL);
        }
    }

  if (json_object_has_member (body, "email"))
    {
      const char *email = body_string (body, "email");
      g_autofree char *trimmed = g_strstrip (g_strdup (email != NULL ? email : ""));

      if (trimmed[0] != '\0' && !lia_ghl_is_email (trimmed))
        g_ptr_array_add (errors, g_strdup ("email must be an email"));
      else
        lia_ghl_contact_set (contact, LIA_GHL_F_EMAIL, trimmed[0] != '\0' ? trimmed : NULL);
    }

  if (json_object_has_member (body, "phone"))
    {
      const char *phone = body_string (body, "phone");
      g_autofree char *trimmed = g_strstrip (g_strdup (phone != NULL ? phone : ""));
      g_autofree char *normalized = NULL;

      if (country == NULL)
        country = lia_ghl_contact_get (contact, LIA_GHL_F_COUNTRY);
      normalized = lia_ghl_normalize_phone (trimmed, country);
      /* Not a number we can parse: kept as written (see the report). */
      lia_ghl_contact_set (contact, LIA_GHL_F_PHONE,
                           normalized != NULL ? normalized : trimmed[0] != '\0' ? trimmed : NULL);
    }

  if ((node = json_object_get_member (body, "dnd")) != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    contact->dnd = json_node_get_boolean (node);

  if ((node = json_object_get_member (body, "dndSettings")) != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      check_dnd_object (node, "dndSettings", FALSE, errors))
    {
      g_autofree char *text = node_to_text (node);

      lia_ghl_contact_set (contact, LIA_GHL_F_DND_SETTINGS, text);
    }
  if ((node = json_object_get_member (body, "inboundDndSettings")) != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      check_dnd_object (node, "inboundDndSettings", TRUE, errors))
    {
      g_autofree char *text = node_to_text (node);

      lia_ghl_contact_set (contact, LIA_GHL_F_INBOUND_DND, text);
    }

  if ((node = json_object_get_member (body, "dateOfBirth")) != NULL)
    {
      if (JSON_NODE_HOLDS_NULL (node))
        lia_ghl_contact_set (contact, LIA_GHL_F_DATE_OF_BIRTH, NULL);
      else
        {
          g_autofree char *date = NULL;

          if (json_node_get_value_type (node) == G_TYPE_STRING)
            date = lia_ghl_parse_birth_date (json_node_get_string (node));
          else if (json_node_get_value_type (node) == G_TYPE_INT64)
            {
              g_autofree char *iso = lia_ghl_format_iso_ms (json_node_get_int (node));

              date = g_strndup (iso, 10);
            }
          if (date == NULL)
            g_ptr_array_add (errors, g_strdup ("dateOfBirth must be a date as YYYY-MM-DD, MM/DD/YYYY, YYYY/MM/DD, "
                                               "MM-DD-YYYY, YYYY.MM.DD, MM.DD.YYYY, YYYY_MM_DD or MM_DD_YYYY"));
          else
            lia_ghl_contact_set (contact, LIA_GHL_F_DATE_OF_BIRTH, date);
        }
    }

  if ((node = json_object_get_member (body, "tags")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *tags = json_node_get_array (node);

      /* On PUT the tags replace all of them (NOTES §3.2). */
      g_clear_pointer (&contact->tags, g_strfreev);
      for (guint i = 0; i < json_array_get_length (tags); i++)
        {
          g_autofree char *tag = NULL;

          if (json_node_get_value_type (json_array_get_element (tags, i)) != G_TYPE_STRING)
            continue;
          tag = _lia_ghl_normalize_tag (json_array_get_string_element (tags, i));
          if (tag != NULL)
            contact->tags = lia_ghl_strv_add (contact->tags, tag);
        }
    }

  if ((node = json_object_get_member (body, "customFields")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    apply_custom_fields (req, contact, json_node_get_array (node), errors);

  if (lia_ghl_contact_get (contact, LIA_GHL_F_ASSIGNED_TO) != NULL &&
      json_object_has_member (body, "assignedTo") &&
      lia_ghl_store_find_named (req->self->store->users, lia_ghl_contact_get (contact, LIA_GHL_F_ASSIGNED_TO)) == NULL)
    g_ptr_array_add (errors, g_strdup ("assignedTo must be the id of a user of this location"));
}

static void
register_tags (LiaGhlRequest *req,
               LiaGhlContact *contact)
{
  LiaGhlStore *store = req->self->store;
  const char *location_id = lia_ghl_store_get_location (store, contact->location)->id;

  for (guint i = 0; contact->tags != NULL && contact->tags[i] != NULL; i++)
    {
      g_autofree char *id = _lia_ghl_new_id (req->self);

      lia_ghl_store_ensure_tag (store, location_id, contact->tags[i], id);
    }
}

static void
answer_duplicate (LiaGhlRequest *req,
                  LiaGhlContact *match,
                  const char    *matching_field)
{
  JsonObject *object = json_object_new ();
  JsonObject *meta = json_object_new ();
  g_autofree char *name = lia_ghl_contact_full_name (match);

  json_object_set_int_member (object, "statusCode", 400);
  json_object_set_string_member (object, "message", "This location does not allow duplicated contacts.");
  json_object_set_string_member (meta, "contactId", match->id);
  lia_ghl_json_set_string_or_null (meta, "contactName", name);
  json_object_set_string_member (meta, "matchingField", matching_field);
  json_object_set_object_member (object, "meta", meta);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_BAD_REQUEST, object);
}

/* A brand-new contact from @body; NULL after answering. */
static LiaGhlContact *
create_contact (LiaGhlRequest *req,
                JsonObject    *body,
                WriteMode      mode)
{
  LiaGhlEmulator *self = req->self;
  LiaGhlLocation *location = lia_ghl_store_get_location (self->store, req->location);
  g_autoptr(LiaGhlContact) contact = lia_ghl_contact_new ();
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  LiaGhlContact *match;
  const char *matching_field = NULL;

  contact->location = (guint8)req->location;
  apply_body (req, contact, body, mode, FALSE, errors);
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (self, req->msg, errors);
      return NULL;
    }

  if (!location->allow_duplicates)
    {
      match = lia_ghl_store_find_duplicate (self->store, req->location,
                                            lia_ghl_contact_get (contact, LIA_GHL_F_EMAIL),
                                            lia_ghl_contact_get (contact, LIA_GHL_F_PHONE),
                                            NULL, &matching_field);
      if (match != NULL)
        {
          answer_duplicate (req, match, matching_field);
          return NULL;
        }
    }

  contact->id = _lia_ghl_new_id (self);
  contact->date_added = req->now_us / 1000;
  contact->date_updated = contact->date_added;
  if (lia_ghl_contact_get (contact, LIA_GHL_F_TYPE) == NULL)
    lia_ghl_contact_set (contact, LIA_GHL_F_TYPE, "lead");
  contact->written_at = req->now_us;
  if (_lia_ghl_lag_us (self) > 0)
    {
      /* Search does not see it until the lag passed. */
      contact->has_shadow = TRUE;
      contact->shadow = NULL;
    }
  register_tags (req, contact);
  lia_ghl_store_add (self->store, contact);

  return g_steal_pointer (&contact);
}

/* Applies @body to the live @contact; FALSE after answering. */
static gboolean
update_contact (LiaGhlRequest *req,
                LiaGhlContact *contact,
                JsonObject    *body,
                WriteMode      mode,
                gboolean       keep_phone)
{
  LiaGhlEmulator *self = req->self;
  LiaGhlLocation *location = lia_ghl_store_get_location (self->store, contact->location);
  g_autoptr(LiaGhlContact) copy = lia_ghl_contact_copy_fields (contact);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  gboolean email_changed, phone_changed;

  apply_body (req, copy, body, mode, TRUE, errors);
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (self, req->msg, errors);
      return FALSE;
    }
  if (keep_phone)
    lia_ghl_contact_set (copy, LIA_GHL_F_PHONE, lia_ghl_contact_get (contact, LIA_GHL_F_PHONE));

  email_changed = g_strcmp0 (lia_ghl_contact_get (copy, LIA_GHL_F_EMAIL), lia_ghl_contact_get (contact, LIA_GHL_F_EMAIL)) != 0;
  phone_changed = g_strcmp0 (lia_ghl_contact_get (copy, LIA_GHL_F_PHONE), lia_ghl_contact_get (contact, LIA_GHL_F_PHONE)) != 0;

  if (!location->allow_duplicates && (email_changed || phone_changed))
    {
      const char *matching_field = NULL;
      LiaGhlContact *match;

      match = lia_ghl_store_find_duplicate (self->store, contact->location,
                                            email_changed ? lia_ghl_contact_get (copy, LIA_GHL_F_EMAIL) : NULL,
                                            phone_changed ? lia_ghl_contact_get (copy, LIA_GHL_F_PHONE) : NULL,
                                            contact, &matching_field);
      if (match != NULL)
        {
          answer_duplicate (req, match, matching_field);
          return FALSE;
        }
    }

  _lia_ghl_touch (req, contact);
  copy->date_updated = contact->date_updated;
  if (email_changed || phone_changed)
    lia_ghl_store_unindex (self->store, contact);
  lia_ghl_contact_swap_fields (contact, copy);
  if (email_changed || phone_changed)
    lia_ghl_store_reindex (self->store, contact);
  else
    lia_ghl_store_rekey (self->store, contact);
  register_tags (req, contact);

  return TRUE;
}

static gboolean
parse_number (const char *text,
              gint64      min,
              gint64      max,
              gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, min, max, value, NULL);
}

static gboolean
matches_query (const LiaGhlContact *contact,
               const char          *query)
{
  g_autofree char *name = NULL;
  static const LiaGhlField fields[] = {
    LIA_GHL_F_EMAIL, LIA_GHL_F_PHONE, LIA_GHL_F_COMPANY_NAME, LIA_GHL_F_FIRST_NAME, LIA_GHL_F_LAST_NAME,
  };

  if (query == NULL || query[0] == '\0')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (lia_ghl_contains_casefold (lia_ghl_contact_get (contact, fields[i]), query))
      return TRUE;
  name = lia_ghl_contact_full_name (contact);
  return lia_ghl_contains_casefold (name, query);
}

/* Shared with the other files */

JsonObject *
_lia_ghl_contact_to_json (LiaGhlEmulator       *self,
                          const LiaGhlContact  *contact,
                          LiaGhlContactFlavour  flavour)
{
  JsonObject *object = json_object_new ();
  LiaGhlLocation *location = lia_ghl_store_get_location (self->store, contact->location);
  g_autofree char *full_name = lia_ghl_contact_full_name (contact);
  g_autofree char *added = lia_ghl_format_iso_ms (contact->date_added);
  g_autofree char *updated = lia_ghl_format_iso_ms (contact->date_updated);
  const char *dob = lia_ghl_contact_get (contact, LIA_GHL_F_DATE_OF_BIRTH);
  const char *email = lia_ghl_contact_get (contact, LIA_GHL_F_EMAIL);
  gboolean searched = flavour == LIA_GHL_CONTACT_SEARCHED;
  gboolean listed = flavour == LIA_GHL_CONTACT_LISTED;

#define STR(name, field) lia_ghl_json_set_string_if (object, name, lia_ghl_contact_get (contact, field))

  json_object_set_string_member (object, "id", contact->id);
  json_object_set_string_member (object, "locationId", location->id);
  if (searched || listed)
    lia_ghl_json_set_string_or_null (object, "contactName", full_name);
  STR ("firstName", LIA_GHL_F_FIRST_NAME);
  STR ("lastName", LIA_GHL_F_LAST_NAME);
  if (flavour == LIA_GHL_CONTACT_FULL && full_name != NULL)
    json_object_set_string_member (object, "name", full_name);
  if (!listed)
    {
      set_lower_member (object, "firstNameLowerCase", lia_ghl_contact_get (contact, LIA_GHL_F_FIRST_NAME));
      set_lower_member (object, "lastNameLowerCase", lia_ghl_contact_get (contact, LIA_GHL_F_LAST_NAME));
    }
  if (!searched && !listed)
    set_lower_member (object, "fullNameLowerCase", full_name);
  STR ("email", LIA_GHL_F_EMAIL);
  if (!searched && !listed)
    set_lower_member (object, "emailLowerCase", email);
  STR ("phone", LIA_GHL_F_PHONE);
  if (searched && lia_ghl_contact_get (contact, LIA_GHL_F_PHONE) != NULL)
    json_object_set_string_member (object, "phoneLabel", "Mobile");
  STR ("companyName", LIA_GHL_F_COMPANY_NAME);
  if (searched)
    STR ("businessName", LIA_GHL_F_COMPANY_NAME);
  STR ("timezone", LIA_GHL_F_TIMEZONE);
  json_object_set_boolean_member (object, "dnd", contact->dnd);
  set_object_text_member (object, "dndSettings", lia_ghl_contact_get (contact, LIA_GHL_F_DND_SETTINGS));
  if (searched)
    set_object_text_member (object, "inboundDndSettings", lia_ghl_contact_get (contact, LIA_GHL_F_INBOUND_DND));
  STR ("type", LIA_GHL_F_TYPE);
  STR ("source", LIA_GHL_F_SOURCE);
  STR ("assignedTo", LIA_GHL_F_ASSIGNED_TO);
  /* Search answers "address", the others "address1" (NOTES §3.1). */
  STR (searched ? "address" : "address1", LIA_GHL_F_ADDRESS1);
  STR ("city", LIA_GHL_F_CITY);
  STR ("state", LIA_GHL_F_STATE);
  STR ("country", LIA_GHL_F_COUNTRY);
  STR ("postalCode", LIA_GHL_F_POSTAL_CODE);
  STR ("website", LIA_GHL_F_WEBSITE);
  set_strv_member (object, "tags", contact->tags);

  if (dob != NULL)
    {
      gint64 ms = 0;

      lia_ghl_parse_iso_ms (dob, &ms);
      if (searched)
        {
          /* Search answers the date of birth in epoch milliseconds (ISS#314). */
          json_object_set_int_member (object, "dateOfBirth", ms);
        }
      else
        {
          g_autofree char *iso = lia_ghl_format_iso_ms (ms);

          json_object_set_string_member (object, "dateOfBirth", iso);
          if (flavour == LIA_GHL_CONTACT_CREATED)
            {
              json_object_set_int_member (object, "birthMonth", g_ascii_strtoll (dob + 5, NULL, 10));
              json_object_set_int_member (object, "birthDay", g_ascii_strtoll (dob + 8, NULL, 10));
            }
        }
    }

  json_object_set_string_member (object, "dateAdded", added);
  json_object_set_string_member (object, "dateUpdated", updated);
  if (flavour == LIA_GHL_CONTACT_FULL)
    {
      STR ("ssn", LIA_GHL_F_SSN);
      STR ("keyword", LIA_GHL_F_KEYWORD);
    }
  if (flavour == LIA_GHL_CONTACT_CREATED)
    {
      STR ("gender", LIA_GHL_F_GENDER);
      json_object_set_boolean_member (object, "deleted", FALSE);
    }
  json_object_set_array_member (object, "customFields", custom_fields_json (contact, self->store));
  STR ("businessId", LIA_GHL_F_BUSINESS_ID);
  if (flavour != LIA_GHL_CONTACT_CREATED)
    {
      set_strv_member (object, "additionalEmails", contact->additional_emails);
      set_strv_member (object, "followers", contact->followers);
    }
  if (searched)
    {
      json_object_set_array_member (object, "additionalPhones", json_array_new ());
      json_object_set_array_member (object, "opportunities", json_array_new ());
      if (email != NULL)
        json_object_set_boolean_member (object, "validEmail", TRUE);
    }
  if (listed)
    json_object_set_array_member (object, "attributions", json_array_new ());

#undef STR

  return object;
}

void
_lia_ghl_contacts_get (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  JsonObject *object;

  if (contact == NULL)
    return;

  object = json_object_new ();
  json_object_set_object_member (object, "contact", _lia_ghl_contact_to_json (req->self, contact, LIA_GHL_CONTACT_FULL));
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_contacts_list (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "locationId", LIA_GHL_T_STRING, TRUE },
    { "startAfterId", LIA_GHL_T_STRING, FALSE },
    { "startAfter", LIA_GHL_T_NUMBER, FALSE },
    { "query", LIA_GHL_T_STRING, FALSE },
    { "limit", LIA_GHL_T_NUMBER, FALSE },
  };
  LiaGhlEmulator *self = req->self;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *location_id = _lia_ghl_query (req, "locationId");
  const char *start_after_text = _lia_ghl_query (req, "startAfter");
  const char *start_after_id = _lia_ghl_query (req, "startAfterId");
  const char *limit_text = _lia_ghl_query (req, "limit");
  const char *query = _lia_ghl_query (req, "query");
  gint64 limit = 20, start_after = 0;
  gboolean cursor;
  GPtrArray *by_date;
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  guint total = 0, before = 0;
  gint64 lag = _lia_ghl_lag_us (self);
  JsonObject *object, *meta;
  JsonArray *contacts;
  guint current_page;
  gboolean more;

  _lia_ghl_check_query (req->query, props, G_N_ELEMENTS (props), errors);
  if (limit_text != NULL && !parse_number (limit_text, G_MININT64, G_MAXINT64, &limit))
    g_ptr_array_add (errors, g_strdup ("limit must be a number conforming to the specified constraints"));
  else if (limit > 100)
    g_ptr_array_add (errors, g_strdup ("limit must not be greater than 100"));
  else if (limit < 1)
    g_ptr_array_add (errors, g_strdup ("limit must not be less than 1"));
  if (start_after_text != NULL && !parse_number (start_after_text, 0, G_MAXINT64, &start_after))
    g_ptr_array_add (errors, g_strdup ("startAfter must be a number conforming to the specified constraints"));
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (self, req->msg, errors);
      return;
    }
  if (!_lia_ghl_check_location (req, location_id))
    return;

  /* startAfter alone (or startAfterId alone) is ignored: page 1 again (pipedream#21941). */
  cursor = start_after_text != NULL && start_after_id != NULL && start_after_id[0] != '\0';

  lia_ghl_store_purge (self->store, req->now_us, lag);
  by_date = lia_ghl_store_by_date (self->store);
  for (guint i = 0; i < by_date->len; i++)
    {
      LiaGhlContact *contact = g_ptr_array_index (by_date, i);
      const LiaGhlContact *visible = lia_ghl_store_visible (contact, req->now_us, lag);

      if (visible == NULL || contact->location != req->location || !matches_query (visible, query))
        continue;
      total++;
      if (cursor && (contact->date_added > start_after ||
                     (contact->date_added == start_after && strcmp (contact->id, start_after_id) >= 0)))
        {
          before++;
          continue;
        }
      if (page->len < (guint)limit)
        g_ptr_array_add (page, (gpointer)visible);
    }

  object = json_object_new ();
  contacts = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (contacts, _lia_ghl_contact_to_json (self, g_ptr_array_index (page, i),
                                                                        LIA_GHL_CONTACT_LISTED));
  json_object_set_array_member (object, "contacts", contacts);

  current_page = before / (guint)limit + 1;
  more = before + page->len < total;
  meta = json_object_new ();
  json_object_set_int_member (meta, "total", total);
  if (more && page->len > 0)
    {
      const LiaGhlContact *last = g_ptr_array_index (page, page->len - 1);
      g_autofree char *escaped_location = g_uri_escape_string (location_id, NULL, FALSE);
      g_autofree char *escaped_id = g_uri_escape_string (last->id, NULL, FALSE);
      /* Like the live API, it points at an internal host (NOTES §7.5). */
      g_autofree char *next = g_strdup_printf ("http://localhost:5058/contacts/?locationId=%s&startAfter=%"
                                               G_GINT64_FORMAT "&startAfterId=%s",
                                               escaped_location, last->date_added, escaped_id);

      json_object_set_string_member (meta, "nextPageUrl", next);
      json_object_set_string_member (meta, "startAfterId", last->id);
      json_object_set_int_member (meta, "startAfter", last->date_added);
      json_object_set_int_member (meta, "currentPage", current_page);
      json_object_set_int_member (meta, "nextPage", current_page + 1);
    }
  else
    {
      json_object_set_null_member (meta, "nextPageUrl");
      json_object_set_null_member (meta, "startAfterId");
      json_object_set_null_member (meta, "startAfter");
      json_object_set_int_member (meta, "currentPage", current_page);
      json_object_set_null_member (meta, "nextPage");
    }
  if (current_page > 1)
    json_object_set_int_member (meta, "prevPage", current_page - 1);
  else
    json_object_set_null_member (meta, "prevPage");
  json_object_set_object_member (object, "meta", meta);

  _lia_ghl_respond (self, req->msg, SOUP_STATUS_OK, object);
}

static JsonObject *
check_write_body (LiaGhlRequest *req,
                  WriteMode      mode)
{
  g_autoptr(JsonObject) body = _lia_ghl_read_body (req);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

  if (body == NULL)
    return NULL;

  if (mode == MODE_UPDATE)
    _lia_ghl_check_props (body, update_props, G_N_ELEMENTS (update_props), errors);
  else
    _lia_ghl_check_props (body, create_props,
                          G_N_ELEMENTS (create_props) - (mode == MODE_CREATE ? 1 : 0), errors);
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (req->self, req->msg, errors);
      return NULL;
    }
  if (mode != MODE_UPDATE && !_lia_ghl_check_location (req, lia_ghl_json_get_string (body, "locationId")))
    return NULL;

  return g_steal_pointer (&body);
}

void
_lia_ghl_contacts_create (LiaGhlRequest *req)
{
  g_autoptr(JsonObject) body = check_write_body (req, MODE_CREATE);
  LiaGhlContact *contact;
  JsonObject *object;

  if (body == NULL)
    return;
  contact = create_contact (req, body, MODE_CREATE);
  if (contact == NULL)
    return;

  object = json_object_new ();
  json_object_set_object_member (object, "contact",
                                 _lia_ghl_contact_to_json (req->self, contact, LIA_GHL_CONTACT_CREATED));
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_CREATED, object);
}

void
_lia_ghl_contacts_upsert (LiaGhlRequest *req)
{
  g_autoptr(JsonObject) body = check_write_body (req, MODE_UPSERT);
  LiaGhlEmulator *self;
  LiaGhlLocation *location;
  LiaGhlContact *contact = NULL;
  const char *email, *phone_text;
  g_autofree char *phone = NULL;
  gboolean keep_phone = FALSE;
  JsonObject *object;

  if (body == NULL)
    return;
  self = req->self;
  location = lia_ghl_store_get_location (self->store, req->location);

  /* createNewIfDuplicateAllowed only matters where duplicates are allowed. */
  if (!(location->allow_duplicates && lia_ghl_json_get_bool (body, "createNewIfDuplicateAllowed")))
    {
      LiaGhlLocation *loc = location;
      const char *country = body_string (body, "country");

      email = body_string (body, "email");
      phone_text = body_string (body, "phone");
      if (phone_text != NULL)
        phone = lia_ghl_normalize_phone (phone_text, country);

      /* E-mail first, then phone. */
      if (email != NULL)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (email));

          contact = g_hash_table_lookup (loc->by_email, trimmed);
        }
      if (contact != NULL && phone != NULL)
        {
          LiaGhlContact *by_phone = g_hash_table_lookup (loc->by_phone, phone);

          /* Another contact has the phone: it is dropped silently (ISS#37). */
          keep_phone = by_phone != NULL && by_phone != contact;
        }
      if (contact == NULL && phone != NULL)
        contact = g_hash_table_lookup (loc->by_phone, phone);
    }

  object = json_object_new ();
  if (contact != NULL)
    {
      if (!update_contact (req, contact, body, MODE_UPSERT, keep_phone))
        {
          json_object_unref (object);
          return;
        }
      json_object_set_boolean_member (object, "new", FALSE);
    }
  else
    {
      contact = create_contact (req, body, MODE_UPSERT);
      if (contact == NULL)
        {
          json_object_unref (object);
          return;
        }
      json_object_set_boolean_member (object, "new", TRUE);
    }

  json_object_set_object_member (object, "contact", _lia_ghl_contact_to_json (self, contact, LIA_GHL_CONTACT_FULL));
  _lia_ghl_respond (self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_contacts_update (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  g_autoptr(JsonObject) body = NULL;
  JsonObject *object;

  if (contact == NULL)
    return;
  body = check_write_body (req, MODE_UPDATE);
  if (body == NULL)
    return;
  if (!update_contact (req, contact, body, MODE_UPDATE, FALSE))
    return;

  object = json_object_new ();
  json_object_set_boolean_member (object, "succeded", TRUE);
  json_object_set_object_member (object, "contact", _lia_ghl_contact_to_json (req->self, contact, LIA_GHL_CONTACT_FULL));
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_contacts_delete (LiaGhlRequest *req)
{
  LiaGhlContact *contact = _lia_ghl_find_contact (req, req->params[0]);
  JsonObject *object;

  if (contact == NULL)
    return;

  _lia_ghl_touch (req, contact);
  lia_ghl_store_remove (req->self->store, contact);

  object = json_object_new ();
  json_object_set_boolean_member (object, "succeded", TRUE);
  _lia_ghl_respond (req->self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_contacts_duplicate (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "locationId", LIA_GHL_T_STRING, TRUE },
    { "number", LIA_GHL_T_STRING, FALSE },
    { "email", LIA_GHL_T_STRING, FALSE },
  };
  LiaGhlEmulator *self = req->self;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *email = _lia_ghl_query (req, "email");
  const char *number = _lia_ghl_query (req, "number");
  g_autofree char *phone = NULL;
  const char *matching_field = NULL;
  LiaGhlContact *match;
  JsonObject *object;

  _lia_ghl_check_query (req->query, props, G_N_ELEMENTS (props), errors);
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (self, req->msg, errors);
      return;
    }
  if (!_lia_ghl_check_location (req, _lia_ghl_query (req, "locationId")))
    return;

  /* An unencoded "+" arrives as a space: the number then reads as national. */
  if (number != NULL)
    phone = lia_ghl_normalize_phone (number, NULL);
  match = lia_ghl_store_find_duplicate (self->store, req->location,
                                        email != NULL && email[0] != '\0' ? email : NULL,
                                        phone, NULL, &matching_field);

  object = json_object_new ();
  if (match != NULL)
    json_object_set_object_member (object, "contact", _lia_ghl_contact_to_json (self, match, LIA_GHL_CONTACT_FULL));
  else
    json_object_set_null_member (object, "contact");
  _lia_ghl_respond (self, req->msg, SOUP_STATUS_OK, object);
}

void
_lia_ghl_contacts_business (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "locationId", LIA_GHL_T_STRING, TRUE },
    { "limit", LIA_GHL_T_NUMBER, FALSE },
    { "skip", LIA_GHL_T_NUMBER, FALSE },
    { "query", LIA_GHL_T_STRING, FALSE },
  };
  LiaGhlEmulator *self = req->self;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *business_id = req->params[0];
  const char *query = _lia_ghl_query (req, "query");
  gint64 limit = 25, skip = 0;
  guint count = 0;
  JsonObject *object;
  JsonArray *contacts;
  GPtrArray *by_date;
  gint64 lag = _lia_ghl_lag_us (self);

  _lia_ghl_check_query (req->query, props, G_N_ELEMENTS (props), errors);
  if (_lia_ghl_query (req, "limit") != NULL && !parse_number (_lia_ghl_query (req, "limit"), 1, 100, &limit))
    g_ptr_array_add (errors, g_strdup ("limit must be a number from 1 to 100"));
  if (_lia_ghl_query (req, "skip") != NULL && !parse_number (_lia_ghl_query (req, "skip"), 0, G_MAXINT32, &skip))
    g_ptr_array_add (errors, g_strdup ("skip must not be less than 0"));
  if (errors->len > 0)
    {
      _lia_ghl_error_422 (self, req->msg, errors);
      return;
    }
  if (!_lia_ghl_check_location (req, _lia_ghl_query (req, "locationId")))
    return;

  object = json_object_new ();
  contacts = json_array_new ();
  lia_ghl_store_purge (self->store, req->now_us, lag);
  by_date = lia_ghl_store_by_date (self->store);
  for (guint i = 0; i < by_date->len; i++)
    {
      LiaGhlContact *contact = g_ptr_array_index (by_date, i);
      const LiaGhlContact *visible = lia_ghl_store_visible (contact, req->now_us, lag);

      if (visible == NULL || contact->location != req->location ||
          g_strcmp0 (lia_ghl_contact_get (visible, LIA_GHL_F_BUSINESS_ID), business_id) != 0 ||
          !matches_query (visible, query))
        continue;
      if (count >= (guint)skip && count < (guint)(skip + limit))
        json_array_add_object_element (contacts, _lia_ghl_contact_to_json (self, visible, LIA_GHL_CONTACT_LISTED));
      count++;
    }
  json_object_set_array_member (object, "contacts", contacts);
  json_object_set_int_member (object, "count", count);
  _lia_ghl_respond (self, req->msg, SOUP_STATUS_OK, object);
}
