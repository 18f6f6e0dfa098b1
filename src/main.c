/* main.c: the entry point of the Liaison window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaMain"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "lia-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LiaApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("liaison");
  g_set_application_name (_("Liaison"));

  /* A bad option ends here with one line and status 2, before GApplication's own parser. */
  if ((status = lia_application_check_command_line (argc, argv)) >= 0)
    return status;

  app = lia_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
