/* test-redact.c: secrets never reach a log
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lia-redact.h"

static void
test_redact_uri (void)
{
  const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "https://app.mojohelpdesk.com/api/v2/users?access_key=abc123&per_page=100",
      "https://app.mojohelpdesk.com/api/v2/users?access_key=[redacted]&per_page=100" },
    { "http://127.0.0.1:8719/oauth/callback?code=c0de&state=s7a7e",
      "http://127.0.0.1:8719/oauth/callback?code=[redacted]&state=[redacted]" },
    { "https://x.example/path?Access_Key=1#frag", "https://x.example/path?Access_Key=[redacted]#frag" },
    { "https://x.example/p?access%5Fkey=1", "https://x.example/p?access%5Fkey=[redacted]" },
    { "https://user:pw@x.example/p?q=1", "https://[redacted]@x.example/p?q=1" },
    { "https://x.example/contacts/abc", "https://x.example/contacts/abc" },
    { "https://x.example/p?flag&query=name", "https://x.example/p?flag&query=name" },
    /* An "@" in the query or the path is no credential. */
    { "https://x.example/p?email=a@b.example&code=1", "https://x.example/p?email=a@b.example&code=[redacted]" },
    { "https://x.example/users/a@b", "https://x.example/users/a@b" },
    { "https://u@x.example", "https://[redacted]@x.example" },
    { "https://u:p@w@x.example?state=s#f", "https://[redacted]@x.example?state=[redacted]#f" },
    { "https://x.example/p#frag?code=1", "https://x.example/p#frag?code=1" },
    { "/oauth/callback?code=c&state=s&error=access_denied",
      "/oauth/callback?code=[redacted]&state=[redacted]&error=access_denied" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = lia_redact_uri (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_redact_form (void)
{
  g_autofree char *out = lia_redact_form ("grant_type=refresh_token&client_id=id1&client_secret=s3cr3t"
                                          "&refresh_token=r3fr3sh&code_verifier=v3r");

  g_assert_cmpstr (out, ==, "grant_type=refresh_token&client_id=id1&client_secret=[redacted]"
                            "&refresh_token=[redacted]&code_verifier=[redacted]");
}

static void
test_redact_json (void)
{
  g_autofree char *out = lia_redact_json ("{\"access_token\":\"a1\",\"expires_in\":86399,"
                                          "\"nested\":[{\"refresh_token\":\"r1\",\"name\":\"Ann\"}],"
                                          "\"scope\":\"contacts.readonly\"}", -1);
  g_autofree char *garbage = lia_redact_json ("access_token=a1", -1);
  g_autofree char *address = lia_redact_json ("{\"state\":\"CA\",\"token\":{\"x\":\"t0k\"},"
                                              "\"client_secret\":null}", -1);

  g_assert_null (strstr (out, "a1"));
  g_assert_null (strstr (out, "r1"));
  g_assert_nonnull (strstr (out, "\"expires_in\":86399"));
  g_assert_nonnull (strstr (out, "\"name\":\"Ann\""));
  g_assert_nonnull (strstr (out, "contacts.readonly"));
  /* "state" in a JSON body is an address; a secret member goes whole,
   * whatever it holds. */
  g_assert_nonnull (strstr (address, "\"state\":\"CA\""));
  g_assert_null (strstr (address, "t0k"));
  /* What cannot be parsed is not shown at all. */
  g_assert_null (strstr (garbage, "a1"));
}

static void
test_redact_header (void)
{
  g_autofree char *bearer = lia_redact_header ("Authorization", "Bearer eyJhbGciOi.x.y");
  g_autofree char *bare = lia_redact_header ("authorization", "token");
  g_autofree char *version = lia_redact_header ("Version", "2021-07-28");
  g_autofree char *location = lia_redact_header ("Location", "http://127.0.0.1:1/cb?code=c0de&state=5");

  g_assert_cmpstr (bearer, ==, "Bearer [redacted]");
  g_assert_cmpstr (bare, ==, "[redacted]");
  g_assert_cmpstr (version, ==, "2021-07-28");
  g_assert_cmpstr (location, ==, "http://127.0.0.1:1/cb?code=[redacted]&state=[redacted]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/redact/uri", test_redact_uri);
  g_test_add_func ("/redact/form", test_redact_form);
  g_test_add_func ("/redact/json", test_redact_json);
  g_test_add_func ("/redact/header", test_redact_header);

  return g_test_run ();
}
