/* lia-sandbox-main.c: liaison-sandbox, the two API emulators as a server
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSandboxMain"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "lia-options.h"
#include "lia-sandbox.h"

static gboolean  opt_version;
static gboolean  opt_auto_approve;
static int       opt_ghl_port;
static int       opt_mojo_port;
static gint64    opt_seed = 1;
static int       opt_contacts = 200;
static int       opt_latency_ms;
static int       opt_jitter_ms;
static char     *opt_rate_limit;
static char     *opt_daily_limit;
static int       opt_token_lifetime = 86399;
static char     *opt_allow_duplicates;
static int       opt_search_lag_ms;
static int       opt_fault_rate;
static char     *opt_faults;
static char    **opt_redirect_uris;
static char     *opt_state;

static const GOptionEntry main_entries[] = {
  { "ghl-port", 0, 0, G_OPTION_ARG_INT, &opt_ghl_port,
    N_("Serve the HighLevel emulator on PORT of the loopback interface (default 0: any free port)"), N_("PORT") },
  { "mojo-port", 0, 0, G_OPTION_ARG_INT, &opt_mojo_port,
    N_("Serve the Mojo Helpdesk emulator on PORT (default 0: any free port)"), N_("PORT") },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed,
    N_("Build the demo data from seed N: the same seed gives the same data and credentials (default 1)"), N_("N") },
  { "contacts", 0, 0, G_OPTION_ARG_INT, &opt_contacts,
    N_("Make N demo people (default 200)"), N_("N") },
  { "latency-ms", 0, 0, G_OPTION_ARG_INT, &opt_latency_ms,
    N_("Delay every answer by N milliseconds"), N_("N") },
  { "jitter-ms", 0, 0, G_OPTION_ARG_INT, &opt_jitter_ms,
    N_("Add up to N milliseconds more, at random"), N_("N") },
  { "rate-limit", 0, 0, G_OPTION_ARG_STRING, &opt_rate_limit,
    N_("HighLevel’s burst limit per app and location (default 100/10; “off” for none)"), N_("N/SECONDS|off") },
  { "daily-limit", 0, 0, G_OPTION_ARG_STRING, &opt_daily_limit,
    N_("HighLevel’s daily limit per app and location (default 200000; “off” for none)"), N_("N|off") },
  { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &opt_token_lifetime,
    N_("HighLevel access tokens expire after SECONDS (default 86399)"), N_("SECONDS") },
  { "allow-duplicates", 0, 0, G_OPTION_ARG_STRING, &opt_allow_duplicates,
    N_("Whether the HighLevel location allows duplicate contacts (default no)"), N_("yes|no") },
  { "search-lag-ms", 0, 0, G_OPTION_ARG_INT, &opt_search_lag_ms,
    N_("Searches and lists see writes only after N milliseconds, as the real indexes do"), N_("N") },
  { "fault-rate", 0, 0, G_OPTION_ARG_INT, &opt_fault_rate,
    N_("Answer PERCENT of API requests with a fault"), N_("PERCENT") },
  { "faults", 0, 0, G_OPTION_ARG_STRING, &opt_faults,
    N_("The faults to inject (default all: 429,500,502,503,reset,truncate,stall)"), N_("LIST") },
  { "auto-approve", 0, 0, G_OPTION_ARG_NONE, &opt_auto_approve,
    N_("Approve HighLevel sign-in requests without showing the consent page"), NULL },
  { "redirect-uri", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_redirect_uris,
    N_("Register one more OAuth redirect URI (may be repeated)"), N_("URI") },
  { "state", 0, 0, G_OPTION_ARG_FILENAME, &opt_state,
    N_("Keep the data in FILE across restarts"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

static gboolean
check_range (const char *flag,
             gint64      value,
             gint64      min,
             gint64      max)
{
  if (value >= min && value <= max)
    return TRUE;

  /* Translators: --flag must be between N and M */
  lia_options_print_usage_error (_("%s must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT),
                                 flag, min, max);
  return FALSE;
}

static gboolean
fill_options (LiaSandboxOptions *options)
{
  g_autoptr(GError) error = NULL;

  if (!check_range ("--ghl-port", opt_ghl_port, 0, 65535) ||
      !check_range ("--mojo-port", opt_mojo_port, 0, 65535) ||
      !check_range ("--seed", opt_seed, 0, G_MAXINT64) ||
      !check_range ("--contacts", opt_contacts, 0, 1000000) ||
      !check_range ("--latency-ms", opt_latency_ms, 0, 600000) ||
      !check_range ("--jitter-ms", opt_jitter_ms, 0, 600000) ||
      !check_range ("--token-lifetime", opt_token_lifetime, 1, 10 * 365 * 86400) ||
      !check_range ("--search-lag-ms", opt_search_lag_ms, 0, 3600000) ||
      !check_range ("--fault-rate", opt_fault_rate, 0, 100))
    return FALSE;

  options->ghl_port = opt_ghl_port;
  options->mojo_port = opt_mojo_port;
  options->seed = (guint64)opt_seed;
  options->contacts = opt_contacts;
  options->latency_ms = opt_latency_ms;
  options->jitter_ms = opt_jitter_ms;
  options->token_lifetime = opt_token_lifetime;
  options->search_lag_ms = opt_search_lag_ms;
  options->fault_rate = opt_fault_rate;
  options->auto_approve = opt_auto_approve;
  options->redirect_uris = g_strdupv (opt_redirect_uris);
  options->state_file = g_strdup (opt_state);

  if (opt_rate_limit != NULL &&
      !lia_sandbox_parse_rate_limit (opt_rate_limit, &options->rate_limit_max, &options->rate_limit_window))
    {
      lia_options_print_usage_error (_("--rate-limit takes N/SECONDS, such as 100/10, or “off”"));
      return FALSE;
    }

  if (opt_daily_limit != NULL && !lia_sandbox_parse_limit (opt_daily_limit, &options->daily_limit))
    {
      lia_options_print_usage_error (_("--daily-limit takes a number or “off”"));
      return FALSE;
    }

  if (opt_allow_duplicates != NULL)
    {
      if (g_strcmp0 (opt_allow_duplicates, "yes") == 0)
        options->allow_duplicates = TRUE;
      else if (g_strcmp0 (opt_allow_duplicates, "no") == 0)
        options->allow_duplicates = FALSE;
      else
        {
          lia_options_print_usage_error (_("--allow-duplicates takes “yes” or “no”"));
          return FALSE;
        }
    }

  options->faults = LIA_SANDBOX_FAULTS_ALL;
  if (opt_faults != NULL && !lia_sandbox_faults_parse (opt_faults, &options->faults, &error))
    {
      lia_options_print_usage_error ("--faults: %s", error->message);
      return FALSE;
    }

  for (guint i = 0; opt_redirect_uris != NULL && opt_redirect_uris[i] != NULL; i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (opt_redirect_uris[i], G_URI_FLAGS_NONE, NULL);

      /* RFC 6749 §3.1.2: a redirection URI has no fragment. */
      if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_fragment (uri) != NULL)
        {
          /* Translators: %s is what the user typed */
          lia_options_print_usage_error (_("--redirect-uri: “%s” is not an absolute URI without a fragment"), opt_redirect_uris[i]);
          return FALSE;
        }
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(LiaSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  LiaSandboxOptions options;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("liaison-sandbox");

  option_context = g_option_context_new (NULL);
  g_option_context_set_summary (option_context,
                                _("Serve local emulators of the HighLevel and Mojo Helpdesk APIs, "
                                  "with demo data, on the loopback interface only. Nothing "
                                  "reaches the real services.\n\n"
                                  "Once both listen, one JSON line on standard output gives their "
                                  "URLs and the demo credentials. Stop with Ctrl+C."));
  g_option_context_add_main_entries (option_context, main_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);

  if ((status = lia_options_parse (option_context, &argc, &argv)) >= 0)
    return status;

  if (opt_version)
    {
      g_print ("%s %s\n", "liaison-sandbox", PACKAGE_VERSION);
      return 0;
    }

  if (argc > 1)
    {
      /* Translators: %s is what the user typed */
      lia_options_print_usage_error (_("Unexpected argument “%s”"), argv[1]);
      return LIA_EXIT_USAGE;
    }

  lia_sandbox_options_init (&options);
  if (!fill_options (&options))
    {
      lia_sandbox_options_clear (&options);
      return LIA_EXIT_USAGE;
    }

  sandbox = lia_sandbox_new (&options);
  lia_sandbox_options_clear (&options);

  /* Catch the signals before the line goes out: whoever reads it may stop us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  if (!lia_sandbox_start (sandbox, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  line = lia_sandbox_get_info_line (sandbox);
  g_print ("%s\n", line);
  fflush (stdout);

  g_main_loop_run (loop);

  lia_sandbox_stop (sandbox);

  g_clear_pointer (&opt_rate_limit, g_free);
  g_clear_pointer (&opt_daily_limit, g_free);
  g_clear_pointer (&opt_allow_duplicates, g_free);
  g_clear_pointer (&opt_faults, g_free);
  g_clear_pointer (&opt_redirect_uris, g_strfreev);
  g_clear_pointer (&opt_state, g_free);

  return 0;
}
