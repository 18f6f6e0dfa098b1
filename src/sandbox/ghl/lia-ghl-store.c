/* lia-ghl-store.c: the HighLevel emulator's data and its indexes
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlStore"

#include "config.h"

#include <string.h>

#include "lia-ghl-store.h"

/* Auxiliary functions */

static void
location_free (LiaGhlLocation *location)
{
  g_free (location->id);
  g_free (location->name);
  g_free (location->company_id);
  g_free (location->email);
  g_free (location->phone);
  g_free (location->address);
  g_free (location->city);
  g_free (location->state);
  g_free (location->country);
  g_free (location->postal_code);
  g_free (location->timezone);
  g_hash_table_unref (location->by_email);
  g_hash_table_unref (location->by_phone);
  g_free (location);
}

static LiaGhlLocation *
location_new (void)
{
  LiaGhlLocation *location = g_new0 (LiaGhlLocation, 1);

  location->active = TRUE;
  location->by_email = g_hash_table_new (lia_ghl_str_case_hash, lia_ghl_str_case_equal);
  location->by_phone = g_hash_table_new (g_str_hash, g_str_equal);
  return location;
}

static void
named_free (LiaGhlNamed *named)
{
  g_free (named->id);
  g_free (named->name);
  g_free (named->location_id);
  g_free (named->extra);
  g_free (named);
}

static LiaGhlNamed *
named_new (const char *id,
           const char *name,
           const char *location_id,
           const char *extra)
{
  LiaGhlNamed *named = g_new0 (LiaGhlNamed, 1);

  named->id = g_strdup (id);
  named->name = g_strdup (name);
  named->location_id = g_strdup (location_id);
  named->extra = g_strdup (extra);
  return named;
}

static LiaGhlNamed *
add_named (GPtrArray     *records,
           LiaSandboxRng *rng,
           const char    *name,
           const char    *location_id,
           const char    *extra)
{
  g_autofree char *id = lia_sandbox_rng_id (rng, 20);
  LiaGhlNamed *named = named_new (id, name, location_id, extra);

  g_ptr_array_add (records, named);
  return named;
}

static void
index_contact (LiaGhlStore   *store,
               LiaGhlContact *contact)
{
  LiaGhlLocation *location = g_ptr_array_index (store->locations, contact->location);
  const char *email = contact->str[LIA_GHL_F_EMAIL];
  const char *phone = contact->str[LIA_GHL_F_PHONE];

  if (email != NULL && !g_hash_table_contains (location->by_email, email))
    g_hash_table_insert (location->by_email, (gpointer)email, contact);
  if (phone != NULL && phone[0] == '+' && !g_hash_table_contains (location->by_phone, phone))
    g_hash_table_insert (location->by_phone, (gpointer)phone, contact);
}

/* After @contact left the index for @key, another contact may hold the key. */
static void
refill_index (LiaGhlStore   *store,
              GHashTable    *index,
              LiaGhlField    field,
              LiaGhlContact *leaving)
{
  const char *key = leaving->str[field];

  if (key == NULL || g_hash_table_lookup (index, key) != leaving)
    return;

  g_hash_table_remove (index, key);
  for (guint i = 0; i < store->contacts->len; i++)
    {
      LiaGhlContact *other = g_ptr_array_index (store->contacts, i);

      if (other != leaving && !other->deleted && other->location == leaving->location &&
          other->str[field] != NULL &&
          (field == LIA_GHL_F_EMAIL ? lia_ghl_str_case_equal (other->str[field], key)
                                    : g_str_equal (other->str[field], key)))
        {
          g_hash_table_insert (index, other->str[field], other);
          break;
        }
    }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const LiaGhlContact *ca = *(LiaGhlContact * const *)a;
  const LiaGhlContact *cb = *(LiaGhlContact * const *)b;

  if (ca->date_added != cb->date_added)
    return ca->date_added > cb->date_added ? -1 : 1;
  return -strcmp (ca->id, cb->id);
}

/* Demo data */

static const char * const user_names[][2] = {
  { "Avery", "Stone" }, { "Jordan", "Reyes" }, { "Sam", "Okoye" }, { "Riley", "Chen" },
};

static const char * const main_tags[] = {
  "customer", "vip", "newsletter", "lead", "support", "trial", "churn-risk",
};

static const char * const sources[] = {
  "website", "referral", "facebook", "google ads", "walk-in", "import",
};

static const char * const task_titles[] = {
  "Call back about the invoice", "Send the onboarding pack", "Follow up on the support ticket",
  "Book the yearly review", "Confirm the new address",
};

static const char * const note_bodies[] = {
  "Prefers e-mail over phone calls.", "Asked about the premium plan.",
  "Had trouble logging in last week; solved by a password reset.",
  "Wants to be called after 5 pm.", "Referred two friends.",
};

static const char * const second_names[][2] = {
  { "Morgan", "Blake" }, { "Casey", "Fraser" }, { "Dana", "Whitfield" }, { "Jamie", "Lowe" },
  { "Robin", "Hartley" },
};

typedef struct
{
  const char     *key;
  const char     *name;
  LiaGhlDataType  type;
  const char     *options;   /* "|"-separated */
} FieldDef;

static const FieldDef field_defs[] = {
  { "mojo_user_id", "Mojo user ID", LIA_GHL_CF_TEXT, NULL },
  { "support_notes", "Support notes", LIA_GHL_CF_LARGE_TEXT, NULL },
  { "tickets_opened", "Tickets opened", LIA_GHL_CF_NUMERICAL, NULL },
  { "lifetime_value", "Lifetime value", LIA_GHL_CF_MONETORY, NULL },
  { "plan", "Plan", LIA_GHL_CF_SINGLE_OPTIONS, "Free|Pro|Enterprise" },
  { "products", "Products", LIA_GHL_CF_MULTIPLE_OPTIONS, "Helpdesk|CRM|Phone|Chat" },
  { "contact_preferences", "Contact preferences", LIA_GHL_CF_CHECKBOX, "E-mail|Phone|SMS" },
  { "renewal_date", "Renewal date", LIA_GHL_CF_DATE, NULL },
};

static void
add_custom_field (LiaGhlStore    *store,
                  LiaSandboxRng  *rng,
                  const FieldDef *def,
                  const char     *location_id,
                  guint           position)
{
  LiaGhlCustomField *field = g_new0 (LiaGhlCustomField, 1);

  field->id = lia_sandbox_rng_id (rng, 20);
  field->name = g_strdup (def->name);
  field->key = g_strdup (def->key);
  field->placeholder = g_strdup (def->name);
  field->data_type = def->type;
  field->position = position;
  field->options = def->options != NULL ? g_strsplit (def->options, "|", -1) : NULL;
  field->location_id = g_strdup (location_id);
  g_ptr_array_add (store->custom_fields, field);
}

static char *
random_custom_value (LiaSandboxRng           *rng,
                     const LiaGhlCustomField *field)
{
  g_autoptr(JsonNode) node = NULL;

  switch (field->data_type)
    {
    case LIA_GHL_CF_TEXT:
      node = json_node_init_string (json_node_alloc (), "imported");
      break;
    case LIA_GHL_CF_LARGE_TEXT:
      node = json_node_init_string (json_node_alloc (),
                                    lia_sandbox_rng_pick (rng, note_bodies, G_N_ELEMENTS (note_bodies)));
      break;
    case LIA_GHL_CF_NUMERICAL:
      node = json_node_init_int (json_node_alloc (), lia_sandbox_rng_below (rng, 40));
      break;
    case LIA_GHL_CF_MONETORY:
      node = json_node_init_int (json_node_alloc (), 10 * lia_sandbox_rng_below (rng, 500));
      break;
    case LIA_GHL_CF_SINGLE_OPTIONS:
      node = json_node_init_string (json_node_alloc (),
                                    field->options[lia_sandbox_rng_below (rng, g_strv_length (field->options))]);
      break;
    case LIA_GHL_CF_MULTIPLE_OPTIONS:
    case LIA_GHL_CF_CHECKBOX:
      {
        JsonArray *array = json_array_new ();

        json_array_add_string_element (array, field->options[0]);
        if (lia_sandbox_rng_chance (rng, 50))
          json_array_add_string_element (array, field->options[1]);
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
      }
      break;
    case LIA_GHL_CF_DATE:
    default:
      {
        g_autofree char *iso = lia_ghl_format_iso_ms ((LIA_SANDBOX_EPOCH + 86400 * (gint64)lia_sandbox_rng_below (rng, 365)) * 1000);

        iso[10] = '\0';
        node = json_node_init_string (json_node_alloc (), iso);
      }
      break;
    }

  return json_to_string (node, FALSE);
}

static void
add_demo_records (LiaSandboxRng *rng,
                  LiaGhlStore   *store,
                  LiaGhlContact *contact)
{
  gint64 base = contact->date_added;

  if (lia_sandbox_rng_chance (rng, 8))
    {
      guint n = 1 + lia_sandbox_rng_below (rng, 2);

      contact->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_task_free);
      for (guint i = 0; i < n; i++)
        {
          LiaGhlTask *task = lia_ghl_task_new ();
          LiaGhlNamed *user = g_ptr_array_index (store->users, lia_sandbox_rng_below (rng, store->users->len));

          task->id = lia_sandbox_rng_id (rng, 20);
          task->title = g_strdup (lia_sandbox_rng_pick (rng, task_titles, G_N_ELEMENTS (task_titles)));
          task->body = g_strdup ("Created by the demo data.");
          task->assigned_to = g_strdup (user->id);
          task->date_added = base + 3600000 * (gint64)(1 + i);
          task->due_date = LIA_SANDBOX_EPOCH * 1000 + 86400000 * ((gint64)lia_sandbox_rng_below (rng, 60) - 20);
          task->completed = lia_sandbox_rng_chance (rng, 40);
          g_ptr_array_add (contact->tasks, task);
        }
    }

  if (lia_sandbox_rng_chance (rng, 8))
    {
      guint n = 1 + lia_sandbox_rng_below (rng, 2);

      contact->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_note_free);
      for (guint i = 0; i < n; i++)
        {
          LiaGhlNote *note = lia_ghl_note_new ();
          LiaGhlNamed *user = g_ptr_array_index (store->users, lia_sandbox_rng_below (rng, store->users->len));

          note->id = lia_sandbox_rng_id (rng, 20);
          note->body = g_strdup (lia_sandbox_rng_pick (rng, note_bodies, G_N_ELEMENTS (note_bodies)));
          note->user_id = g_strdup (user->id);
          note->date_added = base + 7200000 * (gint64)(1 + i);
          note->pinned = lia_sandbox_rng_chance (rng, 10);
          g_ptr_array_add (contact->notes, note);
        }
    }

  if (lia_sandbox_rng_chance (rng, 3))
    {
      LiaGhlAppointment *appointment = g_new0 (LiaGhlAppointment, 1);
      LiaGhlNamed *user = g_ptr_array_index (store->users, lia_sandbox_rng_below (rng, store->users->len));
      gint64 start = (LIA_SANDBOX_EPOCH + 3600 * ((gint64)lia_sandbox_rng_below (rng, 24 * 60) - 24 * 20)) * 1000;

      appointment->id = lia_sandbox_rng_id (rng, 20);
      appointment->calendar_id = lia_sandbox_rng_id (rng, 20);
      appointment->title = g_strdup ("Consultation");
      appointment->status = g_strdup ("confirmed");
      appointment->appointment_status = g_strdup (lia_sandbox_rng_chance (rng, 70) ? "confirmed" : "booked");
      appointment->assigned_user_id = g_strdup (user->id);
      appointment->notes = g_strdup ("Booked online.");
      appointment->address = g_strdup ("Zoom");
      appointment->start_time = start - start % 3600000;
      appointment->end_time = appointment->start_time + 1800000;
      appointment->date_added = base;
      appointment->date_updated = base;
      contact->appointments = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_appointment_free);
      g_ptr_array_add (contact->appointments, appointment);
    }
}

static LiaGhlNamed *
business_for_company (LiaGhlStore   *store,
                      LiaSandboxRng *rng,
                      const char    *company,
                      const char    *location_id)
{
  for (guint i = 0; i < store->businesses->len; i++)
    {
      LiaGhlNamed *business = g_ptr_array_index (store->businesses, i);

      if (g_str_equal (business->name, company) && g_str_equal (business->location_id, location_id))
        return business;
    }
  return add_named (store->businesses, rng, company, location_id, NULL);
}

static void
decorate_contact (LiaGhlStore   *store,
                  LiaSandboxRng *rng,
                  LiaGhlContact *contact,
                  const char    *location_id,
                  gboolean       main_location)
{
  contact->str[LIA_GHL_F_SOURCE] = g_strdup (lia_sandbox_rng_pick (rng, sources, G_N_ELEMENTS (sources)));
  contact->str[LIA_GHL_F_TYPE] = g_strdup (lia_sandbox_rng_chance (rng, 70) ? "customer" : "lead");
  contact->dnd = lia_sandbox_rng_chance (rng, 5);

  for (guint i = 0; i < store->tags->len; i++)
    {
      LiaGhlNamed *tag = g_ptr_array_index (store->tags, i);

      if (g_str_equal (tag->location_id, location_id) && lia_sandbox_rng_chance (rng, 12))
        contact->tags = lia_ghl_strv_add (contact->tags, tag->name);
    }

  if (lia_sandbox_rng_chance (rng, 30))
    {
      LiaGhlNamed *user = g_ptr_array_index (store->users, lia_sandbox_rng_below (rng, store->users->len));

      contact->str[LIA_GHL_F_ASSIGNED_TO] = g_strdup (user->id);
    }
  if (lia_sandbox_rng_chance (rng, 5))
    {
      LiaGhlNamed *user = g_ptr_array_index (store->users, lia_sandbox_rng_below (rng, store->users->len));

      contact->followers = lia_ghl_strv_add (contact->followers, user->id);
    }

  if (!main_location)
    return;

  for (guint f = 0; f < store->custom_fields->len; f++)
    {
      LiaGhlCustomField *field = g_ptr_array_index (store->custom_fields, f);

      /* mojo_user_id is what the app writes: the demo data leaves it empty. */
      if (g_str_equal (field->location_id, location_id) && !g_str_equal (field->key, "mojo_user_id") &&
          lia_sandbox_rng_chance (rng, 15))
        {
          g_autofree char *value = random_custom_value (rng, field);

          lia_ghl_contact_set_custom (contact, f, value);
        }
    }

  for (guint i = 0; i < store->campaigns->len; i++)
    if (lia_sandbox_rng_chance (rng, 3))
      contact->campaigns = lia_ghl_strv_add (contact->campaigns, ((LiaGhlNamed *)g_ptr_array_index (store->campaigns, i))->id);
  for (guint i = 0; i < store->workflows->len; i++)
    if (lia_sandbox_rng_chance (rng, 3))
      contact->workflows = lia_ghl_strv_add (contact->workflows, ((LiaGhlNamed *)g_ptr_array_index (store->workflows, i))->id);

  add_demo_records (rng, store, contact);
}

/* Public API */

LiaGhlStore *
lia_ghl_store_new (void)
{
  LiaGhlStore *store = g_new0 (LiaGhlStore, 1);

  store->locations = g_ptr_array_new_with_free_func ((GDestroyNotify)location_free);
  store->users = g_ptr_array_new_with_free_func ((GDestroyNotify)named_free);
  store->custom_fields = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_custom_field_free);
  store->tags = g_ptr_array_new_with_free_func ((GDestroyNotify)named_free);
  store->campaigns = g_ptr_array_new_with_free_func ((GDestroyNotify)named_free);
  store->workflows = g_ptr_array_new_with_free_func ((GDestroyNotify)named_free);
  store->businesses = g_ptr_array_new_with_free_func ((GDestroyNotify)named_free);
  store->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify)lia_ghl_contact_free);
  store->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return store;
}

void
lia_ghl_store_free (LiaGhlStore *store)
{
  if (store == NULL)
    return;

  g_clear_pointer (&store->by_date, g_ptr_array_unref);
  g_hash_table_unref (store->by_id);
  g_ptr_array_unref (store->locations);
  g_ptr_array_unref (store->contacts);
  g_ptr_array_unref (store->users);
  g_ptr_array_unref (store->custom_fields);
  g_ptr_array_unref (store->tags);
  g_ptr_array_unref (store->campaigns);
  g_ptr_array_unref (store->workflows);
  g_ptr_array_unref (store->businesses);
  g_free (store);
}

void
lia_ghl_store_generate (LiaGhlStore   *store,
                        LiaSandboxRng *rng,
                        GPtrArray     *people,
                        const char    *location_id)
{
  LiaGhlLocation *main_location = location_new ();
  LiaGhlLocation *second = location_new ();
  g_autofree char *company_id = lia_sandbox_rng_id (rng, 20);

  main_location->id = g_strdup (location_id);
  main_location->name = g_strdup ("Liaison Demo Studio");
  main_location->company_id = g_strdup (company_id);
  main_location->email = g_strdup ("hello@liaison-demo.example");
  main_location->phone = g_strdup ("+14155550100");
  main_location->address = g_strdup ("1 Market Street");
  main_location->city = g_strdup ("San Francisco");
  main_location->state = g_strdup ("CA");
  main_location->country = g_strdup ("US");
  main_location->postal_code = g_strdup ("94105");
  main_location->timezone = g_strdup ("America/Los_Angeles");
  g_ptr_array_add (store->locations, main_location);

  second->id = lia_sandbox_rng_id (rng, 20);
  second->name = g_strdup ("Liaison Demo Annex");
  second->company_id = g_strdup (company_id);
  second->email = g_strdup ("annex@liaison-demo.example");
  second->phone = g_strdup ("+442079460000");
  second->address = g_strdup ("10 Downing Lane");
  second->city = g_strdup ("London");
  second->state = g_strdup ("London");
  second->country = g_strdup ("GB");
  second->postal_code = g_strdup ("SW1A 2AA");
  second->timezone = g_strdup ("Europe/London");
  g_ptr_array_add (store->locations, second);

  for (guint i = 0; i < G_N_ELEMENTS (user_names); i++)
    {
      g_autofree char *name = g_strconcat (user_names[i][0], " ", user_names[i][1], NULL);
      g_autofree char *email = g_ascii_strdown (user_names[i][0], -1);
      g_autofree char *address = g_strconcat (email, "@liaison-demo.example", NULL);

      add_named (store->users, rng, name, location_id, address);
    }

  for (guint i = 0; i < G_N_ELEMENTS (field_defs); i++)
    add_custom_field (store, rng, &field_defs[i], location_id, i * 50);
  add_custom_field (store, rng, &field_defs[0], second->id, 0);

  for (guint i = 0; i < G_N_ELEMENTS (main_tags); i++)
    add_named (store->tags, rng, main_tags[i], location_id, NULL);
  add_named (store->tags, rng, "annex", second->id, NULL);

  add_named (store->campaigns, rng, "Welcome series", location_id, "published");
  add_named (store->campaigns, rng, "Winter promotion", location_id, "published");
  add_named (store->campaigns, rng, "Win-back", location_id, "draft");
  add_named (store->workflows, rng, "New lead follow-up", location_id, "published");
  add_named (store->workflows, rng, "Appointment reminders", location_id, "published");
  add_named (store->workflows, rng, "Support escalation", location_id, "draft");

  for (guint i = 0; i < people->len; i++)
    {
      const LiaSandboxPerson *person = g_ptr_array_index (people, i);
      LiaGhlContact *contact;

      if (!person->in_crm)
        continue;

      contact = lia_ghl_contact_new ();
      contact->id = lia_sandbox_rng_id (rng, 20);
      contact->location = 0;
      contact->str[LIA_GHL_F_FIRST_NAME] = g_strdup (person->first_name);
      contact->str[LIA_GHL_F_LAST_NAME] = g_strdup (person->last_name);
      contact->str[LIA_GHL_F_EMAIL] = g_strdup (person->crm_email);
      if (person->crm_phone != NULL)
        {
          char *phone = lia_ghl_normalize_phone (person->crm_phone, person->region);

          contact->str[LIA_GHL_F_PHONE] = phone != NULL ? phone : g_strdup (person->crm_phone);
        }
      contact->str[LIA_GHL_F_COMPANY_NAME] = g_strdup (person->company);
      contact->str[LIA_GHL_F_COUNTRY] = g_strdup (person->country);
      if (person->company != NULL)
        {
          LiaGhlNamed *business = business_for_company (store, rng, person->company, location_id);

          contact->str[LIA_GHL_F_BUSINESS_ID] = g_strdup (business->id);
        }
      contact->date_added = person->created_at * 1000 + lia_sandbox_rng_below (rng, 1000);
      contact->date_updated = MAX (person->updated_at * 1000 + lia_sandbox_rng_below (rng, 1000),
                                   contact->date_added);
      decorate_contact (store, rng, contact, location_id, TRUE);
      lia_ghl_store_add (store, contact);
    }

  /* A few contacts in the second location, for the tests of access to it. */
  for (guint i = 0; i < G_N_ELEMENTS (second_names); i++)
    {
      LiaGhlContact *contact = lia_ghl_contact_new ();
      g_autofree char *first = g_ascii_strdown (second_names[i][0], -1);
      g_autofree char *last = g_ascii_strdown (second_names[i][1], -1);

      contact->id = lia_sandbox_rng_id (rng, 20);
      contact->location = 1;
      contact->str[LIA_GHL_F_FIRST_NAME] = g_strdup (second_names[i][0]);
      contact->str[LIA_GHL_F_LAST_NAME] = g_strdup (second_names[i][1]);
      contact->str[LIA_GHL_F_EMAIL] = g_strdup_printf ("%s.%s@annex.example", first, last);
      contact->str[LIA_GHL_F_PHONE] = g_strdup_printf ("+44770090%04u", lia_sandbox_rng_below (rng, 10000));
      contact->str[LIA_GHL_F_COUNTRY] = g_strdup ("GB");
      contact->date_added = (LIA_SANDBOX_EPOCH - 86400 * (gint64)(30 + i)) * 1000;
      contact->date_updated = contact->date_added;
      decorate_contact (store, rng, contact, second->id, FALSE);
      lia_ghl_store_add (store, contact);
    }
}

LiaGhlLocation *
lia_ghl_store_get_location (LiaGhlStore *store,
                            guint        index)
{
  g_return_val_if_fail (index < store->locations->len, NULL);

  return g_ptr_array_index (store->locations, index);
}

int
lia_ghl_store_find_location (LiaGhlStore *store,
                             const char  *location_id)
{
  for (guint i = 0; location_id != NULL && i < store->locations->len; i++)
    if (g_str_equal (((LiaGhlLocation *)g_ptr_array_index (store->locations, i))->id, location_id))
      return (int)i;
  return -1;
}

LiaGhlContact *
lia_ghl_store_lookup (LiaGhlStore *store,
                      const char  *contact_id)
{
  return contact_id != NULL ? g_hash_table_lookup (store->by_id, contact_id) : NULL;
}

int
lia_ghl_store_find_custom_field (LiaGhlStore *store,
                                 const char  *location_id,
                                 const char  *id_or_key)
{
  const char *key = id_or_key;

  if (id_or_key == NULL)
    return -1;
  if (g_str_has_prefix (key, "contact."))
    key += strlen ("contact.");

  for (guint i = 0; i < store->custom_fields->len; i++)
    {
      LiaGhlCustomField *field = g_ptr_array_index (store->custom_fields, i);

      if (g_str_equal (field->location_id, location_id) &&
          (g_str_equal (field->id, id_or_key) || g_str_equal (field->key, key)))
        return (int)i;
    }
  return -1;
}

LiaGhlNamed *
lia_ghl_store_find_named (GPtrArray  *records,
                          const char *id)
{
  for (guint i = 0; id != NULL && i < records->len; i++)
    if (g_str_equal (((LiaGhlNamed *)g_ptr_array_index (records, i))->id, id))
      return g_ptr_array_index (records, i);
  return NULL;
}

LiaGhlNamed *
lia_ghl_store_ensure_tag (LiaGhlStore *store,
                          const char  *location_id,
                          const char  *name,
                          const char  *new_id)
{
  LiaGhlNamed *tag;

  for (guint i = 0; i < store->tags->len; i++)
    {
      tag = g_ptr_array_index (store->tags, i);
      if (g_str_equal (tag->location_id, location_id) && g_str_equal (tag->name, name))
        return tag;
    }

  tag = named_new (new_id, name, location_id, NULL);
  g_ptr_array_add (store->tags, tag);
  return tag;
}

void
lia_ghl_store_add (LiaGhlStore   *store,
                   LiaGhlContact *contact)
{
  g_ptr_array_add (store->contacts, contact);
  g_hash_table_insert (store->by_id, contact->id, contact);
  index_contact (store, contact);
  g_clear_pointer (&store->by_date, g_ptr_array_unref);
}

void
lia_ghl_store_unindex (LiaGhlStore   *store,
                       LiaGhlContact *contact)
{
  LiaGhlLocation *location = g_ptr_array_index (store->locations, contact->location);

  refill_index (store, location->by_email, LIA_GHL_F_EMAIL, contact);
  refill_index (store, location->by_phone, LIA_GHL_F_PHONE, contact);
}

void
lia_ghl_store_reindex (LiaGhlStore   *store,
                       LiaGhlContact *contact)
{
  index_contact (store, contact);
}

void
lia_ghl_store_rekey (LiaGhlStore   *store,
                     LiaGhlContact *contact)
{
  LiaGhlLocation *location = g_ptr_array_index (store->locations, contact->location);
  char *email = contact->str[LIA_GHL_F_EMAIL];
  char *phone = contact->str[LIA_GHL_F_PHONE];

  if (email != NULL && g_hash_table_lookup (location->by_email, email) == contact)
    g_hash_table_replace (location->by_email, email, contact);
  if (phone != NULL && g_hash_table_lookup (location->by_phone, phone) == contact)
    g_hash_table_replace (location->by_phone, phone, contact);
}

void
lia_ghl_store_remove (LiaGhlStore   *store,
                      LiaGhlContact *contact)
{
  lia_ghl_store_unindex (store, contact);
  g_hash_table_remove (store->by_id, contact->id);
  contact->deleted = TRUE;
}

void
lia_ghl_store_purge (LiaGhlStore *store,
                     gint64       now_us,
                     gint64       lag_us)
{
  guint kept = 0;
  gboolean removed = FALSE;

  for (guint i = 0; i < store->contacts->len; i++)
    {
      LiaGhlContact *contact = store->contacts->pdata[i];
      gboolean settled = contact->written_at + lag_us <= now_us;

      if (contact->deleted && settled)
        {
          lia_ghl_contact_free (contact);
          removed = TRUE;
          continue;
        }
      if (contact->has_shadow && settled)
        {
          g_clear_pointer (&contact->shadow, lia_ghl_contact_free);
          contact->has_shadow = FALSE;
        }
      store->contacts->pdata[kept++] = contact;
    }

  if (removed)
    {
      /* The elements left are already freed or kept: shrink without freeing. */
      g_ptr_array_set_free_func (store->contacts, NULL);
      g_ptr_array_set_size (store->contacts, kept);
      g_ptr_array_set_free_func (store->contacts, (GDestroyNotify)lia_ghl_contact_free);
      g_clear_pointer (&store->by_date, g_ptr_array_unref);
    }
}

const LiaGhlContact *
lia_ghl_store_visible (const LiaGhlContact *contact,
                       gint64               now_us,
                       gint64               lag_us)
{
  if (contact->has_shadow && now_us < contact->written_at + lag_us)
    return contact->shadow;
  return contact->deleted ? NULL : contact;
}

void
lia_ghl_store_touch (LiaGhlContact *contact,
                     gint64         now_us,
                     gint64         lag_us)
{
  if (lag_us <= 0)
    {
      g_clear_pointer (&contact->shadow, lia_ghl_contact_free);
      contact->has_shadow = FALSE;
    }
  else if (!contact->has_shadow || contact->written_at + lag_us <= now_us)
    {
      /* What search sees now stays until the lag passed after this write. */
      g_clear_pointer (&contact->shadow, lia_ghl_contact_free);
      contact->shadow = contact->deleted ? NULL : lia_ghl_contact_copy_fields (contact);
      contact->has_shadow = TRUE;
    }
  contact->written_at = now_us;
}

GPtrArray *
lia_ghl_store_by_date (LiaGhlStore *store)
{
  if (store->by_date == NULL)
    {
      store->by_date = g_ptr_array_sized_new (store->contacts->len);
      for (guint i = 0; i < store->contacts->len; i++)
        g_ptr_array_add (store->by_date, store->contacts->pdata[i]);
      g_ptr_array_sort (store->by_date, compare_newest_first);
    }
  return store->by_date;
}

LiaGhlContact *
lia_ghl_store_find_duplicate (LiaGhlStore          *store,
                              guint                 location,
                              const char           *email,
                              const char           *phone,
                              const LiaGhlContact  *exclude,
                              const char          **matching_field)
{
  LiaGhlLocation *loc = g_ptr_array_index (store->locations, location);
  LiaGhlContact *found = NULL;

  if (email != NULL)
    {
      found = g_hash_table_lookup (loc->by_email, email);
      if (found != NULL && found == exclude)
        found = NULL;
      if (found != NULL)
        {
          *matching_field = "email";
          return found;
        }
    }
  if (phone != NULL)
    {
      found = g_hash_table_lookup (loc->by_phone, phone);
      if (found != NULL && found == exclude)
        found = NULL;
      if (found != NULL)
        {
          *matching_field = "phone";
          return found;
        }
    }
  return NULL;
}

static JsonArray *
named_to_dump (GPtrArray  *records,
               const char *extra_name)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < records->len; i++)
    {
      LiaGhlNamed *named = g_ptr_array_index (records, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", named->id);
      json_object_set_string_member (object, "name", named->name);
      json_object_set_string_member (object, "locationId", named->location_id);
      if (extra_name != NULL)
        lia_ghl_json_set_string_if (object, extra_name, named->extra);
      json_array_add_object_element (array, object);
    }
  return array;
}

static void
named_from_dump (GPtrArray  *records,
                 JsonObject *dump,
                 const char *member,
                 const char *extra_name)
{
  JsonNode *node = json_object_get_member (dump, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (object == NULL || lia_ghl_json_get_string (object, "id") == NULL)
        continue;
      g_ptr_array_add (records, named_new (lia_ghl_json_get_string (object, "id"),
                                           lia_ghl_json_get_string (object, "name"),
                                           lia_ghl_json_get_string (object, "locationId"),
                                           extra_name != NULL ? lia_ghl_json_get_string (object, extra_name) : NULL));
    }
}

JsonObject *
lia_ghl_store_dump (LiaGhlStore *store)
{
  JsonObject *dump = json_object_new ();
  JsonArray *locations = json_array_new ();
  JsonArray *fields = json_array_new ();
  JsonArray *contacts = json_array_new ();

  for (guint i = 0; i < store->locations->len; i++)
    {
      LiaGhlLocation *location = g_ptr_array_index (store->locations, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", location->id);
      json_object_set_string_member (object, "name", location->name);
      json_object_set_string_member (object, "companyId", location->company_id);
      lia_ghl_json_set_string_if (object, "email", location->email);
      lia_ghl_json_set_string_if (object, "phone", location->phone);
      lia_ghl_json_set_string_if (object, "address", location->address);
      lia_ghl_json_set_string_if (object, "city", location->city);
      lia_ghl_json_set_string_if (object, "state", location->state);
      lia_ghl_json_set_string_if (object, "country", location->country);
      lia_ghl_json_set_string_if (object, "postalCode", location->postal_code);
      lia_ghl_json_set_string_if (object, "timezone", location->timezone);
      json_object_set_boolean_member (object, "active", location->active);
      json_object_set_boolean_member (object, "allowDuplicateContact", location->allow_duplicates);
      json_array_add_object_element (locations, object);
    }
  json_object_set_array_member (dump, "locations", locations);
  json_object_set_array_member (dump, "users", named_to_dump (store->users, "email"));

  for (guint i = 0; i < store->custom_fields->len; i++)
    json_array_add_object_element (fields, lia_ghl_custom_field_to_json (g_ptr_array_index (store->custom_fields, i)));
  json_object_set_array_member (dump, "customFields", fields);
  json_object_set_array_member (dump, "tags", named_to_dump (store->tags, NULL));
  json_object_set_array_member (dump, "campaigns", named_to_dump (store->campaigns, "status"));
  json_object_set_array_member (dump, "workflows", named_to_dump (store->workflows, "status"));
  json_object_set_array_member (dump, "businesses", named_to_dump (store->businesses, NULL));

  for (guint i = 0; i < store->contacts->len; i++)
    {
      LiaGhlContact *contact = g_ptr_array_index (store->contacts, i);
      LiaGhlLocation *location = g_ptr_array_index (store->locations, contact->location);

      if (!contact->deleted)
        json_array_add_object_element (contacts, lia_ghl_contact_to_dump (contact, location->id));
    }
  json_object_set_array_member (dump, "contacts", contacts);

  return dump;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  return g_strdup (lia_ghl_json_get_string (object, name));
}

LiaGhlStore *
lia_ghl_store_load (JsonObject  *dump,
                    GError     **error)
{
  LiaGhlStore *store = lia_ghl_store_new ();
  JsonArray *array;
  JsonNode *node;

  node = json_object_get_member (dump, "locations");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The HighLevel state has no “locations”");
      lia_ghl_store_free (store);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && i < 255; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      LiaGhlLocation *location;

      if (object == NULL || lia_ghl_json_get_string (object, "id") == NULL)
        continue;
      location = location_new ();
      location->id = dup_member (object, "id");
      location->name = dup_member (object, "name");
      location->company_id = dup_member (object, "companyId");
      location->email = dup_member (object, "email");
      location->phone = dup_member (object, "phone");
      location->address = dup_member (object, "address");
      location->city = dup_member (object, "city");
      location->state = dup_member (object, "state");
      location->country = dup_member (object, "country");
      location->postal_code = dup_member (object, "postalCode");
      location->timezone = dup_member (object, "timezone");
      location->active = !json_object_has_member (object, "active") || lia_ghl_json_get_bool (object, "active");
      location->allow_duplicates = lia_ghl_json_get_bool (object, "allowDuplicateContact");
      g_ptr_array_add (store->locations, location);
    }

  named_from_dump (store->users, dump, "users", "email");
  named_from_dump (store->tags, dump, "tags", NULL);
  named_from_dump (store->campaigns, dump, "campaigns", "status");
  named_from_dump (store->workflows, dump, "workflows", "status");
  named_from_dump (store->businesses, dump, "businesses", NULL);

  node = json_object_get_member (dump, "customFields");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);
          LiaGhlCustomField *field;
          const char *key;
          int type;

          if (object == NULL)
            continue;
          field = g_new0 (LiaGhlCustomField, 1);
          key = lia_ghl_json_get_string (object, "fieldKey");
          type = lia_ghl_data_type_from_name (lia_ghl_json_get_string (object, "dataType"));
          field->id = dup_member (object, "id");
          field->name = dup_member (object, "name");
          field->key = g_strdup (key != NULL && g_str_has_prefix (key, "contact.") ? key + 8 : key != NULL ? key : "");
          field->placeholder = dup_member (object, "placeholder");
          field->data_type = type >= 0 ? (LiaGhlDataType)type : LIA_GHL_CF_TEXT;
          field->position = (guint)lia_ghl_json_get_int (object, "position", 0);
          field->options = lia_ghl_strv_from_json (json_object_get_member (object, "picklistOptions"));
          field->location_id = dup_member (object, "locationId");
          if (field->id == NULL || field->location_id == NULL)
            {
              lia_ghl_custom_field_free (field);
              continue;
            }
          g_ptr_array_add (store->custom_fields, field);
        }
    }

  node = json_object_get_member (dump, "contacts");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);
          LiaGhlContact *contact;
          int location;

          if (object == NULL)
            continue;
          location = lia_ghl_store_find_location (store, lia_ghl_json_get_string (object, "locationId"));
          contact = lia_ghl_contact_from_dump (object, error);
          if (contact == NULL || location < 0 || g_hash_table_contains (store->by_id, contact->id))
            {
              if (contact != NULL)
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "Contact %s has an unknown location or a repeated id", contact->id);
              lia_ghl_contact_free (contact);
              lia_ghl_store_free (store);
              return NULL;
            }
          contact->location = (guint8)location;
          lia_ghl_store_add (store, contact);
        }
    }

  return store;
}
