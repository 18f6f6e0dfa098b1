/* lia-sandbox-seed.c: the sandbox's deterministic demo people
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSandboxSeed"

#include "config.h"

#include "lia-sandbox-seed.h"

void
lia_sandbox_rng_init (LiaSandboxRng *rng,
                      guint64        seed)
{
  rng->state = seed ^ G_GUINT64_CONSTANT (0x6c69616973306e21);
}

guint64
lia_sandbox_rng_next (LiaSandboxRng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint32
lia_sandbox_rng_below (LiaSandboxRng *rng,
                       guint32        n)
{
  g_assert (n > 0);

  /* The tiny modulo bias does not matter for demo data. */
  return (guint32)(lia_sandbox_rng_next (rng) % n);
}

gboolean
lia_sandbox_rng_chance (LiaSandboxRng *rng,
                        guint          percent)
{
  return lia_sandbox_rng_below (rng, 100) < percent;
}

const char *
lia_sandbox_rng_pick (LiaSandboxRng      *rng,
                      const char * const *strings,
                      guint               n_strings)
{
  return strings[lia_sandbox_rng_below (rng, n_strings)];
}

char *
lia_sandbox_rng_id (LiaSandboxRng *rng,
                    guint          length)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char *id = g_malloc (length + 1);

  for (guint i = 0; i < length; i++)
    id[i] = alphabet[lia_sandbox_rng_below (rng, sizeof alphabet - 1)];
  id[length] = '\0';

  return id;
}

void
lia_sandbox_person_free (LiaSandboxPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->first_name);
  g_free (person->last_name);
  g_free (person->email);
  g_free (person->phone);
  g_free (person->crm_email);
  g_free (person->crm_phone);
  g_free (person->company);
  g_free (person->country);
  g_free (person->region);
  g_free (person);
}

static const char * const first_names[] = {
  "Ana", "André", "Beatriz", "Björn", "Chloé", "Chinedu", "Dmitri", "Elif", "Émile", "Farah",
  "François", "Grace", "Hiroshi", "Ines", "İlayda", "Jasmine", "José", "Jürgen", "Kwame",
  "Léa", "Liam", "Łukasz", "Maria", "Mateo", "Mei", "Noah", "Nuño", "Olivia", "Priya",
  "Quentin", "Rafael", "Renée", "Saanvi", "Søren", "Tomás", "Umut", "Valentina", "Wei",
  "Xavier", "Yara", "Zoë", "Ève", "Øystein", "Siobhán", "Zofia", "Ahmed", "Ngozi", "Kai",
};

static const char * const last_names[] = {
  "Almeida", "Brandão", "Castillo", "Dąbrowski", "Eriksson", "Fernández", "García", "Hoffmann",
  "Ivanova", "Jönsson", "Kowalski", "López", "Müller", "Nakamura", "Okafor", "Papadopoulos",
  "Quintero", "Rossi", "Schäfer", "Tanaka", "Ueda", "Virtanen", "Wójcik", "Xu", "Yılmaz",
  "Zieliński", "O'Brien", "Smith", "Johnson", "Brown", "Nguyen", "Patel", "Kim", "Singh",
  "da Silva", "van der Berg", "Mac Giolla", "Lefèvre", "Šimić", "Popescu",
};

static const char * const companies[] = {
  "Acme Plumbing", "Blue Harbor Dental", "Cedar & Pine Realty", "Delta Fitness", "Évora Café",
  "Fjord Logistics", "Greenleaf Landscaping", "Harbor Light Law", "Iris Beauty Studio",
  "Juniper Tech", "Kestrel Roofing", "Lumen Photography", "Müller & Söhne", "Northwind Travel",
};

static const char * const email_domains[] = {
  "example.com", "example.org", "example.net", "mail.example", "inbox.example",
};

typedef struct
{
  const char *country;
  const char *region;
} Locale;

static const Locale locales[] = {
  { "US", "US" }, { "US", "US" }, { "US", "US" }, { "US", "US" }, { "CA", "CA" },
  { "GB", "GB" }, { "GB", "GB" }, { "DE", "DE" }, { "FR", "FR" }, { "ES", "ES" },
  { "AU", "AU" }, { "IN", "IN" }, { "BR", "BR" }, { "NG", "NG" },
};

static char *
ascii_fold (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
    }

  return g_string_free (out, FALSE);
}

/* Ten national digits, as the number would be dialled at home. */
static void
make_digits (LiaSandboxRng *rng,
             const Locale  *locale,
             char           digits[11])
{
  /* Area codes and prefixes that look real but sit in reserved or fictional ranges. */
  if (g_str_equal (locale->region, "US") || g_str_equal (locale->region, "CA"))
    g_snprintf (digits, 11, "%03u555%04u", 201 + lia_sandbox_rng_below (rng, 700),
                100 + lia_sandbox_rng_below (rng, 100));
  else if (g_str_equal (locale->region, "GB"))
    g_snprintf (digits, 11, "7700900%03u", lia_sandbox_rng_below (rng, 1000));
  else
    g_snprintf (digits, 11, "15%08u", lia_sandbox_rng_below (rng, 100000000));
}

static char *
format_phone (LiaSandboxRng *rng,
              const Locale  *locale,
              const char    *d,
              gboolean       crm_style)
{
  gboolean nanp = g_str_equal (locale->region, "US") || g_str_equal (locale->region, "CA");
  guint style = lia_sandbox_rng_below (rng, crm_style ? 3 : 7);

  if (nanp)
    {
      switch (style)
        {
        case 0: return g_strdup_printf ("+1%s", d);
        case 1: return g_strdup_printf ("+1 %.3s-%.3s-%.4s", d, d + 3, d + 6);
        case 2: return g_strdup_printf ("(%.3s) %.3s-%.4s", d, d + 3, d + 6);
        case 3: return g_strdup_printf ("%.3s.%.3s.%.4s", d, d + 3, d + 6);
        case 4: return g_strdup_printf ("%.3s.%.3s.%.4s ext %u", d, d + 3, d + 6,
                                        1 + lia_sandbox_rng_below (rng, 99));
        case 5: return g_strdup_printf ("1-%.3s-%.3s-%.4s", d, d + 3, d + 6);
        default: return g_strdup (d);
        }
    }
  else
    {
      const char *cc = g_str_equal (locale->region, "GB") ? "44" :
                       g_str_equal (locale->region, "DE") ? "49" :
                       g_str_equal (locale->region, "FR") ? "33" :
                       g_str_equal (locale->region, "ES") ? "34" :
                       g_str_equal (locale->region, "AU") ? "61" :
                       g_str_equal (locale->region, "IN") ? "91" :
                       g_str_equal (locale->region, "BR") ? "55" : "234";

      switch (style)
        {
        case 0: return g_strdup_printf ("+%s%s", cc, d);
        case 1: return g_strdup_printf ("+%s %.4s %.6s", cc, d, d + 4);
        case 2: return g_strdup_printf ("0%.4s %.6s", d, d + 4);
        case 3: return g_strdup_printf ("00%s %s", cc, d);
        default: return g_strdup_printf ("0%s", d);
        }
    }
}

static LiaSandboxPerson *
make_person (LiaSandboxRng *rng,
             guint          index)
{
  LiaSandboxPerson *person = g_new0 (LiaSandboxPerson, 1);
  const Locale *locale = &locales[lia_sandbox_rng_below (rng, G_N_ELEMENTS (locales))];
  const char *first = lia_sandbox_rng_pick (rng, first_names, G_N_ELEMENTS (first_names));
  const char *last = lia_sandbox_rng_pick (rng, last_names, G_N_ELEMENTS (last_names));
  gboolean no_email = lia_sandbox_rng_chance (rng, 8);
  gboolean no_phone = lia_sandbox_rng_chance (rng, 25);
  char digits[11];

  person->index = index;
  person->near_duplicate_of = -1;
  person->country = g_strdup (locale->country);
  person->region = g_strdup (locale->region);

  if (!lia_sandbox_rng_chance (rng, 3))
    person->first_name = g_strdup (first);
  if (!lia_sandbox_rng_chance (rng, 5))
    person->last_name = g_strdup (last);

  if (!no_email)
    {
      g_autofree char *f = ascii_fold (first);
      g_autofree char *l = ascii_fold (last);
      const char *domain = lia_sandbox_rng_pick (rng, email_domains, G_N_ELEMENTS (email_domains));

      /* The index keeps every address unique. */
      switch (lia_sandbox_rng_below (rng, 3))
        {
        case 0: person->email = g_strdup_printf ("%s.%s%u@%s", f, l, index, domain); break;
        case 1: person->email = g_strdup_printf ("%c%s%u@%s", f[0] ? f[0] : 'x', l, index, domain); break;
        default: person->email = g_strdup_printf ("%s%u@%s", f, index, domain); break;
        }
    }

  make_digits (rng, locale, digits);
  if (!no_phone)
    {
      if (lia_sandbox_rng_chance (rng, 4))
        person->phone = g_strdup (lia_sandbox_rng_chance (rng, 50) ? "12" : "call me");
      else
        person->phone = format_phone (rng, locale, digits, FALSE);
    }

  if (lia_sandbox_rng_chance (rng, 40))
    person->company = g_strdup (lia_sandbox_rng_pick (rng, companies, G_N_ELEMENTS (companies)));

  person->created_at = LIA_SANDBOX_EPOCH - (gint64)lia_sandbox_rng_below (rng, 400 * 86400);
  person->updated_at = person->created_at +
    (gint64)lia_sandbox_rng_below (rng, (guint32)(LIA_SANDBOX_EPOCH - person->created_at) + 1);
  if (person->updated_at >= LIA_SANDBOX_EPOCH)
    person->updated_at = LIA_SANDBOX_EPOCH - 1;

  /* What HighLevel holds for the same person, written its own way. */
  if (person->email != NULL && lia_sandbox_rng_chance (rng, 15))
    {
      person->crm_email = g_strdup (person->email);
      person->crm_email[0] = g_ascii_toupper (person->crm_email[0]);
    }
  else
    person->crm_email = g_strdup (person->email);

  if (person->phone != NULL && !lia_sandbox_rng_chance (rng, 10))
    person->crm_phone = format_phone (rng, locale, digits, TRUE);

  return person;
}

GPtrArray *
lia_sandbox_people_generate (guint64 seed,
                             guint   n_contacts)
{
  g_autoptr(GPtrArray) people = NULL;
  LiaSandboxRng rng;
  guint n_crm_only = n_contacts / 10;

  people = g_ptr_array_new_full (n_contacts + n_crm_only, (GDestroyNotify)lia_sandbox_person_free);
  lia_sandbox_rng_init (&rng, seed);

  for (guint i = 0; i < n_contacts; i++)
    {
      LiaSandboxPerson *person = make_person (&rng, i);

      person->in_mojo = TRUE;
      /* Those with neither email nor phone cannot be matched: keep them out of the CRM. */
      person->in_crm = (person->email != NULL || person->phone != NULL) &&
                       lia_sandbox_rng_chance (&rng, 62);
      if (!person->in_crm)
        {
          g_clear_pointer (&person->crm_email, g_free);
          g_clear_pointer (&person->crm_phone, g_free);
        }
      g_ptr_array_add (people, person);
    }

  for (guint i = 0; i < n_crm_only; i++)
    {
      LiaSandboxPerson *person = make_person (&rng, n_contacts + i);

      person->in_mojo = FALSE;
      person->in_crm = TRUE;
      g_clear_pointer (&person->email, g_free);
      g_clear_pointer (&person->phone, g_free);
      if (person->crm_email == NULL && person->crm_phone == NULL)
        person->crm_email = g_strdup_printf ("crm-only%u@example.com", person->index);

      /* Now and then the CRM already has a near copy of a helpdesk person. */
      if (n_contacts > 0 && lia_sandbox_rng_chance (&rng, 20))
        {
          const LiaSandboxPerson *original =
            g_ptr_array_index (people, lia_sandbox_rng_below (&rng, n_contacts));

          if (original->email != NULL)
            {
              person->near_duplicate_of = original->index;
              g_free (person->first_name);
              g_free (person->last_name);
              g_free (person->crm_email);
              person->first_name = g_strdup (original->first_name);
              person->last_name = g_strdup (original->last_name);
              person->crm_email = g_strdup_printf ("%u.%s", person->index, original->email);
            }
        }

      g_ptr_array_add (people, person);
    }

  return g_steal_pointer (&people);
}
