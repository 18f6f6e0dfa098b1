/* bench-pacing.c: N reads through LiaConnections against a rate-limited sandbox
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (inside build-aux/headless-session.sh, for its keyring):
 *   bench-pacing N
 * Starts the sandbox in-process with HighLevel's documented limit (100 per
 * 10 s), connects a throwaway profile with the private integration token,
 * sends N GET /locations/{id} with up to 20 in flight, and prints the time,
 * the rate against the allowed one, and the sandbox's count of 429.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "lia-connections.h"
#include "lia-sandbox.h"

typedef struct
{
  LiaConnections *connections;
  GPtrArray      *paths;
  guint           next;
  guint           total;
  guint           in_flight;
  guint           ok;
  guint           failed;
  GMainLoop      *loop;
} Bench;

static void send_next (Bench *bench);

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = lia_connections_request_finish (LIA_CONNECTIONS (object), result, &error);

  if (body != NULL)
    bench->ok++;
  else
    {
      bench->failed++;
      g_printerr ("failed: %s\n", error->message);
    }
  bench->in_flight--;
  send_next (bench);
}

static void
send_next (Bench *bench)
{
  while (bench->in_flight < 20 && bench->next < bench->total)
    {
      const char *path = g_ptr_array_index (bench->paths, bench->next % bench->paths->len);

      bench->next++;
      bench->in_flight++;
      lia_connections_request_async (bench->connections, LIA_SERVICE_GHL, "GET", path, NULL, NULL, NULL,
                                     answered_cb, bench);
    }
  if (bench->in_flight == 0 && bench->next >= bench->total)
    g_main_loop_quit (bench->loop);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lia_connections_connect_finish (LIA_CONNECTIONS (object), result, &error))
    g_error ("connect: %s", error->message);
  g_main_loop_quit (user_data);
}

static void
disconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  lia_connections_disconnect_finish (LIA_CONNECTIONS (object), result, NULL);
  g_main_loop_quit (user_data);
}

int
main (int   argc,
      char *argv[])
{
  LiaSandboxOptions options;
  g_autoptr(LiaSandbox) sandbox = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = g_dir_make_tmp ("liaison-bench-XXXXXX", NULL);
  g_autofree char *stats_text = NULL;
  JsonObject *info;
  Bench bench = { 0, };
  gint64 started, elapsed;
  double seconds, allowed;

  bench.total = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 1000;

  lia_sandbox_options_init (&options);
  options.contacts = 50;
  sandbox = lia_sandbox_new (&options);
  lia_sandbox_options_clear (&options);
  if (!lia_sandbox_start_in_thread (sandbox, &error))
    g_error ("%s", error->message);
  node = lia_sandbox_get_info (sandbox);
  info = json_node_get_object (node);

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.connections = lia_connections_new (profile, NULL);
  lia_connections_load (bench.connections, NULL);
  lia_connections_connect_ghl_private_token_async (bench.connections, json_object_get_string_member (info, "ghl_url"),
                                                   json_object_get_string_member (info, "private_token"),
                                                   json_object_get_string_member (info, "location_id"),
                                                   NULL, done_cb, bench.loop);
  g_main_loop_run (bench.loop);

  bench.paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (bench.paths, g_strdup_printf ("/locations/%s", json_object_get_string_member (info, "location_id")));

  started = g_get_monotonic_time ();
  send_next (&bench);
  g_main_loop_run (bench.loop);
  elapsed = g_get_monotonic_time () - started;

  seconds = elapsed / 1e6;
  allowed = 10.0;   /* 100 per 10 s */
  {
    g_autofree char *url = g_strdup_printf ("%s/_sandbox/stats", json_object_get_string_member (info, "ghl_url"));
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();

    json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
    g_print ("%u reads: %u ok, %u failed, %.1f s, %.2f requests/s = %.1f %% of the allowed %.0f/s, "
             "%" G_GINT64_FORMAT " answered 429\n",
             bench.total, bench.ok, bench.failed, seconds, bench.total / seconds,
             100.0 * (bench.total / seconds) / allowed, allowed,
             json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "http_429"));
  }

  /* The token leaves the session's keyring again. */
  lia_connections_disconnect_async (bench.connections, LIA_SERVICE_GHL, NULL, disconnected_cb, bench.loop);
  g_main_loop_run (bench.loop);
  lia_sandbox_stop (sandbox);
  return bench.failed == 0 ? 0 : 1;
}
