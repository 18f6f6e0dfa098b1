/* test-context.c: the context object
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "lia-context.h"

static void
test_context_default_profile (void)
{
  g_autoptr(LiaContext) context = lia_context_new (NULL, NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (),
                                                "liaison", "profiles", "default", NULL);

  g_assert_cmpstr (lia_context_get_profile_dir (context), ==, expected);
  g_assert_null (lia_context_get_settings (context));
}

static void
test_context_relative_profile (void)
{
  g_autoptr(LiaContext) context = lia_context_new (NULL, "some/where");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, "some", "where", NULL);

  g_assert_true (g_path_is_absolute (lia_context_get_profile_dir (context)));
  g_assert_cmpstr (lia_context_get_profile_dir (context), ==, expected);
}

static void
test_context_ensure_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("liaison-test-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autoptr(LiaContext) context = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "a", "profile", NULL);
  context = lia_context_new (NULL, dir);

  g_assert_true (lia_context_ensure_profile_dir (context, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  /* Only the owner may read a profile. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_assert_cmpint (g_rmdir (parent), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static void
test_context_ensure_profile_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaContext) context = lia_context_new (NULL, "/proc/self/liaison-cannot-exist");

  g_assert_false (lia_context_ensure_profile_dir (context, &error));
  g_assert_nonnull (error);
  /* The message names the folder so the user knows which one failed. */
  g_assert_nonnull (strstr (error->message, "/proc/self/liaison-cannot-exist"));
}

static void
test_context_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(LiaContext) context = lia_context_new (settings, NULL);

  g_assert_true (lia_context_get_settings (context) == settings);
}

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (lia_context_start_sandbox_finish (LIA_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  (*(guint *)user_data)++;
}

/* Sandbox mode: the emulators start without blocking the caller, show up on
 * the context, and leave their data in the profile when the context goes. */
static void
test_context_sandbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("liaison-test-XXXXXX", &error);
  g_autofree char *state = g_build_filename (tmp, "sandbox.json", NULL);
  g_autoptr(LiaContext) context = lia_context_new (NULL, tmp);
  g_autoptr(JsonNode) info = NULL;
  gboolean done = FALSE;
  guint notified = 0;

  g_assert_null (lia_context_get_sandbox (context));
  g_signal_connect (context, "notify::sandbox", G_CALLBACK (notified_cb), &notified);

  lia_context_start_sandbox_async (context, NULL, sandbox_started_cb, &done);
  /* Nothing is ready before the main loop runs the answer. */
  g_assert_null (lia_context_get_sandbox (context));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (lia_context_get_sandbox (context));
  info = lia_sandbox_get_info (lia_context_get_sandbox (context));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (info), "ghl_url"),
                                   "http://127.0.0.1:"));

  g_clear_object (&context);
  g_assert_true (g_file_test (state, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_remove (state), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/default-profile", test_context_default_profile);
  g_test_add_func ("/context/relative-profile", test_context_relative_profile);
  g_test_add_func ("/context/ensure-profile", test_context_ensure_profile);
  g_test_add_func ("/context/ensure-profile-error", test_context_ensure_profile_error);
  g_test_add_func ("/context/settings", test_context_settings);
  g_test_add_func ("/context/sandbox", test_context_sandbox);

  return g_test_run ();
}
