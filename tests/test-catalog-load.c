/* test-catalog-load.c: the catalog's loader refuses broken entries, naming them
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lia-catalog.h"
#include "lia-error.h"

static void
test_catalog_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaCatalog) catalog = lia_catalog_new (&error);
  LiaOperation *get;
  const LiaParam *param;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >=, 90);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (catalog)) == LIA_TYPE_OPERATION);

  get = lia_catalog_lookup (catalog, "ghl.contacts.get");
  g_assert_nonnull (get);
  g_assert_cmpstr (lia_operation_get_method (get), ==, "GET");
  g_assert_cmpstr (lia_operation_get_path (get), ==, "/contacts/{contactId}");
  g_assert_cmpstr (lia_operation_get_scope (get), ==, "contacts.readonly");
  g_assert_false (lia_operation_is_write (get));
  param = lia_operation_find_param (get, "contactId");
  g_assert_nonnull (param);
  g_assert_cmpint (param->location, ==, LIA_PARAM_PATH);
  g_assert_true (param->required);

  param = lia_operation_find_param (lia_catalog_lookup (catalog, "ghl.contacts.list"), "locationId");
  g_assert_cmpstr (param->fill, ==, "location");
  g_assert_true (lia_operation_is_write (lia_catalog_lookup (catalog, "mojo.tickets.tasks.create")));
  g_assert_null (lia_catalog_lookup (catalog, "ghl.nothing.get"));
}

static void
assert_refused (const char *json,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaCatalog) catalog = lia_catalog_new_from_data (json, -1, &error);

  g_assert_null (catalog);
  g_assert_error (error, LIA_ERROR, LIA_ERROR_CONFIG);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected);
}

static void
test_catalog_refusals (void)
{
  assert_refused ("{", "not valid JSON");
  assert_refused ("{\"operations\": 3}", "no list");
  assert_refused ("{\"operations\": [1]}", "Entry 1");
  assert_refused ("{\"operations\": [{\"id\": \"ghl.a.get\", \"service\": \"ghl\", \"method\": \"GET\","
                  " \"path\": \"/a\", \"scope\": \"x\"}]}", "“ghl.a.get”");
  assert_refused ("{\"operations\": [{\"id\": \"ghl.a.get\", \"service\": \"jira\", \"method\": \"GET\","
                  " \"path\": \"/a\", \"scope\": \"x\", \"summary\": \"s\"}]}", "“service”");
  assert_refused ("{\"operations\": [{\"id\": \"mojo.a.get\", \"service\": \"ghl\", \"method\": \"GET\","
                  " \"path\": \"/a\", \"scope\": \"x\", \"summary\": \"s\"}]}", "“id”");
  assert_refused ("{\"operations\": [{\"id\": \"ghl.a.get\", \"service\": \"ghl\", \"method\": \"GET\","
                  " \"path\": \"/a\", \"scope\": \"x\", \"summary\": \"s\", \"params\": [{\"name\": \"q\", \"in\": \"header\"}]}]}",
                  "“params”");
  assert_refused ("{\"operations\": [{\"id\": \"ghl.a.get\", \"service\": \"ghl\", \"method\": \"GET\","
                  " \"path\": \"/a\", \"scope\": \"x\", \"summary\": \"s\"},"
                  " {\"id\": \"ghl.a.get\", \"service\": \"ghl\", \"method\": \"GET\","
                  " \"path\": \"/b\", \"scope\": \"x\", \"summary\": \"s\"}]}", "twice");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/builtin", test_catalog_builtin);
  g_test_add_func ("/catalog/refusals", test_catalog_refusals);

  return g_test_run ();
}
