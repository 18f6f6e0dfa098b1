/* lia-test-util.h: helpers shared by the widget tests
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*LiaTestCondition) (gpointer data);

/* Iterates the default main context until @condition holds or @timeout_ms pass. */
static inline gboolean
lia_test_wait_until (LiaTestCondition condition,
                     gpointer         data,
                     guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static inline void
lia_test_iterate (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static inline gboolean
lia_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* Widget tests need a display; without one they report a TAP skip (an empty
 * plan with a reason, and status 0), which meson counts as skipped. */
static inline void
lia_test_init_ui (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the tests with build-aux/test.sh\n");
      exit (0);
    }

  adw_init ();
}

G_END_DECLS
