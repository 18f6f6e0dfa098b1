/* lia-cli.c: liaison-cli, the engine without a window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaCli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "lia-catalog.h"
#include "lia-connections.h"
#include "lia-context.h"
#include "lia-error.h"
#include "lia-ghl-scopes.h"
#include "lia-options.h"
#include "lia-redact.h"

/* A refusal: access declined in the browser, or an answer that was not ours. */
#define EXIT_REFUSED 3

typedef struct
{
  const char         *name;
  const char         *summary;
  guint               max_args;
  int               (*run) (LiaContext  *context,
                            char       **args);
  const GOptionEntry *entries;
} Command;

static gboolean  opt_version;
static char     *opt_profile;

/* connect */
static char     *opt_client_id;
static gboolean  opt_client_secret_stdin;
static char     *opt_auth_url;
static char     *opt_api_url;
static char    **opt_scopes;
static int       opt_redirect_port;
static char     *opt_redirect_uri;
static gboolean  opt_no_browser;
static gboolean  opt_private_token_stdin;
static char     *opt_location_id;
static char     *opt_url;
static gboolean  opt_access_key_stdin;
static gboolean  opt_read_only;

/* status, operations, call */
static gboolean  opt_json;
static gboolean  opt_check;
static char    **opt_params;
static char     *opt_body;

static const GOptionEntry connect_entries[] = {
  { "client-id", 0, 0, G_OPTION_ARG_STRING, &opt_client_id,
    N_("HighLevel: your Marketplace app’s client ID"), N_("ID") },
  { "client-secret-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_client_secret_stdin,
    N_("HighLevel: read the app’s client secret from standard input"), NULL },
  { "auth-url", 0, 0, G_OPTION_ARG_STRING, &opt_auth_url,
    N_("HighLevel: the consent page (default: HighLevel’s marketplace)"), N_("URL") },
  { "api-url", 0, 0, G_OPTION_ARG_STRING, &opt_api_url,
    N_("HighLevel: the API (default: https://services.leadconnectorhq.com)"), N_("URL") },
  { "scope", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_scopes,
    N_("HighLevel: a scope to ask for, or read-only / read-write (repeatable; default read-write)"),
    N_("SCOPE") },
  { "redirect-port", 0, 0, G_OPTION_ARG_INT, &opt_redirect_port,
    N_("HighLevel: listen for the browser on http://127.0.0.1:N/oauth/callback (default 8719)"),
    N_("N") },
  { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &opt_redirect_uri,
    N_("HighLevel: listen for the browser at this redirect URL"), N_("URI") },
  { "no-browser", 0, 0, G_OPTION_ARG_NONE, &opt_no_browser,
    N_("HighLevel: print the sign-in link instead of opening a browser"), NULL },
  { "private-token-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_private_token_stdin,
    N_("HighLevel: read a private integration token from standard input"), NULL },
  { "location-id", 0, 0, G_OPTION_ARG_STRING, &opt_location_id,
    N_("HighLevel: the sub-account of the private integration token"), N_("ID") },
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url,
    N_("Mojo Helpdesk: your helpdesk (default: https://app.mojohelpdesk.com)"), N_("URL") },
  { "access-key-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_access_key_stdin,
    N_("Mojo Helpdesk: read the API access key from standard input"), NULL },
  { "read-only", 0, 0, G_OPTION_ARG_NONE, &opt_read_only,
    N_("Mojo Helpdesk: the key is a read-only one"), NULL },
  { NULL }
};

static const GOptionEntry call_entries[] = {
  { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_params,
    N_("A parameter of the operation (repeatable)"), N_("NAME=VALUE") },
  { "body", 0, 0, G_OPTION_ARG_STRING, &opt_body,
    N_("The request’s JSON body, or @FILE to read it from a file"), N_("JSON") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print the status, duration, rate-limit headers and body as JSON"), NULL },
  { NULL }
};

static const GOptionEntry operations_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry status_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print JSON"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
    N_("Check each connection with the service before reporting it"), NULL },
  { NULL }
};

/* Options that take a value, so that the command is found among the arguments. */
static const char * const value_options[] = {
  "-p", "--profile", "--client-id", "--auth-url", "--api-url", "--scope", "--redirect-port",
  "--redirect-uri", "--location-id", "--url", "--param", "--body", NULL,
};

static const GOptionEntry main_entries[] = {
  { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &opt_profile,
    N_("Use the profile in DIR instead of the default one"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static int
command_version (LiaContext  *context,
                 char       **args)
{
  g_print ("%s %s\n", "liaison-cli", PACKAGE_VERSION);
  return 0;
}

static int
command_profile (LiaContext  *context,
                 char       **args)
{
  const char *dir = lia_context_get_profile_dir (context);

  g_print (_("Profile folder: %s\n"), dir);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_print (_("It exists.\n"));
    }
  else if (g_file_test (dir, G_FILE_TEST_IS_REGULAR))
    {
      /* Translators: %s is the program, then a path */
      g_printerr (_("%s: “%s” is a file, not a folder: a profile is a folder.\n"),
                  g_get_prgname (), dir);
      return EXIT_FAILURE;
    }
  else if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      /* Translators: %s is the program, then a path */
      g_printerr (_("%s: “%s” exists but is not a folder: a profile is a folder.\n"),
                  g_get_prgname (), dir);
      return EXIT_FAILURE;
    }
  else
    {
      g_print (_("It does not exist yet: Liaison creates it when it first saves something.\n"));
    }

  return 0;
}


/* Running async calls to the end */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

static void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->loop, g_main_loop_unref);
  g_clear_object (&wait->result);
}

static int
report_error (const GError *error)
{
  /* Translators: the first %s is the program, the second what went wrong */
  g_printerr (_("%s: %s\n"), g_get_prgname (), error->message);

  if (g_error_matches (error, LIA_ERROR, LIA_ERROR_ACCESS_DENIED) ||
      g_error_matches (error, LIA_ERROR, LIA_ERROR_STATE_MISMATCH))
    return EXIT_REFUSED;

  return EXIT_FAILURE;
}

/* A secret from standard input: one line, never echoed on a terminal. */
static LiaSecret *
read_secret (const char  *what,
             GError     **error)
{
  struct termios saved;
  gboolean tty = isatty (STDIN_FILENO);
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  if (tty)
    {
      struct termios quiet;

      /* Translators: %s is what to type, such as "client secret" */
      g_printerr (_("%s: "), what);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char)c);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  g_strstrip (line->str);
  line->len = strlen (line->str);
  if (line->len == 0)
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is what was expected, such as "client secret" */
                   _("No %s on standard input"), what);
      return NULL;
    }

  {
    LiaSecret *secret = g_strdup (line->str);

    explicit_bzero (line->str, line->len);
    return secret;
  }
}

static gboolean
load_connections (LiaContext      *context,
                  LiaConnections **out)
{
  LiaConnections *connections = lia_context_get_connections (context);
  const GError *error = lia_connections_get_load_error (connections);

  if (error != NULL)
    {
      report_error (error);
      return FALSE;
    }

  *out = connections;
  return TRUE;
}

static void
print_uri_cb (const char *uri,
              gpointer    user_data)
{
  /* Alone on its line, for scripts and for copying. */
  g_print ("%s\n", uri);
  fflush (stdout);
  g_printerr (_("Open the link above in a browser on this computer and sign in; waiting for the "
                "browser to come back…\n"));
}

static void
open_uri_cb (const char *uri,
             gpointer    user_data)
{
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
  g_printerr (_("Continue in your browser. If none opened, run again with --no-browser to get "
                "the link.\n"));
}

static char **
resolve_scopes (GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (opt_scopes == NULL)
    return lia_ghl_scopes_get_preset (LIA_GHL_SCOPES_READ_WRITE);

  for (guint i = 0; opt_scopes[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (opt_scopes[i], " ,", -1);

      for (guint j = 0; words[j] != NULL; j++)
        {
          if (words[j][0] == '\0')
            continue;
          if (g_str_equal (words[j], "read-only") || g_str_equal (words[j], "read-write"))
            {
              g_auto(GStrv) preset = lia_ghl_scopes_get_preset (g_str_equal (words[j], "read-only")
                                                                ? LIA_GHL_SCOPES_READ_ONLY
                                                                : LIA_GHL_SCOPES_READ_WRITE);

              g_strv_builder_addv (builder, (const char **)preset);
            }
          else
            {
              g_strv_builder_add (builder, words[j]);
            }
        }
    }

  return g_strv_builder_end (builder);
}

static int
connect_ghl (LiaContext     *context,
             LiaConnections *connections,
             GCancellable   *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSecret) secret = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  if (opt_private_token_stdin)
    {
      if (opt_location_id == NULL)
        {
          lia_options_print_usage_error ("%s", _("--private-token-stdin needs --location-id"));
          wait_clear (&wait);
          return LIA_EXIT_USAGE;
        }
      if ((secret = read_secret (_("private integration token"), &error)) == NULL)
        {
          wait_clear (&wait);
          return report_error (error);
        }

      lia_connections_connect_ghl_private_token_async (connections, opt_api_url, secret,
                                                       opt_location_id, cancellable, wait_cb, &wait);
    }
  else
    {
      g_autoptr(LiaOAuthFlow) flow = NULL;
      g_auto(GStrv) scopes = NULL;
      g_autofree char *redirect = NULL;

      if (opt_client_id == NULL || !opt_client_secret_stdin)
        {
          lia_options_print_usage_error ("%s", _("connect ghl needs --client-id and "
                                                 "--client-secret-stdin, or "
                                                 "--private-token-stdin and --location-id"));
          wait_clear (&wait);
          return LIA_EXIT_USAGE;
        }
      if (opt_redirect_port != 0 && opt_redirect_uri != NULL)
        {
          lia_options_print_usage_error ("%s", _("give --redirect-port or --redirect-uri, not both"));
          wait_clear (&wait);
          return LIA_EXIT_USAGE;
        }
      if (opt_redirect_port < 0 || opt_redirect_port > 65535)
        {
          lia_options_print_usage_error ("%s", _("--redirect-port takes a port from 1 to 65535"));
          wait_clear (&wait);
          return LIA_EXIT_USAGE;
        }
      if ((secret = read_secret (_("client secret"), &error)) == NULL)
        {
          wait_clear (&wait);
          return report_error (error);
        }
      scopes = resolve_scopes (&error);

      if (opt_redirect_port != 0)
        redirect = g_strdup_printf ("http://127.0.0.1:%d/oauth/callback", opt_redirect_port);
      else
        redirect = g_strdup (opt_redirect_uri);

      flow = lia_connections_new_ghl_flow (connections, opt_client_id, secret,
                                           (const char * const *)scopes);
      lia_oauth_flow_set_auth_url (flow, opt_auth_url);
      lia_oauth_flow_set_api_url (flow, opt_api_url);
      lia_oauth_flow_set_redirect_uri (flow, redirect);
      lia_oauth_flow_set_launcher (flow, opt_no_browser ? print_uri_cb : open_uri_cb, NULL, NULL);
      lia_connections_connect_ghl_oauth_async (connections, flow, cancellable, wait_cb, &wait);
    }

  ok = lia_connections_connect_finish (connections, wait_for (&wait), &error);
  wait_clear (&wait);
  if (!ok)
    return report_error (error);

  {
    LiaConnection *ghl = lia_connections_get_connection (connections, LIA_SERVICE_GHL);

    /* Translators: %s is a HighLevel location id */
    g_printerr (_("Connected to HighLevel, sub-account %s.\n"), lia_connection_get_location_id (ghl));
  }
  return 0;
}

static int
connect_mojo (LiaContext     *context,
              LiaConnections *connections,
              GCancellable   *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaSecret) key = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  if (!opt_access_key_stdin)
    {
      lia_options_print_usage_error ("%s", _("connect mojo needs --access-key-stdin"));
      wait_clear (&wait);
      return LIA_EXIT_USAGE;
    }
  if ((key = read_secret (_("access key"), &error)) == NULL)
    {
      wait_clear (&wait);
      return report_error (error);
    }

  lia_connections_connect_mojo_async (connections, opt_url, key, opt_read_only, cancellable,
                                      wait_cb, &wait);
  ok = lia_connections_connect_finish (connections, wait_for (&wait), &error);
  wait_clear (&wait);
  if (!ok)
    return report_error (error);

  /* Translators: %s is a web address */
  g_printerr (_("Connected to Mojo Helpdesk at %s.\n"),
              lia_connection_get_url (lia_connections_get_connection (connections, LIA_SERVICE_MOJO)));
  return 0;
}

static const char * const ghl_only[] = {
  "client-id", "client-secret-stdin", "auth-url", "api-url", "scope", "redirect-port",
  "redirect-uri", "no-browser", "private-token-stdin", "location-id",
};
static const char * const mojo_only[] = { "url", "access-key-stdin", "read-only" };

static const char *
misplaced_option (LiaService service)
{
  if (service == LIA_SERVICE_MOJO)
    {
      gboolean given[] = { opt_client_id != NULL, opt_client_secret_stdin, opt_auth_url != NULL,
                           opt_api_url != NULL, opt_scopes != NULL, opt_redirect_port != 0,
                           opt_redirect_uri != NULL, opt_no_browser, opt_private_token_stdin,
                           opt_location_id != NULL };

      for (guint i = 0; i < G_N_ELEMENTS (ghl_only); i++)
        if (given[i])
          return ghl_only[i];
    }
  else
    {
      gboolean given[] = { opt_url != NULL, opt_access_key_stdin, opt_read_only };

      for (guint i = 0; i < G_N_ELEMENTS (mojo_only); i++)
        if (given[i])
          return mojo_only[i];
    }

  return NULL;
}

static int
command_connect (LiaContext  *context,
                 char       **args)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LiaConnections *connections;
  LiaService service;
  const char *misplaced;
  guint interrupt_id;
  int status;

  if (args[0] == NULL || !lia_service_from_string (args[0], &service))
    {
      lia_options_print_usage_error ("%s", _("connect takes “ghl” or “mojo”"));
      return LIA_EXIT_USAGE;
    }
  if ((misplaced = misplaced_option (service)) != NULL)
    {
      /* Translators: the first %s is an option, the second a service such as "mojo" */
      lia_options_print_usage_error (_("--%s is not an option of “connect %s”"), misplaced, args[0]);
      return LIA_EXIT_USAGE;
    }
  if (!load_connections (context, &connections))
    return EXIT_FAILURE;

  interrupt_id = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  if (service == LIA_SERVICE_GHL)
    status = connect_ghl (context, connections, cancellable);
  else
    status = connect_mojo (context, connections, cancellable);
  g_source_remove (interrupt_id);

  return status;
}

static int
command_disconnect (LiaContext  *context,
                    char       **args)
{
  g_autoptr(GError) error = NULL;
  LiaConnections *connections;
  LiaService service;
  Wait wait = { NULL, NULL };
  gboolean ok;

  if (args[0] == NULL || !lia_service_from_string (args[0], &service))
    {
      lia_options_print_usage_error ("%s", _("disconnect takes “ghl” or “mojo”"));
      return LIA_EXIT_USAGE;
    }
  if (!load_connections (context, &connections))
    return EXIT_FAILURE;

  wait.loop = g_main_loop_new (NULL, FALSE);
  lia_connections_disconnect_async (connections, service, NULL, wait_cb, &wait);
  ok = lia_connections_disconnect_finish (connections, wait_for (&wait), &error);
  wait_clear (&wait);
  if (!ok)
    return report_error (error);

  /* Translators: %s is a service */
  g_printerr (_("Disconnected from %s; its secrets are gone from the keyring.\n"),
              lia_service_get_title (service));
  return 0;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
describe_json (JsonBuilder   *builder,
               LiaConnection *connection)
{
  g_autoptr(GEnumClass) methods = g_type_class_ref (LIA_TYPE_CONNECTION_METHOD);
  LiaConnectionMethod method = lia_connection_get_method (connection);

  json_builder_set_member_name (builder, lia_service_to_string (lia_connection_get_service (connection)));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, lia_connection_state_to_string (lia_connection_get_state (connection)));
  add_nullable_string (builder, "method",
                       method != LIA_CONNECTION_METHOD_NONE ? g_enum_get_value (methods, method)->value_nick : NULL);

  if (lia_connection_get_service (connection) == LIA_SERVICE_GHL)
    {
      g_autofree char *expires = lia_connection_dup_expires_at_iso8601 (connection);
      const char * const *scopes = lia_connection_get_scopes (connection);

      add_nullable_string (builder, "location_id", lia_connection_get_location_id (connection));
      add_nullable_string (builder, "location_name", lia_connection_get_location_name (connection));
      json_builder_set_member_name (builder, "scopes");
      json_builder_begin_array (builder);
      for (guint i = 0; scopes[i] != NULL; i++)
        json_builder_add_string_value (builder, scopes[i]);
      json_builder_end_array (builder);
      add_nullable_string (builder, "expires_at", expires);
      add_nullable_string (builder, "api_url", lia_connection_get_api_url (connection));
    }
  else
    {
      add_nullable_string (builder, "url", lia_connection_get_url (connection));
      json_builder_set_member_name (builder, "read_only");
      json_builder_add_boolean_value (builder, lia_connection_get_read_only (connection));
    }

  add_nullable_string (builder, "error", lia_connection_get_last_error (connection));
  json_builder_end_object (builder);
}

static void
describe_text (LiaConnection *connection)
{
  LiaService service = lia_connection_get_service (connection);
  LiaConnectionState state = lia_connection_get_state (connection);
  static const char * const state_titles[] = {
    [LIA_CONNECTION_DISCONNECTED] = N_("not connected"),
    [LIA_CONNECTION_CONNECTED] = N_("connected"),
    [LIA_CONNECTION_NEEDS_SIGN_IN] = N_("needs a new sign-in"),
    [LIA_CONNECTION_UNREACHABLE] = N_("unreachable"),
  };

  /* Translators: the first %s is a service, the second its state */
  g_print (_("%s: %s\n"), lia_service_get_title (service), _(state_titles[state]));
  if (state == LIA_CONNECTION_DISCONNECTED)
    return;

  if (service == LIA_SERVICE_GHL)
    {
      g_autofree char *expires = lia_connection_dup_expires_at_iso8601 (connection);
      g_autofree char *scopes = g_strjoinv (", ", (char **)lia_connection_get_scopes (connection));

      /* Translators: the first %s is a location id, the second its name or nothing */
      g_print (_("  Sub-account: %s %s\n"), lia_connection_get_location_id (connection),
               lia_connection_get_location_name (connection) ?: "");
      g_print (_("  Signed in with: %s\n"),
               lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_OAUTH
               ? _("OAuth (Marketplace app)") : _("private integration token"));
      if (scopes[0] != '\0')
        g_print (_("  Scopes: %s\n"), scopes);
      if (expires != NULL)
        g_print (_("  Access token expires: %s (refreshed automatically)\n"), expires);
    }
  else
    {
      g_print (_("  Helpdesk: %s\n"), lia_connection_get_url (connection));
      g_print (_("  Key: %s\n"), lia_connection_get_read_only (connection) ? _("read-only") : _("read and write"));
    }

  if (lia_connection_get_last_error (connection) != NULL)
    g_print (_("  Problem: %s\n"), lia_connection_get_last_error (connection));
}

static int
command_status (LiaContext  *context,
                char       **args)
{
  LiaConnections *connections;

  if (!load_connections (context, &connections))
    return EXIT_FAILURE;

  /* Offline by default: the facts kept in the profile. --check asks each
   * connected service with one cheap read, and the state follows. */
  if (opt_check)
    {
      for (LiaService service = LIA_SERVICE_GHL; service <= LIA_SERVICE_MOJO; service++)
        {
          LiaConnection *connection = lia_connections_get_connection (connections, service);
          Wait wait = { NULL, NULL };

          if (lia_connection_get_state (connection) == LIA_CONNECTION_DISCONNECTED ||
              lia_connection_get_state (connection) == LIA_CONNECTION_NEEDS_SIGN_IN)
            continue;

          wait.loop = g_main_loop_new (NULL, FALSE);
          lia_connections_verify_async (connections, service, NULL, wait_cb, &wait);
          /* The outcome is in the connection's state and last error. */
          lia_connections_verify_finish (connections, wait_for (&wait), NULL);
          wait_clear (&wait);
        }
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      describe_json (builder, lia_connections_get_connection (connections, LIA_SERVICE_GHL));
      describe_json (builder, lia_connections_get_connection (connections, LIA_SERVICE_MOJO));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      describe_text (lia_connections_get_connection (connections, LIA_SERVICE_GHL));
      describe_text (lia_connections_get_connection (connections, LIA_SERVICE_MOJO));
    }

  return 0;
}

/* The catalog: one line per operation, or the JSON array the explorer and
 * scripts read. */
static int
command_operations (LiaContext  *context,
                    char       **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaCatalog) catalog = lia_catalog_new (&error);
  guint n;

  if (catalog == NULL)
    {
      g_printerr ("liaison-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  if (opt_json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LiaOperation) operation = g_list_model_get_item (G_LIST_MODEL (catalog), i);

          json_array_add_element (array, lia_operation_to_json (operation));
        }
      json_node_set_array (root, array);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LiaOperation) operation = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      g_print ("%-40s %-6s %s\n", lia_operation_get_id (operation), lia_operation_get_method (operation),
               lia_operation_get_path (operation));
    }
  /* Translators: %u is a number of operations */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u operation\n", "%u operations\n", n), n);
  return 0;
}

/* Exit statuses of `call`, by the kind of failure. */
static int
exit_status_for (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != LIA_ERROR)
    return EXIT_FAILURE;

  switch (error->code)
    {
    case LIA_ERROR_UNAUTHORIZED:
    case LIA_ERROR_FORBIDDEN:
    case LIA_ERROR_NEEDS_SIGN_IN:
    case LIA_ERROR_READ_ONLY:
      return 3;
    case LIA_ERROR_NOT_FOUND:
      return 4;
    case LIA_ERROR_VALIDATION:
    case LIA_ERROR_DUPLICATE:
      return 5;
    case LIA_ERROR_RATE_LIMITED:
    case LIA_ERROR_NETWORK:
    case LIA_ERROR_TIMEOUT:
      return 6;
    default:
      return EXIT_FAILURE;
    }
}

/* The request of @operation from --param and --body: the path with its
 * parameters in place and the query, and the body. FALSE with a usage
 * message when something is missing or unknown. */
static gboolean
build_request (LiaOperation   *operation,
               LiaConnection  *connection,
               char          **out_path,
               GBytes        **out_body)
{
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) path = g_string_new (lia_operation_get_path (operation));
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *body_text = NULL;
  const LiaParam *body_param = lia_operation_find_param (operation, "body");

  for (guint i = 0; opt_params != NULL && opt_params[i] != NULL; i++)
    {
      const char *equals = strchr (opt_params[i], '=');
      g_autofree char *name = equals != NULL ? g_strndup (opt_params[i], equals - opt_params[i]) : NULL;
      const LiaParam *param = name != NULL ? lia_operation_find_param (operation, name) : NULL;

      if (name == NULL)
        {
          /* Translators: %s is what the user typed after --param */
          lia_options_print_usage_error (_("--param takes NAME=VALUE, not “%s”"), opt_params[i]);
          return FALSE;
        }
      if (param == NULL || param->location == LIA_PARAM_BODY)
        {
          /* Translators: %s is what the user typed after --param */
          lia_options_print_usage_error (_("“%s” is not a parameter of this operation (see liaison-cli operations)"),
                                         name);
          return FALSE;
        }
      if (g_hash_table_contains (given, name))
        {
          /* Translators: %s is a parameter's name */
          lia_options_print_usage_error (_("--param %s is given twice"), name);
          return FALSE;
        }
      g_hash_table_replace (given, g_steal_pointer (&name), g_strdup (equals + 1));
    }

  for (guint i = 0; i < lia_operation_get_n_params (operation); i++)
    {
      const LiaParam *param = lia_operation_get_param (operation, i);
      const char *value = g_hash_table_lookup (given, param->name);
      g_autofree char *escaped = NULL;

      if (param->location == LIA_PARAM_BODY)
        continue;
      if (value == NULL && g_strcmp0 (param->fill, "location") == 0)
        value = lia_connection_get_location_id (connection);
      if (value == NULL)
        {
          if (param->required)
            {
              /* Translators: %s is a parameter's name */
              lia_options_print_usage_error (_("The operation needs --param %s=…"), param->name);
              return FALSE;
            }
          continue;
        }

      escaped = g_uri_escape_string (value, NULL, FALSE);
      if (param->location == LIA_PARAM_PATH)
        {
          g_autofree char *placeholder = g_strdup_printf ("{%s}", param->name);

          g_string_replace (path, placeholder, escaped, 1);
        }
      else
        {
          g_string_append_printf (query, "%s%s=%s", query->len == 0 ? "?" : "&", param->name, escaped);
        }
    }
  g_string_append (path, query->str);

  *out_body = NULL;
  if (opt_body != NULL && body_param == NULL)
    {
      lia_options_print_usage_error ("%s", _("This operation takes no body"));
      return FALSE;
    }
  if (opt_body != NULL && opt_body[0] == '@')
    {
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (opt_body + 1, &body_text, NULL, &error))
        {
          g_printerr ("liaison-cli: %s\n", error->message);
          return FALSE;
        }
    }
  else if (opt_body != NULL)
    {
      body_text = g_strdup (opt_body);
    }
  else if (body_param != NULL && (body_param->required || body_param->fill != NULL))
    {
      body_text = g_strdup ("{}");
    }

  if (body_text != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GError) error = NULL;
      JsonNode *root;
      gsize length = 0;
      char *text;

      if (!json_parser_load_from_data (parser, body_text, -1, &error))
        {
          /* Translators: %s is the JSON parser's reason */
          lia_options_print_usage_error (_("The body is not valid JSON: %s"), error->message);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      /* HighLevel wants the location in the body of these; it comes from
       * the connection unless given. */
      if (body_param != NULL && g_strcmp0 (body_param->fill, "location") == 0 &&
          JSON_NODE_HOLDS_OBJECT (root) && !json_object_has_member (json_node_get_object (root), "locationId") &&
          lia_connection_get_location_id (connection) != NULL)
        json_object_set_string_member (json_node_get_object (root), "locationId",
                                       lia_connection_get_location_id (connection));
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, &length);
      *out_body = g_bytes_new_take (text, length);
    }

  *out_path = g_string_free (g_steal_pointer (&path), FALSE);
  return TRUE;
}

/* The answer as JSON, every secret in it (a user's access_key, a token)
 * replaced: what Liaison prints may end up in a file or on a screen. */
static JsonNode *
parse_or_string (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *node;

  if (data != NULL && size > 0)
    {
      g_autofree char *redacted = lia_redact_json (data, (gssize)size);

      if (redacted != NULL && json_parser_load_from_data (parser, redacted, -1, NULL))
        return json_node_copy (json_parser_get_root (parser));
    }

  node = json_node_new (JSON_NODE_VALUE);
  if (data != NULL && size > 0 && g_utf8_validate (data, (gssize)size, NULL))
    {
      g_autofree char *text = g_strndup (data, size);

      json_node_set_string (node, text);
    }
  else
    {
      json_node_set_string (node, "");
    }
  return node;
}

/* Runs one operation of the catalog with the profile's connection. */
static int
command_call (LiaContext  *context,
              char       **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LiaCatalog) catalog = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  LiaConnections *connections;
  LiaOperation *operation;
  LiaService service;
  Wait wait = { NULL, NULL };
  gint64 started;
  gint64 duration_ms;

  if (args[0] == NULL)
    {
      lia_options_print_usage_error ("%s", _("Name the operation to call (see liaison-cli operations)"));
      return LIA_EXIT_USAGE;
    }
  if (!(catalog = lia_catalog_new (&error)))
    {
      g_printerr ("liaison-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!(operation = lia_catalog_lookup (catalog, args[0])))
    {
      /* Translators: %s is what the user typed */
      lia_options_print_usage_error (_("Unknown operation “%s” (see liaison-cli operations)"), args[0]);
      return LIA_EXIT_USAGE;
    }
  if (!load_connections (context, &connections))
    return EXIT_FAILURE;

  lia_service_from_string (lia_operation_get_service (operation), &service);
  if (!build_request (operation, lia_connections_get_connection (connections, service), &path, &request_body))
    return LIA_EXIT_USAGE;

  wait.loop = g_main_loop_new (NULL, FALSE);
  started = g_get_monotonic_time ();
  lia_connections_request_async (connections, service, lia_operation_get_method (operation), path,
                                 request_body, request_body != NULL ? "application/json" : NULL,
                                 NULL, wait_cb, &wait);
  body = lia_connections_request_finish_full (connections, wait_for (&wait), &message, &error);
  duration_ms = (g_get_monotonic_time () - started) / 1000;
  wait_clear (&wait);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      SoupMessageHeadersIter iter;
      const char *name, *value;
      GBytes *shown = body;
      g_autoptr(GBytes) error_body = NULL;

      if (shown == NULL && message != NULL)
        shown = error_body = g_bytes_ref (g_object_get_data (G_OBJECT (message), "lia-response-body") ?:
                                          g_bytes_new_static ("", 0));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, message != NULL ? soup_message_get_status (message) : 0);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, duration_ms);
      json_builder_set_member_name (builder, "headers");
      json_builder_begin_object (builder);
      if (message != NULL && soup_message_get_response_headers (message) != NULL)
        {
          soup_message_headers_iter_init (&iter, soup_message_get_response_headers (message));
          while (soup_message_headers_iter_next (&iter, &name, &value))
            if (g_ascii_strncasecmp (name, "X-RateLimit-", 12) == 0 || g_ascii_strcasecmp (name, "Retry-After") == 0)
              {
                json_builder_set_member_name (builder, name);
                json_builder_add_string_value (builder, value);
              }
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "body");
      json_builder_add_value (builder, parse_or_string (shown));
      if (error != NULL)
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else if (body != NULL)
    {
      g_autoptr(JsonNode) node = parse_or_string (body);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_print ("%s\n", json_node_get_string (node));
        }
      else
        {
          json_generator_set_root (generator, node);
          json_generator_set_pretty (generator, TRUE);
          text = json_generator_to_data (generator, NULL);
          g_print ("%s\n", text);
        }
    }

  if (error != NULL)
    {
      g_printerr ("liaison-cli: %s\n", error->message);
      return exit_status_for (error);
    }

  return 0;
}

static const Command commands[] = {
  { "call", N_("Call one operation of the catalog: call ID [--param NAME=VALUE]… [--body JSON|@FILE] [--json]"), 1, command_call, call_entries },
  { "connect", N_("Connect HighLevel (ghl) or Mojo Helpdesk (mojo)"), 1, command_connect, connect_entries },
  { "disconnect", N_("Disconnect ghl or mojo and remove its secrets"), 1, command_disconnect, NULL },
  { "operations", N_("List every operation of both services (--json)"), 0, command_operations, operations_entries },
  { "profile", N_("Show the profile folder in use"), 0, command_profile, NULL },
  { "status", N_("Show both connections (--json, --check to ask the services)"), 0, command_status, status_entries },
  { "version", N_("Print the version"), 0, command_version, NULL },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-12s %s\n", commands[i].name, _(commands[i].summary));

  g_string_append_c (text, '\n');
  g_string_append (text, _("Secrets are never read from or printed to the command line: "
                           "they stay in the keyring."));
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

/* GOptionContext leaves a "--" in @argv when arguments follow it: they are
 * arguments whatever they look like, and the "--" itself is none. */
static void
drop_end_of_options (int   *argc,
                     char **argv)
{
  for (int i = 1; i < *argc; i++)
    {
      if (g_strcmp0 (argv[i], "--") == 0)
        {
          memmove (&argv[i], &argv[i + 1], sizeof (char *) * (*argc - i));
          *argc -= 1;
          break;
        }
    }
}

/* The command named in @argv, before options are parsed: the first
 * argument that is neither an option nor an option's value. */
static const Command *
find_command (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return NULL;
      if (argv[i][0] == '-')
        {
          if (strchr (argv[i], '=') == NULL && g_strv_contains (value_options, argv[i]))
            i++;
          continue;
        }
      for (guint j = 0; j < G_N_ELEMENTS (commands); j++)
        {
          if (g_str_equal (argv[i], commands[j].name))
            return &commands[j];
        }
      return NULL;
    }

  return NULL;
}

static void
clear_options (void)
{
  g_clear_pointer (&opt_profile, g_free);
  g_clear_pointer (&opt_client_id, g_free);
  g_clear_pointer (&opt_auth_url, g_free);
  g_clear_pointer (&opt_api_url, g_free);
  g_clear_pointer (&opt_scopes, g_strfreev);
  g_clear_pointer (&opt_redirect_uri, g_free);
  g_clear_pointer (&opt_location_id, g_free);
  g_clear_pointer (&opt_url, g_free);
  g_clear_pointer (&opt_params, g_strfreev);
  g_clear_pointer (&opt_body, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(LiaContext) context = NULL;
  g_autofree char *description = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("liaison-cli");
  /* Standard output is for results (the sign-in link, the status JSON):
   * debug and info messages go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  option_context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_summary (option_context,
                                _("Run Liaison’s sync engine without a window: for scripts, "
                                  "cron and servers."));
  description = describe_commands ();
  g_option_context_set_description (option_context, description);
  g_option_context_add_main_entries (option_context, main_entries, GETTEXT_PACKAGE);
  {
    /* The options of the command given, and only those. */
    const Command *command = find_command (argc, argv);

    if (command != NULL && command->entries != NULL)
      g_option_context_add_main_entries (option_context, command->entries, GETTEXT_PACKAGE);
  }
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);

  /* Options may come before or after the command; what is not an option
   * stays in @argv, in order, for the command. */
  if ((status = lia_options_parse (option_context, &argc, &argv)) >= 0)
    {
      clear_options ();
      return status;
    }
  drop_end_of_options (&argc, argv);

  if (opt_version)
    {
      clear_options ();
      return command_version (NULL, NULL);
    }

  if (argc < 2)
    {
      lia_options_print_usage_error ("%s", _("No command given"));
      return LIA_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        {
          if ((guint)argc - 2 > commands[i].max_args)
            {
              /* Translators: the first %s is what the user typed, the second a command */
              lia_options_print_usage_error (_("Unexpected argument “%s” after “%s”"),
                                             argv[2 + commands[i].max_args], commands[i].name);
              clear_options ();
              return LIA_EXIT_USAGE;
            }

          context = lia_context_new (NULL, opt_profile);
          status = commands[i].run (context, &argv[2]);
          clear_options ();
          return status;
        }
    }

  /* Translators: %s is what the user typed */
  lia_options_print_usage_error (_("Unknown command “%s”"), argv[1]);
  clear_options ();
  return LIA_EXIT_USAGE;
}
