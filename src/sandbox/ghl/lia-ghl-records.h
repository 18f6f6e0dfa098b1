/* lia-ghl-records.h: the HighLevel emulator's records, as compact C structs
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The contact's string fields, by their API names. One array in the record
 * keeps copying, dumping, loading and filtering generic. */
typedef enum
{
  LIA_GHL_F_FIRST_NAME,
  LIA_GHL_F_LAST_NAME,
  LIA_GHL_F_EMAIL,
  LIA_GHL_F_PHONE,
  LIA_GHL_F_COMPANY_NAME,
  LIA_GHL_F_ADDRESS1,
  LIA_GHL_F_CITY,
  LIA_GHL_F_STATE,
  LIA_GHL_F_POSTAL_CODE,
  LIA_GHL_F_COUNTRY,
  LIA_GHL_F_WEBSITE,
  LIA_GHL_F_TIMEZONE,
  LIA_GHL_F_SOURCE,
  LIA_GHL_F_TYPE,
  LIA_GHL_F_ASSIGNED_TO,
  LIA_GHL_F_BUSINESS_ID,
  LIA_GHL_F_DATE_OF_BIRTH,   /* YYYY-MM-DD */
  LIA_GHL_F_GENDER,
  LIA_GHL_F_KEYWORD,
  LIA_GHL_F_SSN,
  LIA_GHL_F_DND_SETTINGS,    /* JSON text of the object */
  LIA_GHL_F_INBOUND_DND,     /* JSON text of the object */
  LIA_GHL_N_FIELDS
} LiaGhlField;

/* The API name of a string field ("firstName"). */
const char          *lia_ghl_field_name                   (LiaGhlField         field);
/* -1 when @name is not one. */
int                  lia_ghl_field_from_name              (const char         *name);

typedef enum
{
  LIA_GHL_CF_TEXT,
  LIA_GHL_CF_LARGE_TEXT,
  LIA_GHL_CF_NUMERICAL,
  LIA_GHL_CF_MONETORY,
  LIA_GHL_CF_SINGLE_OPTIONS,
  LIA_GHL_CF_MULTIPLE_OPTIONS,
  LIA_GHL_CF_CHECKBOX,
  LIA_GHL_CF_DATE,
} LiaGhlDataType;

const char          *lia_ghl_data_type_name               (LiaGhlDataType      type);
int                  lia_ghl_data_type_from_name          (const char         *name);

typedef struct
{
  char           *id;
  char           *name;
  char           *key;          /* "mojo_user_id"; the fieldKey is "contact." + key */
  char           *placeholder;
  LiaGhlDataType  data_type;
  guint           position;
  char          **options;      /* picklist options, NULL-terminated; NULL for none */
  char           *location_id;
} LiaGhlCustomField;

void                 lia_ghl_custom_field_free            (LiaGhlCustomField  *field);
JsonObject          *lia_ghl_custom_field_to_json         (const LiaGhlCustomField *field) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  guint16  field;   /* index into the store's custom fields */
  char    *value;   /* JSON text of the value: "\"x\"", "12.5", "[\"a\"]" */
} LiaGhlCustomValue;

typedef struct
{
  char    *id;
  char    *title;
  char    *body;
  char    *assigned_to;
  gint64   due_date;     /* ms */
  gint64   date_added;   /* ms */
  gboolean completed;
} LiaGhlTask;

LiaGhlTask          *lia_ghl_task_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_ghl_task_free                    (LiaGhlTask         *task);

typedef struct
{
  char    *id;
  char    *body;
  char    *user_id;
  char    *title;
  char    *color;
  gint64   date_added;   /* ms */
  gboolean pinned;
} LiaGhlNote;

LiaGhlNote          *lia_ghl_note_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_ghl_note_free                    (LiaGhlNote         *note);

typedef struct
{
  char    *id;
  char    *calendar_id;
  char    *title;
  char    *status;              /* "confirmed", "cancelled", … */
  char    *appointment_status;  /* "booked", "confirmed", … */
  char    *assigned_user_id;
  char    *notes;
  char    *address;
  gint64   start_time;          /* ms */
  gint64   end_time;            /* ms */
  gint64   date_added;          /* ms */
  gint64   date_updated;        /* ms */
} LiaGhlAppointment;

void                 lia_ghl_appointment_free             (LiaGhlAppointment  *appointment);

typedef struct _LiaGhlContact LiaGhlContact;

struct _LiaGhlContact
{
  char              *id;
  guint8             location;      /* index into the store's locations */
  guint              dnd : 1;
  guint              deleted : 1;   /* a tombstone the search view still shows */
  guint              has_shadow : 1;
  char              *str[LIA_GHL_N_FIELDS];
  char             **tags;          /* NULL-terminated or NULL */
  char             **followers;
  char             **additional_emails;
  char             **campaigns;
  char             **workflows;
  LiaGhlCustomValue *custom;
  guint              n_custom;
  GPtrArray         *tasks;         /* (element-type LiaGhlTask) or NULL */
  GPtrArray         *notes;         /* (element-type LiaGhlNote) or NULL */
  GPtrArray         *appointments;  /* (element-type LiaGhlAppointment) or NULL */
  gint64             date_added;    /* ms */
  gint64             date_updated;  /* ms */
  gint64             written_at;    /* µs of the clock at the last write; 0 for seed data */
  LiaGhlContact     *shadow;        /* with has_shadow: the version search sees until the lag passed (NULL: none) */
};

LiaGhlContact       *lia_ghl_contact_new                  (void) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_ghl_contact_free                 (LiaGhlContact      *contact);
/* A copy of the fields a search sees (no tasks, notes, appointments, shadow). */
LiaGhlContact       *lia_ghl_contact_copy_fields          (const LiaGhlContact *contact) G_GNUC_WARN_UNUSED_RESULT;
/* Exchanges every field search sees between @a and @b (not id, location, tasks…). */
void                 lia_ghl_contact_swap_fields          (LiaGhlContact      *a,
                                                           LiaGhlContact      *b);
const char          *lia_ghl_contact_get                  (const LiaGhlContact *contact,
                                                           LiaGhlField         field);
void                 lia_ghl_contact_set                  (LiaGhlContact      *contact,
                                                           LiaGhlField         field,
                                                           const char         *value);
/* "First Last", trimmed; NULL when both are unset. */
char                *lia_ghl_contact_full_name            (const LiaGhlContact *contact) G_GNUC_WARN_UNUSED_RESULT;
/* The stored value of custom field @field, or NULL. */
const char          *lia_ghl_contact_get_custom           (const LiaGhlContact *contact,
                                                           guint               field);
/* @value_json NULL removes it. */
void                 lia_ghl_contact_set_custom           (LiaGhlContact      *contact,
                                                           guint               field,
                                                           const char         *value_json);

/* Time and text helpers. */

/* "2026-01-05T09:00:00.000Z" */
char                *lia_ghl_format_iso_ms                (gint64              ms) G_GNUC_WARN_UNUSED_RESULT;
/* ISO-8601 (with or without time) to ms; FALSE when it is not one. */
gboolean             lia_ghl_parse_iso_ms                 (const char         *text,
                                                           gint64             *ms);
/* A date of birth in one of the accepted formats (YYYY/MM/DD, MM-DD-YYYY, …)
 * to "YYYY-MM-DD"; NULL when it is not one. */
char                *lia_ghl_parse_birth_date             (const char         *text) G_GNUC_WARN_UNUSED_RESULT;
/* E.164 when parseable ("+14155550100"), using @region ("US", "GB"…; NULL: US)
 * for national numbers; NULL when not a phone number. */
char                *lia_ghl_normalize_phone              (const char         *text,
                                                           const char         *region) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when @text looks like an e-mail address. */
gboolean             lia_ghl_is_email                     (const char         *text);
/* ASCII case-insensitive hash and equality, for the e-mail index. */
guint                lia_ghl_str_case_hash                (gconstpointer       key);
gboolean             lia_ghl_str_case_equal               (gconstpointer       a,
                                                           gconstpointer       b);
/* Case-insensitive (UTF-8 casefold) substring test. */
gboolean             lia_ghl_contains_casefold            (const char         *haystack,
                                                           const char         *needle);
/* NULL-terminated string arrays. */
guint                lia_ghl_strv_length                  (char              **strv);
gboolean             lia_ghl_strv_contains                (char              **strv,
                                                           const char         *str);
/* Appends @str unless present; returns the new array (may move). */
char               **lia_ghl_strv_add                     (char              **strv,
                                                           const char         *str);
/* Removes @str if present; returns the array, NULL when it becomes empty. */
char               **lia_ghl_strv_remove                  (char              **strv,
                                                           const char         *str);
JsonArray           *lia_ghl_strv_to_json                 (char              **strv) G_GNUC_WARN_UNUSED_RESULT;
/* NULL for an empty or missing array, or one holding non-strings. */
char               **lia_ghl_strv_from_json               (JsonNode           *node) G_GNUC_WARN_UNUSED_RESULT;

/* Dump and load of one record (the sandbox's own shape, not the API's). */
JsonObject          *lia_ghl_contact_to_dump              (const LiaGhlContact *contact,
                                                           const char         *location_id) G_GNUC_WARN_UNUSED_RESULT;
LiaGhlContact       *lia_ghl_contact_from_dump            (JsonObject         *object,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject          *lia_ghl_task_to_json                 (const LiaGhlTask   *task,
                                                           const char         *contact_id) G_GNUC_WARN_UNUSED_RESULT;
LiaGhlTask          *lia_ghl_task_from_json               (JsonObject         *object) G_GNUC_WARN_UNUSED_RESULT;
JsonObject          *lia_ghl_note_to_json                 (const LiaGhlNote   *note,
                                                           const char         *contact_id) G_GNUC_WARN_UNUSED_RESULT;
LiaGhlNote          *lia_ghl_note_from_json               (JsonObject         *object) G_GNUC_WARN_UNUSED_RESULT;
JsonObject          *lia_ghl_appointment_to_json          (const LiaGhlAppointment *appointment,
                                                           const char         *contact_id,
                                                           const char         *location_id) G_GNUC_WARN_UNUSED_RESULT;
LiaGhlAppointment   *lia_ghl_appointment_from_json        (JsonObject         *object) G_GNUC_WARN_UNUSED_RESULT;

/* Member access that tolerates missing members and wrong types. */
const char          *lia_ghl_json_get_string              (JsonObject         *object,
                                                           const char         *name);
gint64               lia_ghl_json_get_int                 (JsonObject         *object,
                                                           const char         *name,
                                                           gint64              fallback);
gboolean             lia_ghl_json_get_bool                (JsonObject         *object,
                                                           const char         *name);
/* Sets @name to @value, or to null when @value is NULL. */
void                 lia_ghl_json_set_string_or_null      (JsonObject         *object,
                                                           const char         *name,
                                                           const char         *value);
/* Sets @name to @value only when @value is not NULL. */
void                 lia_ghl_json_set_string_if           (JsonObject         *object,
                                                           const char         *name,
                                                           const char         *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaGhlContact, lia_ghl_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaGhlTask, lia_ghl_task_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaGhlNote, lia_ghl_note_free)

G_END_DECLS
