/* lia-ghl-records.c: the HighLevel emulator's records, as compact C structs
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlRecords"

#include "config.h"

#include <string.h>

#include "lia-ghl-records.h"

static const char * const field_names[LIA_GHL_N_FIELDS] = {
  [LIA_GHL_F_FIRST_NAME] = "firstName",
  [LIA_GHL_F_LAST_NAME] = "lastName",
  [LIA_GHL_F_EMAIL] = "email",
  [LIA_GHL_F_PHONE] = "phone",
  [LIA_GHL_F_COMPANY_NAME] = "companyName",
  [LIA_GHL_F_ADDRESS1] = "address1",
  [LIA_GHL_F_CITY] = "city",
  [LIA_GHL_F_STATE] = "state",
  [LIA_GHL_F_POSTAL_CODE] = "postalCode",
  [LIA_GHL_F_COUNTRY] = "country",
  [LIA_GHL_F_WEBSITE] = "website",
  [LIA_GHL_F_TIMEZONE] = "timezone",
  [LIA_GHL_F_SOURCE] = "source",
  [LIA_GHL_F_TYPE] = "type",
  [LIA_GHL_F_ASSIGNED_TO] = "assignedTo",
  [LIA_GHL_F_BUSINESS_ID] = "businessId",
  [LIA_GHL_F_DATE_OF_BIRTH] = "dateOfBirth",
  [LIA_GHL_F_GENDER] = "gender",
  [LIA_GHL_F_KEYWORD] = "keyword",
  [LIA_GHL_F_SSN] = "ssn",
  [LIA_GHL_F_DND_SETTINGS] = "dndSettings",
  [LIA_GHL_F_INBOUND_DND] = "inboundDndSettings",
};

static const char * const data_type_names[] = {
  [LIA_GHL_CF_TEXT] = "TEXT",
  [LIA_GHL_CF_LARGE_TEXT] = "LARGE_TEXT",
  [LIA_GHL_CF_NUMERICAL] = "NUMERICAL",
  [LIA_GHL_CF_MONETORY] = "MONETORY",
  [LIA_GHL_CF_SINGLE_OPTIONS] = "SINGLE_OPTIONS",
  [LIA_GHL_CF_MULTIPLE_OPTIONS] = "MULTIPLE_OPTIONS",
  [LIA_GHL_CF_CHECKBOX] = "CHECKBOX",
  [LIA_GHL_CF_DATE] = "DATE",
};

/* Auxiliary functions */

static void
set_string (char       **slot,
            const char  *value)
{
  if (*slot == value)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
}

/* Howard Hinnant's days_from_civil and civil_from_days. */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint)(y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64)doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 era, y;
  guint doe, yoe, doy, mp, d, m;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = (gint64)yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = m;
  *day = d;
}

static gboolean
valid_date (gint64 y,
            guint  m,
            guint  d)
{
  static const guint8 days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
    return FALSE;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return FALSE;
  return TRUE;
}

static gboolean
read_digits (const char *text,
             guint       n,
             guint      *value)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      v = v * 10 + (guint)(text[i] - '0');
    }
  *value = v;
  return TRUE;
}

/* Public API */

const char *
lia_ghl_field_name (LiaGhlField field)
{
  g_return_val_if_fail (field < LIA_GHL_N_FIELDS, NULL);

  return field_names[field];
}

int
lia_ghl_field_from_name (const char *name)
{
  for (guint i = 0; i < LIA_GHL_N_FIELDS; i++)
    if (g_strcmp0 (field_names[i], name) == 0)
      return (int)i;
  return -1;
}

const char *
lia_ghl_data_type_name (LiaGhlDataType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (data_type_names), NULL);

  return data_type_names[type];
}

int
lia_ghl_data_type_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (data_type_names); i++)
    if (g_strcmp0 (data_type_names[i], name) == 0)
      return (int)i;
  return -1;
}

void
lia_ghl_custom_field_free (LiaGhlCustomField *field)
{
  if (field == NULL)
    return;
  g_free (field->id);
  g_free (field->name);
  g_free (field->key);
  g_free (field->placeholder);
  g_strfreev (field->options);
  g_free (field->location_id);
  g_free (field);
}

JsonObject *
lia_ghl_custom_field_to_json (const LiaGhlCustomField *field)
{
  JsonObject *object = json_object_new ();
  g_autofree char *field_key = g_strconcat ("contact.", field->key, NULL);

  json_object_set_string_member (object, "id", field->id);
  json_object_set_string_member (object, "name", field->name);
  json_object_set_string_member (object, "fieldKey", field_key);
  json_object_set_string_member (object, "placeholder", field->placeholder != NULL ? field->placeholder : "");
  json_object_set_string_member (object, "dataType", data_type_names[field->data_type]);
  json_object_set_int_member (object, "position", field->position);
  json_object_set_array_member (object, "picklistOptions",
                                field->options != NULL ? lia_ghl_strv_to_json (field->options)
                                                       : json_array_new ());
  json_object_set_array_member (object, "picklistImageOptions", json_array_new ());
  json_object_set_boolean_member (object, "isAllowedCustomOption", FALSE);
  json_object_set_boolean_member (object, "isMultiFileAllowed", FALSE);
  json_object_set_int_member (object, "maxFileLimit", 0);
  json_object_set_string_member (object, "locationId", field->location_id);
  json_object_set_string_member (object, "model", "contact");

  return object;
}

LiaGhlTask *
lia_ghl_task_new (void)
{
  return g_new0 (LiaGhlTask, 1);
}

void
lia_ghl_task_free (LiaGhlTask *task)
{
  if (task == NULL)
    return;
  g_free (task->id);
  g_free (task->title);
  g_free (task->body);
  g_free (task->assigned_to);
  g_free (task);
}

LiaGhlNote *
lia_ghl_note_new (void)
{
  return g_new0 (LiaGhlNote, 1);
}

void
lia_ghl_note_free (LiaGhlNote *note)
{
  if (note == NULL)
    return;
  g_free (note->id);
  g_free (note->body);
  g_free (note->user_id);
  g_free (note->title);
  g_free (note->color);
  g_free (note);
}

void
lia_ghl_appointment_free (LiaGhlAppointment *appointment)
{
  if (appointment == NULL)
    return;
  g_free (appointment->id);
  g_free (appointment->calendar_id);
  g_free (appointment->title);
  g_free (appointment->status);
  g_free (appointment->appointment_status);
  g_free (appointment->assigned_user_id);
  g_free (appointment->notes);
  g_free (appointment->address);
  g_free (appointment);
}

LiaGhlContact *
lia_ghl_contact_new (void)
{
  return g_new0 (LiaGhlContact, 1);
}

static void
clear_fields (LiaGhlContact *contact)
{
  for (guint i = 0; i < LIA_GHL_N_FIELDS; i++)
    g_clear_pointer (&contact->str[i], g_free);
  g_clear_pointer (&contact->tags, g_strfreev);
  g_clear_pointer (&contact->followers, g_strfreev);
  g_clear_pointer (&contact->additional_emails, g_strfreev);
  g_clear_pointer (&contact->campaigns, g_strfreev);
  g_clear_pointer (&contact->workflows, g_strfreev);
  for (guint i = 0; i < contact->n_custom; i++)
    g_free (contact->custom[i].value);
  g_clear_pointer (&contact->custom, g_free);
  contact->n_custom = 0;
}

void
lia_ghl_contact_free (LiaGhlContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->id);
  clear_fields (contact);
  g_clear_pointer (&contact->tasks, g_ptr_array_unref);
  g_clear_pointer (&contact->notes, g_ptr_array_unref);
  g_clear_pointer (&contact->appointments, g_ptr_array_unref);
  lia_ghl_contact_free (contact->shadow);
  g_free (contact);
}

LiaGhlContact *
lia_ghl_contact_copy_fields (const LiaGhlContact *contact)
{
  LiaGhlContact *copy = lia_ghl_contact_new ();

  copy->id = g_strdup (contact->id);
  copy->location = contact->location;
  copy->dnd = contact->dnd;
  for (guint i = 0; i < LIA_GHL_N_FIELDS; i++)
    copy->str[i] = g_strdup (contact->str[i]);
  copy->tags = g_strdupv (contact->tags);
  copy->followers = g_strdupv (contact->followers);
  copy->additional_emails = g_strdupv (contact->additional_emails);
  copy->campaigns = g_strdupv (contact->campaigns);
  copy->workflows = g_strdupv (contact->workflows);
  if (contact->n_custom > 0)
    {
      copy->custom = g_new (LiaGhlCustomValue, contact->n_custom);
      copy->n_custom = contact->n_custom;
      for (guint i = 0; i < contact->n_custom; i++)
        {
          copy->custom[i].field = contact->custom[i].field;
          copy->custom[i].value = g_strdup (contact->custom[i].value);
        }
    }
  copy->date_added = contact->date_added;
  copy->date_updated = contact->date_updated;

  return copy;
}

#define SWAP(type, a, b) G_STMT_START { type tmp_ = (a); (a) = (b); (b) = tmp_; } G_STMT_END

void
lia_ghl_contact_swap_fields (LiaGhlContact *a,
                             LiaGhlContact *b)
{
  gboolean dnd = a->dnd;

  a->dnd = b->dnd;
  b->dnd = dnd;
  for (guint i = 0; i < LIA_GHL_N_FIELDS; i++)
    SWAP (char *, a->str[i], b->str[i]);
  SWAP (char **, a->tags, b->tags);
  SWAP (char **, a->followers, b->followers);
  SWAP (char **, a->additional_emails, b->additional_emails);
  SWAP (char **, a->campaigns, b->campaigns);
  SWAP (char **, a->workflows, b->workflows);
  SWAP (LiaGhlCustomValue *, a->custom, b->custom);
  SWAP (guint, a->n_custom, b->n_custom);
  SWAP (gint64, a->date_updated, b->date_updated);
}

const char *
lia_ghl_contact_get (const LiaGhlContact *contact,
                     LiaGhlField          field)
{
  return contact->str[field];
}

void
lia_ghl_contact_set (LiaGhlContact *contact,
                     LiaGhlField    field,
                     const char    *value)
{
  set_string (&contact->str[field], value);
}

char *
lia_ghl_contact_full_name (const LiaGhlContact *contact)
{
  const char *first = contact->str[LIA_GHL_F_FIRST_NAME];
  const char *last = contact->str[LIA_GHL_F_LAST_NAME];

  if (first == NULL && last == NULL)
    return NULL;
  if (first == NULL)
    return g_strdup (last);
  if (last == NULL)
    return g_strdup (first);
  return g_strconcat (first, " ", last, NULL);
}

const char *
lia_ghl_contact_get_custom (const LiaGhlContact *contact,
                            guint                field)
{
  for (guint i = 0; i < contact->n_custom; i++)
    if (contact->custom[i].field == field)
      return contact->custom[i].value;
  return NULL;
}

void
lia_ghl_contact_set_custom (LiaGhlContact *contact,
                            guint          field,
                            const char    *value_json)
{
  for (guint i = 0; i < contact->n_custom; i++)
    if (contact->custom[i].field == field)
      {
        g_free (contact->custom[i].value);
        if (value_json != NULL)
          {
            contact->custom[i].value = g_strdup (value_json);
          }
        else
          {
            contact->custom[i] = contact->custom[contact->n_custom - 1];
            contact->n_custom--;
          }
        return;
      }

  if (value_json == NULL)
    return;

  contact->custom = g_renew (LiaGhlCustomValue, contact->custom, contact->n_custom + 1);
  contact->custom[contact->n_custom].field = (guint16)field;
  contact->custom[contact->n_custom].value = g_strdup (value_json);
  contact->n_custom++;
}

char *
lia_ghl_format_iso_ms (gint64 ms)
{
  gint64 days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  gint64 rest = ms - days * 86400000;
  gint64 year;
  guint month, day;

  civil_from_days (days, &year, &month, &day);
  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02u-%02uT%02u:%02u:%02u.%03uZ",
                          year, month, day,
                          (guint)(rest / 3600000), (guint)(rest / 60000 % 60),
                          (guint)(rest / 1000 % 60), (guint)(rest % 1000));
}

gboolean
lia_ghl_parse_iso_ms (const char *text,
                      gint64     *ms)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  guint y, m, d;

  if (text == NULL)
    return FALSE;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
      read_digits (text, 4, &y) && read_digits (text + 5, 2, &m) && read_digits (text + 8, 2, &d))
    {
      if (!valid_date (y, m, d))
        return FALSE;
      *ms = days_from_civil (y, m, d) * 86400000;
      return TRUE;
    }

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

char *
lia_ghl_parse_birth_date (const char *text)
{
  guint a, b, c;
  char sep;
  gint64 ms;

  if (text == NULL)
    return NULL;

  /* YYYY?MM?DD */
  if (strlen (text) == 10 && read_digits (text, 4, &a) && strchr ("/-._", text[4]) != NULL &&
      text[7] == text[4] && read_digits (text + 5, 2, &b) && read_digits (text + 8, 2, &c))
    {
      if (!valid_date (a, b, c))
        return NULL;
      return g_strdup_printf ("%04u-%02u-%02u", a, b, c);
    }

  /* MM?DD?YYYY */
  sep = strlen (text) == 10 ? text[2] : '\0';
  if (sep != '\0' && strchr ("/-._", sep) != NULL && text[5] == sep &&
      read_digits (text, 2, &a) && read_digits (text + 3, 2, &b) && read_digits (text + 6, 4, &c))
    {
      if (!valid_date (c, a, b))
        return NULL;
      return g_strdup_printf ("%04u-%02u-%02u", c, a, b);
    }

  /* A full ISO-8601 date-time, as the API itself answers. */
  if (strlen (text) > 10 && lia_ghl_parse_iso_ms (text, &ms))
    {
      g_autofree char *iso = lia_ghl_format_iso_ms (ms);
      return g_strndup (iso, 10);
    }

  return NULL;
}

static const struct {
  const char *region;
  const char *code;
} calling_codes[] = {
  { "US", "1" }, { "CA", "1" }, { "GB", "44" }, { "DE", "49" }, { "FR", "33" }, { "ES", "34" },
  { "AU", "61" }, { "IN", "91" }, { "BR", "55" }, { "NG", "234" }, { "IT", "39" }, { "NL", "31" },
  { "MX", "52" }, { "IE", "353" }, { "NZ", "64" }, { "ZA", "27" },
};

char *
lia_ghl_normalize_phone (const char *text,
                         const char *region)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *code = "1";
  gboolean plus = FALSE;
  const char *p;

  if (text == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (calling_codes); i++)
    if (region != NULL && g_ascii_strcasecmp (region, calling_codes[i].region) == 0)
      code = calling_codes[i].code;

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+')
    {
      plus = TRUE;
      p++;
    }

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (g_ascii_isalpha (*p))
        {
          /* An extension ends the number; other letters make it no number. */
          if (g_ascii_strncasecmp (p, "ext", 3) == 0 || g_ascii_tolower (*p) == 'x')
            break;
          return NULL;
        }
      else if (strchr (" -.()/", *p) == NULL)
        return NULL;
    }

  if (!plus && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      plus = TRUE;
    }

  if (!plus)
    {
      if (g_str_equal (code, "1"))
        {
          if (digits->len == 11 && digits->str[0] == '1')
            g_string_erase (digits, 0, 1);
          if (digits->len != 10)
            return NULL;
        }
      else
        {
          /* A national number with its trunk prefix. */
          if (digits->str[0] == '0')
            g_string_erase (digits, 0, 1);
          if (digits->len < 6 || digits->len > 12)
            return NULL;
        }
      g_string_prepend (digits, code);
    }

  if (digits->len < 8 || digits->len > 15 || digits->str[0] == '0')
    return NULL;

  g_string_prepend_c (digits, '+');
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

gboolean
lia_ghl_is_email (const char *text)
{
  const char *at, *dot;

  if (text == NULL || strchr (text, ' ') != NULL)
    return FALSE;
  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  dot = strrchr (at, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

guint
lia_ghl_str_case_hash (gconstpointer key)
{
  const char *p = key;
  guint32 h = 5381;

  for (; *p != '\0'; p++)
    h = (h << 5) + h + (guint32)g_ascii_tolower (*p);
  return h;
}

gboolean
lia_ghl_str_case_equal (gconstpointer a,
                        gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

gboolean
lia_ghl_contains_casefold (const char *haystack,
                           const char *needle)
{
  g_autofree char *h = NULL;
  g_autofree char *n = NULL;

  if (haystack == NULL || needle == NULL)
    return FALSE;
  h = g_utf8_casefold (haystack, -1);
  n = g_utf8_casefold (needle, -1);
  return strstr (h, n) != NULL;
}

guint
lia_ghl_strv_length (char **strv)
{
  return strv != NULL ? g_strv_length (strv) : 0;
}

gboolean
lia_ghl_strv_contains (char       **strv,
                       const char  *str)
{
  return strv != NULL && g_strv_contains ((const char * const *)strv, str);
}

char **
lia_ghl_strv_add (char       **strv,
                  const char  *str)
{
  guint n = lia_ghl_strv_length (strv);

  if (lia_ghl_strv_contains (strv, str))
    return strv;
  strv = g_renew (char *, strv, n + 2);
  strv[n] = g_strdup (str);
  strv[n + 1] = NULL;
  return strv;
}

char **
lia_ghl_strv_remove (char       **strv,
                     const char  *str)
{
  guint n = lia_ghl_strv_length (strv);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (strv[i], str))
      {
        g_free (strv[i]);
        memmove (&strv[i], &strv[i + 1], (n - i) * sizeof (char *));
        n--;
        break;
      }

  if (n == 0)
    g_clear_pointer (&strv, g_strfreev);
  return strv;
}

JsonArray *
lia_ghl_strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

char **
lia_ghl_strv_from_json (JsonNode *node)
{
  JsonArray *array;
  GPtrArray *out;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;

  out = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_ptr_array_set_free_func (out, g_free);
          g_ptr_array_unref (out);
          return NULL;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (out, FALSE);
}

const char *
lia_ghl_json_get_string (JsonObject *object,
                         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
lia_ghl_json_get_int (JsonObject *object,
                      const char *name,
                      gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);
  return fallback;
}

gboolean
lia_ghl_json_get_bool (JsonObject *object,
                       const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

void
lia_ghl_json_set_string_or_null (JsonObject *object,
                                 const char *name,
                                 const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

void
lia_ghl_json_set_string_if (JsonObject *object,
                            const char *name,
                            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* Dump and load */

static void
set_strv_if (JsonObject  *object,
             const char  *name,
             char       **strv)
{
  if (strv != NULL)
    json_object_set_array_member (object, name, lia_ghl_strv_to_json (strv));
}

JsonObject *
lia_ghl_contact_to_dump (const LiaGhlContact *contact,
                         const char          *location_id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", contact->id);
  json_object_set_string_member (object, "locationId", location_id);
  for (guint i = 0; i < LIA_GHL_N_FIELDS; i++)
    lia_ghl_json_set_string_if (object, field_names[i], contact->str[i]);
  json_object_set_boolean_member (object, "dnd", contact->dnd);
  set_strv_if (object, "tags", contact->tags);
  set_strv_if (object, "followers", contact->followers);
  set_strv_if (object, "additionalEmails", contact->additional_emails);
  set_strv_if (object, "campaigns", contact->campaigns);
  set_strv_if (object, "workflows", contact->workflows);
  if (contact->n_custom > 0)
    {
      JsonArray *custom = json_array_new ();
      g_autofree guint *order = g_new (guint, contact->n_custom);

      /* By field index, so that the dump does not depend on write order. */
      for (guint i = 0; i < contact->n_custom; i++)
        order[i] = i;
      for (guint i = 1; i < contact->n_custom; i++)
        for (guint j = i; j > 0 && contact->custom[order[j - 1]].field > contact->custom[order[j]].field; j--)
          {
            guint t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
          }
      for (guint i = 0; i < contact->n_custom; i++)
        {
          JsonObject *item = json_object_new ();

          json_object_set_int_member (item, "field", contact->custom[order[i]].field);
          json_object_set_string_member (item, "value", contact->custom[order[i]].value);
          json_array_add_object_element (custom, item);
        }
      json_object_set_array_member (object, "custom", custom);
    }
  json_object_set_int_member (object, "dateAdded", contact->date_added);
  json_object_set_int_member (object, "dateUpdated", contact->date_updated);

  if (contact->tasks != NULL)
    {
      JsonArray *tasks = json_array_new ();

      for (guint i = 0; i < contact->tasks->len; i++)
        json_array_add_object_element (tasks, lia_ghl_task_to_json (g_ptr_array_index (contact->tasks, i), NULL));
      json_object_set_array_member (object, "tasks", tasks);
    }
  if (contact->notes != NULL)
    {
      JsonArray *notes = json_array_new ();

      for (guint i = 0; i < contact->notes->len; i++)
        json_array_add_object_element (notes, lia_ghl_note_to_json (g_ptr_array_index (contact->notes, i), NULL));
      json_object_set_array_member (object, "notes", notes);
    }
  if (contact->appointments != NULL)
    {
      JsonArray *appointments = json_array_new ();

      for (guint i = 0; i < contact->appointments->len; i++)
        json_array_add_object_element (appointments,
                                       lia_ghl_appointment_to_json (g_ptr_array_index (contact->appointments, i),
                                                                    NULL, NULL));
      json_object_set_array_member (object, "appointments", appointments);
    }

  return object;
}

LiaGhlContact *
lia_ghl_contact_from_dump (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(LiaGhlContact) contact = lia_ghl_contact_new ();
  JsonNode *node;

  contact->id = g_strdup (lia_ghl_json_get_string (object, "id"));
  if (contact->id == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A contact has no id");
      return NULL;
    }
  for (guint i = 0; i < LIA_GHL_N_FIELDS; i++)
    contact->str[i] = g_strdup (lia_ghl_json_get_string (object, field_names[i]));
  contact->dnd = lia_ghl_json_get_bool (object, "dnd");
  contact->tags = lia_ghl_strv_from_json (json_object_get_member (object, "tags"));
  contact->followers = lia_ghl_strv_from_json (json_object_get_member (object, "followers"));
  contact->additional_emails = lia_ghl_strv_from_json (json_object_get_member (object, "additionalEmails"));
  contact->campaigns = lia_ghl_strv_from_json (json_object_get_member (object, "campaigns"));
  contact->workflows = lia_ghl_strv_from_json (json_object_get_member (object, "workflows"));
  node = json_object_get_member (object, "custom");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *custom = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (custom); i++)
        {
          JsonObject *item = json_array_get_object_element (custom, i);
          const char *value = item != NULL ? lia_ghl_json_get_string (item, "value") : NULL;
          gint64 field = item != NULL ? lia_ghl_json_get_int (item, "field", -1) : -1;

          if (value != NULL && field >= 0 && field < G_MAXUINT16)
            lia_ghl_contact_set_custom (contact, (guint)field, value);
        }
    }
  contact->date_added = lia_ghl_json_get_int (object, "dateAdded", 0);
  contact->date_updated = lia_ghl_json_get_int (object, "dateUpdated", contact->date_added);

  node = json_object_get_member (object, "tasks");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      contact->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_task_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (json_array_get_object_element (array, i) != NULL)
          g_ptr_array_add (contact->tasks, lia_ghl_task_from_json (json_array_get_object_element (array, i)));
    }
  node = json_object_get_member (object, "notes");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      contact->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_note_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (json_array_get_object_element (array, i) != NULL)
          g_ptr_array_add (contact->notes, lia_ghl_note_from_json (json_array_get_object_element (array, i)));
    }
  node = json_object_get_member (object, "appointments");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      contact->appointments = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_appointment_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (json_array_get_object_element (array, i) != NULL)
          g_ptr_array_add (contact->appointments,
                           lia_ghl_appointment_from_json (json_array_get_object_element (array, i)));
    }

  return g_steal_pointer (&contact);
}

JsonObject *
lia_ghl_task_to_json (const LiaGhlTask *task,
                      const char       *contact_id)
{
  JsonObject *object = json_object_new ();
  g_autofree char *due = lia_ghl_format_iso_ms (task->due_date);
  g_autofree char *added = lia_ghl_format_iso_ms (task->date_added);

  json_object_set_string_member (object, "id", task->id);
  json_object_set_string_member (object, "title", task->title != NULL ? task->title : "");
  lia_ghl_json_set_string_if (object, "body", task->body);
  lia_ghl_json_set_string_if (object, "assignedTo", task->assigned_to);
  json_object_set_string_member (object, "dueDate", due);
  json_object_set_boolean_member (object, "completed", task->completed);
  lia_ghl_json_set_string_if (object, "contactId", contact_id);
  json_object_set_string_member (object, "dateAdded", added);

  return object;
}

LiaGhlTask *
lia_ghl_task_from_json (JsonObject *object)
{
  LiaGhlTask *task = lia_ghl_task_new ();

  task->id = g_strdup (lia_ghl_json_get_string (object, "id"));
  task->title = g_strdup (lia_ghl_json_get_string (object, "title"));
  task->body = g_strdup (lia_ghl_json_get_string (object, "body"));
  task->assigned_to = g_strdup (lia_ghl_json_get_string (object, "assignedTo"));
  lia_ghl_parse_iso_ms (lia_ghl_json_get_string (object, "dueDate"), &task->due_date);
  lia_ghl_parse_iso_ms (lia_ghl_json_get_string (object, "dateAdded"), &task->date_added);
  task->completed = lia_ghl_json_get_bool (object, "completed");

  return task;
}

JsonObject *
lia_ghl_note_to_json (const LiaGhlNote *note,
                      const char       *contact_id)
{
  JsonObject *object = json_object_new ();
  g_autofree char *added = lia_ghl_format_iso_ms (note->date_added);

  json_object_set_string_member (object, "id", note->id);
  json_object_set_string_member (object, "body", note->body != NULL ? note->body : "");
  lia_ghl_json_set_string_if (object, "userId", note->user_id);
  json_object_set_string_member (object, "dateAdded", added);
  lia_ghl_json_set_string_if (object, "contactId", contact_id);
  lia_ghl_json_set_string_if (object, "title", note->title);
  lia_ghl_json_set_string_if (object, "color", note->color);
  json_object_set_boolean_member (object, "pinned", note->pinned);

  return object;
}

LiaGhlNote *
lia_ghl_note_from_json (JsonObject *object)
{
  LiaGhlNote *note = lia_ghl_note_new ();

  note->id = g_strdup (lia_ghl_json_get_string (object, "id"));
  note->body = g_strdup (lia_ghl_json_get_string (object, "body"));
  note->user_id = g_strdup (lia_ghl_json_get_string (object, "userId"));
  note->title = g_strdup (lia_ghl_json_get_string (object, "title"));
  note->color = g_strdup (lia_ghl_json_get_string (object, "color"));
  lia_ghl_parse_iso_ms (lia_ghl_json_get_string (object, "dateAdded"), &note->date_added);
  note->pinned = lia_ghl_json_get_bool (object, "pinned");

  return note;
}

/* The spec's examples write appointment times as "2021-07-16 11:00:00". */
static char *
format_event_time (gint64 ms)
{
  g_autofree char *iso = lia_ghl_format_iso_ms (ms);

  iso[10] = ' ';
  iso[19] = '\0';
  return g_strdup (iso);
}

static gint64
parse_event_time (const char *text)
{
  g_autofree char *iso = NULL;
  gint64 ms = 0;

  if (text == NULL || strlen (text) != 19)
    return 0;
  iso = g_strconcat (text, "Z", NULL);
  iso[10] = 'T';
  lia_ghl_parse_iso_ms (iso, &ms);
  return ms;
}

JsonObject *
lia_ghl_appointment_to_json (const LiaGhlAppointment *appointment,
                             const char              *contact_id,
                             const char              *location_id)
{
  JsonObject *object = json_object_new ();
  g_autofree char *start = format_event_time (appointment->start_time);
  g_autofree char *end = format_event_time (appointment->end_time);
  g_autofree char *added = lia_ghl_format_iso_ms (appointment->date_added);
  g_autofree char *updated = lia_ghl_format_iso_ms (appointment->date_updated);
  JsonArray *users = json_array_new ();

  json_object_set_string_member (object, "id", appointment->id);
  json_object_set_string_member (object, "calendarId", appointment->calendar_id);
  json_object_set_string_member (object, "status", appointment->status);
  json_object_set_string_member (object, "title", appointment->title);
  lia_ghl_json_set_string_if (object, "assignedUserId", appointment->assigned_user_id);
  lia_ghl_json_set_string_if (object, "notes", appointment->notes);
  json_object_set_string_member (object, "startTime", start);
  json_object_set_string_member (object, "endTime", end);
  lia_ghl_json_set_string_if (object, "address", appointment->address);
  lia_ghl_json_set_string_if (object, "locationId", location_id);
  lia_ghl_json_set_string_if (object, "contactId", contact_id);
  json_object_set_string_member (object, "appointmentStatus", appointment->appointment_status);
  if (appointment->assigned_user_id != NULL)
    json_array_add_string_element (users, appointment->assigned_user_id);
  json_object_set_array_member (object, "users", users);
  json_object_set_string_member (object, "dateAdded", added);
  json_object_set_string_member (object, "dateUpdated", updated);
  json_object_set_array_member (object, "assignedResources", json_array_new ());

  return object;
}

LiaGhlAppointment *
lia_ghl_appointment_from_json (JsonObject *object)
{
  LiaGhlAppointment *appointment = g_new0 (LiaGhlAppointment, 1);

  appointment->id = g_strdup (lia_ghl_json_get_string (object, "id"));
  appointment->calendar_id = g_strdup (lia_ghl_json_get_string (object, "calendarId"));
  appointment->title = g_strdup (lia_ghl_json_get_string (object, "title"));
  appointment->status = g_strdup (lia_ghl_json_get_string (object, "status"));
  appointment->appointment_status = g_strdup (lia_ghl_json_get_string (object, "appointmentStatus"));
  appointment->assigned_user_id = g_strdup (lia_ghl_json_get_string (object, "assignedUserId"));
  appointment->notes = g_strdup (lia_ghl_json_get_string (object, "notes"));
  appointment->address = g_strdup (lia_ghl_json_get_string (object, "address"));
  appointment->start_time = parse_event_time (lia_ghl_json_get_string (object, "startTime"));
  appointment->end_time = parse_event_time (lia_ghl_json_get_string (object, "endTime"));
  lia_ghl_parse_iso_ms (lia_ghl_json_get_string (object, "dateAdded"), &appointment->date_added);
  lia_ghl_parse_iso_ms (lia_ghl_json_get_string (object, "dateUpdated"), &appointment->date_updated);

  return appointment;
}
