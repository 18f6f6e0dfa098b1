/* lia-sandbox-clock.h: the sandbox's replaceable clock
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the time in microseconds since the Unix epoch. */
typedef gint64 (*LiaSandboxClockFunc) (gpointer data);

static inline gint64
lia_sandbox_clock_real (gpointer data)
{
  return g_get_real_time ();
}

G_END_DECLS
