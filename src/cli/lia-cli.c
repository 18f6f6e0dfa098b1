/* lia-cli.c: liaison-cli, the engine without a window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaCli"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "lia-context.h"
#include "lia-options.h"

typedef struct
{
  const char *name;
  const char *summary;
  guint       max_args;
  int       (*run) (LiaContext  *context,
                    char       **args);
} Command;

static gboolean  opt_version;
static char     *opt_profile;

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

static const Command commands[] = {
  { "profile", N_("Show the profile folder in use"), 0, command_profile },
  { "version", N_("Print the version"), 0, command_version },
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

  option_context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_summary (option_context,
                                _("Run Liaison’s sync engine without a window: for scripts, "
                                  "cron and servers."));
  description = describe_commands ();
  g_option_context_set_description (option_context, description);
  g_option_context_add_main_entries (option_context, main_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);

  /* Options may come before or after the command; what is not an option
   * stays in @argv, in order, for the command. */
  if ((status = lia_options_parse (option_context, &argc, &argv)) >= 0)
    {
      g_clear_pointer (&opt_profile, g_free);
      return status;
    }
  drop_end_of_options (&argc, argv);

  if (opt_version)
    {
      g_clear_pointer (&opt_profile, g_free);
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
              g_clear_pointer (&opt_profile, g_free);
              return LIA_EXIT_USAGE;
            }

          context = lia_context_new (NULL, opt_profile);
          status = commands[i].run (context, &argv[2]);
          g_clear_pointer (&opt_profile, g_free);
          return status;
        }
    }

  /* Translators: %s is what the user typed */
  lia_options_print_usage_error (_("Unknown command “%s”"), argv[1]);
  g_clear_pointer (&opt_profile, g_free);
  return LIA_EXIT_USAGE;
}
