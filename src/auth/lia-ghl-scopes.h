/* lia-ghl-scopes.h: the HighLevel scopes Liaison asks for, as data
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIA_GHL_SCOPES_READ_ONLY,
  LIA_GHL_SCOPES_READ_WRITE,
} LiaGhlScopePreset;

typedef struct
{
  const char *name;     /* as HighLevel spells it */
  const char *summary;  /* one line, untranslated: pass it through _() */
} LiaGhlScope;

const LiaGhlScope   *lia_ghl_scopes_get_all               (guint              *n_scopes);

const char          *lia_ghl_scope_get_summary            (const char         *name);

gboolean             lia_ghl_scope_is_known               (const char         *name);

char               **lia_ghl_scopes_get_preset            (LiaGhlScopePreset   preset) G_GNUC_WARN_UNUSED_RESULT;

const char          *lia_ghl_scopes_get_preset_title      (LiaGhlScopePreset   preset);

G_END_DECLS
