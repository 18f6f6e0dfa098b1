/* lia-options.c: command-line parsing shared by the three programs
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaOptions"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-options.h"

/**
 * lia_options_print_usage_error:
 *
 * Prints one line to standard error: the program's name, the message, and
 * where to find help.
 */
void
lia_options_print_usage_error (const char *format,
                               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s is the program, the second what was wrong, the third the program */
  g_printerr (_("%s: %s. Try “%s --help”.\n"), g_get_prgname (), message, g_get_prgname ());
}

/**
 * lia_options_parse:
 * @context: the option context, with its entries
 * @argc: the argument count
 * @argv: the arguments
 *
 * Parses @argv with @context. GOptionContext would exit with status 1 on a
 * bad option; this prints a single line instead and reports the usage error
 * status, so that scripts can tell a typo from a failed run.
 *
 * Returns: -1 when parsing succeeded, otherwise the status to exit with
 */
int
lia_options_parse (GOptionContext   *context,
                   int              *argc,
                   char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (context != NULL, LIA_EXIT_USAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      lia_options_print_usage_error ("%s", error->message);
      return LIA_EXIT_USAGE;
    }

  return -1;
}
