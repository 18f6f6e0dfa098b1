/* test-sandbox-seed.c: the sandbox's demo people
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lia-sandbox-seed.h"

static char *
describe (GPtrArray *people)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < people->len; i++)
    {
      const LiaSandboxPerson *p = g_ptr_array_index (people, i);

      g_string_append_printf (out, "%u|%s|%s|%s|%s|%s|%s|%s|%s|%d|%d|%d|%" G_GINT64_FORMAT "|%"
                              G_GINT64_FORMAT "\n",
                              p->index, p->first_name, p->last_name, p->email, p->phone,
                              p->crm_email, p->crm_phone, p->company, p->country,
                              p->in_mojo, p->in_crm, p->near_duplicate_of,
                              p->created_at, p->updated_at);
    }

  return g_string_free (out, FALSE);
}

static void
test_seed_deterministic (void)
{
  g_autoptr(GPtrArray) a = lia_sandbox_people_generate (7, 500);
  g_autoptr(GPtrArray) b = lia_sandbox_people_generate (7, 500);
  g_autoptr(GPtrArray) c = lia_sandbox_people_generate (8, 500);
  g_autofree char *da = describe (a);
  g_autofree char *db = describe (b);
  g_autofree char *dc = describe (c);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
}

static void
test_seed_shape (void)
{
  g_autoptr(GPtrArray) people = lia_sandbox_people_generate (42, 1000);
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_mojo = 0, n_both = 0, n_crm_only = 0, n_bare = 0, n_non_ascii = 0;
  guint n_phone_differs = 0, n_near_dup = 0;

  for (guint i = 0; i < people->len; i++)
    {
      const LiaSandboxPerson *p = g_ptr_array_index (people, i);

      g_assert_cmpuint (p->index, ==, i);
      g_assert_cmpint (p->updated_at, >=, p->created_at);
      g_assert_cmpint (p->updated_at, <, LIA_SANDBOX_EPOCH);

      if (p->in_mojo)
        n_mojo++;
      if (p->in_mojo && p->in_crm)
        {
          n_both++;
          /* Same person, same address, whatever the case. */
          if (p->email != NULL)
            g_assert_cmpint (g_ascii_strcasecmp (p->email, p->crm_email), ==, 0);
          if (g_strcmp0 (p->phone, p->crm_phone) != 0)
            n_phone_differs++;
        }
      if (!p->in_mojo && p->in_crm)
        n_crm_only++;
      if (p->in_mojo && p->email == NULL && p->phone == NULL)
        n_bare++;
      if ((p->first_name && !g_str_is_ascii (p->first_name)) ||
          (p->last_name && !g_str_is_ascii (p->last_name)))
        n_non_ascii++;
      if (p->near_duplicate_of >= 0)
        n_near_dup++;

      if (p->email != NULL)
        {
          /* Mojo addresses are unique and lowercase. */
          g_assert_false (g_hash_table_contains (emails, p->email));
          g_hash_table_add (emails, p->email);
          for (const char *c = p->email; *c; c++)
            g_assert_false (g_ascii_isupper (*c));
        }
    }

  g_assert_cmpuint (n_mojo, ==, 1000);
  g_assert_cmpuint (n_crm_only, ==, 100);
  /* About 60% of the helpdesk people are in the CRM too. */
  g_assert_cmpuint (n_both, >=, 520);
  g_assert_cmpuint (n_both, <=, 680);
  g_assert_cmpuint (n_bare, >, 0);
  g_assert_cmpuint (n_non_ascii, >, 100);
  g_assert_cmpuint (n_phone_differs, >, 50);
  g_assert_cmpuint (n_near_dup, >, 0);
}

static void
test_seed_rng (void)
{
  LiaSandboxRng a, b;
  g_autofree char *id = NULL;

  lia_sandbox_rng_init (&a, 1);
  lia_sandbox_rng_init (&b, 1);
  for (guint i = 0; i < 1000; i++)
    {
      g_assert_cmpuint (lia_sandbox_rng_next (&a), ==, lia_sandbox_rng_next (&b));
      g_assert_cmpuint (lia_sandbox_rng_below (&a, 7), <, 7);
      lia_sandbox_rng_below (&b, 7);
    }

  /* Pinned: the sequence must never change, or every seed's data would. */
  lia_sandbox_rng_init (&a, 7);
  g_assert_cmpuint (lia_sandbox_rng_next (&a), ==, G_GUINT64_CONSTANT (14317905379827460507));

  id = lia_sandbox_rng_id (&a, 20);
  g_assert_cmpuint (strlen (id), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/seed/deterministic", test_seed_deterministic);
  g_test_add_func ("/sandbox/seed/shape", test_seed_shape);
  g_test_add_func ("/sandbox/seed/rng", test_seed_rng);

  return g_test_run ();
}
