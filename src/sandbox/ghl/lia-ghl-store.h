/* lia-ghl-store.h: the HighLevel emulator's data and its indexes
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lia-ghl-records.h"
#include "lia-sandbox-seed.h"

G_BEGIN_DECLS

typedef struct
{
  char       *id;
  char       *name;
  char       *company_id;
  char       *email;
  char       *phone;
  char       *address;
  char       *city;
  char       *state;
  char       *country;
  char       *postal_code;
  char       *timezone;
  gboolean    active;
  gboolean    allow_duplicates;
  /* lowercase-insensitive e-mail → the oldest live contact with it (keys borrowed) */
  GHashTable *by_email;
  /* E.164 phone → the oldest live contact with it (keys borrowed) */
  GHashTable *by_phone;
} LiaGhlLocation;

/* Tags, campaigns, workflows, businesses and users: a name in a location. */
typedef struct
{
  char *id;
  char *name;
  char *location_id;
  char *extra;   /* a user's e-mail, a campaign's or workflow's status */
} LiaGhlNamed;

typedef struct
{
  GPtrArray  *locations;      /* (element-type LiaGhlLocation) */
  GPtrArray  *users;          /* (element-type LiaGhlNamed) */
  GPtrArray  *custom_fields;  /* (element-type LiaGhlCustomField); the index is the field number */
  GPtrArray  *tags;           /* (element-type LiaGhlNamed) */
  GPtrArray  *campaigns;      /* (element-type LiaGhlNamed) */
  GPtrArray  *workflows;      /* (element-type LiaGhlNamed) */
  GPtrArray  *businesses;     /* (element-type LiaGhlNamed) */
  GPtrArray  *contacts;       /* (element-type LiaGhlContact) creation order, with tombstones */
  GHashTable *by_id;          /* id → live contact (keys borrowed) */
  GPtrArray  *by_date;        /* contacts newest first, or NULL when it needs sorting */
} LiaGhlStore;

LiaGhlStore         *lia_ghl_store_new                    (void) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_ghl_store_free                   (LiaGhlStore        *store);

/* The demo data: @rng is the data generator right after the credentials,
 * @people the CRM people (element-type LiaSandboxPerson). */
void                 lia_ghl_store_generate               (LiaGhlStore        *store,
                                                           LiaSandboxRng      *rng,
                                                           GPtrArray          *people,
                                                           const char         *location_id);

LiaGhlLocation      *lia_ghl_store_get_location           (LiaGhlStore        *store,
                                                           guint               index);
/* -1 when unknown */
int                  lia_ghl_store_find_location          (LiaGhlStore        *store,
                                                           const char         *location_id);
LiaGhlContact       *lia_ghl_store_lookup                 (LiaGhlStore        *store,
                                                           const char         *contact_id);
/* By id, or by key ("mojo_user_id" or "contact.mojo_user_id"), in @location_id; -1 when none. */
int                  lia_ghl_store_find_custom_field      (LiaGhlStore        *store,
                                                           const char         *location_id,
                                                           const char         *id_or_key);
LiaGhlNamed         *lia_ghl_store_find_named             (GPtrArray          *records,
                                                           const char         *id);
/* The tag record named @name in @location_id, created when missing with @new_id. */
LiaGhlNamed         *lia_ghl_store_ensure_tag             (LiaGhlStore        *store,
                                                           const char         *location_id,
                                                           const char         *name,
                                                           const char         *new_id);

/* Adds a new live contact (takes ownership) and indexes it. */
void                 lia_ghl_store_add                    (LiaGhlStore        *store,
                                                           LiaGhlContact      *contact);
/* Takes a live contact out of the indexes (before its e-mail or phone changes). */
void                 lia_ghl_store_unindex                (LiaGhlStore        *store,
                                                           LiaGhlContact      *contact);
void                 lia_ghl_store_reindex                (LiaGhlStore        *store,
                                                           LiaGhlContact      *contact);
/* After its fields moved to new strings of the same text: the indexes' keys follow. */
void                 lia_ghl_store_rekey                  (LiaGhlStore        *store,
                                                           LiaGhlContact      *contact);
/* Makes a live contact a tombstone (kept for the search view). */
void                 lia_ghl_store_remove                 (LiaGhlStore        *store,
                                                           LiaGhlContact      *contact);
/* Drops the tombstones and shadows whose lag passed. */
void                 lia_ghl_store_purge                  (LiaGhlStore        *store,
                                                           gint64              now_us,
                                                           gint64              lag_us);
/* The version of @contact a search sees now: itself, its previous version, or NULL. */
const LiaGhlContact *lia_ghl_store_visible                (const LiaGhlContact *contact,
                                                           gint64              now_us,
                                                           gint64              lag_us);
/* Call before writing to @contact: keeps the version search still sees. */
void                 lia_ghl_store_touch                  (LiaGhlContact      *contact,
                                                           gint64              now_us,
                                                           gint64              lag_us);
/* The contacts newest first (dateAdded, then id), tombstones included. */
GPtrArray           *lia_ghl_store_by_date                (LiaGhlStore        *store);

/* A live contact of @location other than @exclude with this e-mail (first)
 * or phone; @matching_field "email" or "phone". */
LiaGhlContact       *lia_ghl_store_find_duplicate         (LiaGhlStore        *store,
                                                           guint               location,
                                                           const char         *email,
                                                           const char         *phone,
                                                           const LiaGhlContact *exclude,
                                                           const char        **matching_field);

JsonObject          *lia_ghl_store_dump                   (LiaGhlStore        *store) G_GNUC_WARN_UNUSED_RESULT;
/* A new store from a dump; NULL with @error when it is not one. */
LiaGhlStore         *lia_ghl_store_load                   (JsonObject         *dump,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
