/* lia-sandbox-main.c: liaison-sandbox, the two API emulators as a server
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSandboxMain"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "lia-options.h"

static gboolean opt_version;
static gboolean opt_auto_approve;
static int      opt_port = 8720;

static const GOptionEntry main_entries[] = {
  { "port", 0, 0, G_OPTION_ARG_INT, &opt_port,
    N_("Listen on PORT of the loopback interface (0 picks a free one; default 8720)"), N_("PORT") },
  { "auto-approve", 0, 0, G_OPTION_ARG_NONE, &opt_auto_approve,
    N_("Approve HighLevel sign-in requests without showing the consent page"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Print the version and exit"), NULL },
  { NULL }
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) option_context = NULL;
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
                                  "reaches the real services."));
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

  if (opt_port < 0 || opt_port > 65535)
    {
      lia_options_print_usage_error (_("The port must be between 0 and 65535"));
      return LIA_EXIT_USAGE;
    }

  /* The emulators arrive with issue #3; until then say so plainly. */
  g_printerr (_("%s: the API emulators are not part of this build yet.\n"), g_get_prgname ());
  return 1;
}
