/* lia-debug.h: trace macros, compiled in only with -Dtracing=true
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "config.h"

G_BEGIN_DECLS

#if ENABLE_TRACING
# define LIA_ENTRY     g_debug ("ENTRY: %s():%d", G_STRFUNC, __LINE__)
# define LIA_EXIT      G_STMT_START { g_debug (" EXIT: %s():%d", G_STRFUNC, __LINE__); return; } G_STMT_END
# define LIA_RETURN(x) G_STMT_START { g_debug (" EXIT: %s():%d", G_STRFUNC, __LINE__); return (x); } G_STMT_END
#else
# define LIA_ENTRY     G_STMT_START { } G_STMT_END
# define LIA_EXIT      return
# define LIA_RETURN(x) return (x)
#endif

G_END_DECLS
