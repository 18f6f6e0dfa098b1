/* lia-options.h: command-line parsing shared by the three programs
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit status for a command line we could not understand (as getopt tools do). */
#define LIA_EXIT_USAGE 2

int                  lia_options_parse                    (GOptionContext     *context,
                                                           int                *argc,
                                                           char             ***argv);

void                 lia_options_print_usage_error        (const char         *format,
                                                           ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
