/* lia-sandbox-seed.h: the sandbox's deterministic demo people
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A small, fast pseudo-random generator (splitmix64) whose sequence is fixed
 * for a seed on every machine and every GLib version, so the same seed always
 * gives byte-identical demo data. Both emulators draw their own records
 * (tickets, tasks, notes…) from one of these, seeded from the sandbox seed.
 */
typedef struct
{
  guint64 state;
} LiaSandboxRng;

void                 lia_sandbox_rng_init                 (LiaSandboxRng      *rng,
                                                           guint64             seed);
guint64              lia_sandbox_rng_next                 (LiaSandboxRng      *rng);
/* A number in [0, n); n > 0. */
guint32              lia_sandbox_rng_below                (LiaSandboxRng      *rng,
                                                           guint32             n);
/* TRUE with the given chance, in percent. */
gboolean             lia_sandbox_rng_chance               (LiaSandboxRng      *rng,
                                                           guint               percent);
/* One of the strings, chosen evenly. */
const char          *lia_sandbox_rng_pick                 (LiaSandboxRng      *rng,
                                                           const char * const *strings,
                                                           guint               n_strings);
/* An alphanumeric id (mixed case) of @length characters, like HighLevel’s (20). */
char                *lia_sandbox_rng_id                   (LiaSandboxRng      *rng,
                                                           guint               length) G_GNUC_WARN_UNUSED_RESULT;

/* The fixed moment the demo data is anchored to: 2026-01-05T09:00:00Z. */
#define LIA_SANDBOX_EPOCH G_GINT64_CONSTANT (1767603600)

typedef struct
{
  guint    index;        /* stable position, 0 … n-1 */
  char    *first_name;   /* NULL for a few */
  char    *last_name;    /* NULL for a few */
  char    *email;        /* lowercase as Mojo stores it; NULL for some */
  char    *phone;        /* as written in Mojo Helpdesk: many formats, some invalid; NULL for some */
  char    *crm_email;    /* as written in HighLevel (case may differ); NULL when not in the CRM */
  char    *crm_phone;    /* as written in HighLevel, often formatted differently; may be NULL */
  char    *company;      /* may be NULL */
  char    *country;      /* ISO 3166-1 alpha-2, e.g. "US", "GB", "DE" */
  char    *region;       /* the phone's home region: the default region to parse it with */
  guint    in_mojo : 1;  /* a Mojo end user */
  guint    in_crm : 1;   /* a HighLevel contact */
  int      near_duplicate_of; /* for a CRM-only person: the index of the person it nearly repeats, else -1 */
  gint64   created_at;   /* unix seconds, at or after LIA_SANDBOX_EPOCH minus 400 days */
  gint64   updated_at;   /* unix seconds, >= created_at, before LIA_SANDBOX_EPOCH */
} LiaSandboxPerson;

void                 lia_sandbox_person_free              (LiaSandboxPerson   *person);

/*
 * The demo people for a seed: @n_contacts Mojo end users (index 0 … n-1;
 * about 60% also in the CRM with the same email, some with the phone
 * written another way), then about n/10 people who are only in the CRM.
 * Some have neither email nor phone; names include non-ASCII letters.
 *
 * Returns: (transfer full) (element-type LiaSandboxPerson): the people
 */
GPtrArray           *lia_sandbox_people_generate          (guint64             seed,
                                                           guint               n_contacts) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaSandboxPerson, lia_sandbox_person_free)

G_END_DECLS
