/* lia-ghl-scopes.c: the HighLevel scopes Liaison asks for, as data
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlScopes"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-ghl-scopes.h"

/*
 * The scopes a user may pick one by one in the sign-in wizard (and with
 * `liaison-cli connect ghl --scope`), each with the line that explains it,
 * and the two presets. HighLevel joins scopes with spaces; the consent URL
 * encodes them as %20 (lia_http_encode_form), never "+".
 */

static const LiaGhlScope scopes[] = {
  { "contacts.readonly", N_("Read contacts, their notes, tasks and appointments") },
  { "contacts.write", N_("Create and change contacts, their notes, tasks and tags") },
  { "locations.readonly", N_("Read the sub-account’s name and settings") },
  { "locations/customFields.readonly", N_("Read the sub-account’s custom fields") },
  { "locations/tags.readonly", N_("Read the sub-account’s tags") },
  { "locations/tasks.readonly", N_("Search the sub-account’s tasks") },
};

static const char * const read_only[] = {
  "contacts.readonly",
  "locations.readonly",
  "locations/customFields.readonly",
  "locations/tags.readonly",
  "locations/tasks.readonly",
  NULL,
};

static const char * const read_write[] = {
  "contacts.readonly",
  "contacts.write",
  "locations.readonly",
  "locations/customFields.readonly",
  "locations/tags.readonly",
  "locations/tasks.readonly",
  NULL,
};

/**
 * lia_ghl_scopes_get_all:
 *
 * Returns: (array length=n_scopes): every scope Liaison knows, in order
 */
const LiaGhlScope *
lia_ghl_scopes_get_all (guint *n_scopes)
{
  if (n_scopes != NULL)
    *n_scopes = G_N_ELEMENTS (scopes);

  return scopes;
}

/**
 * lia_ghl_scope_get_summary:
 *
 * Returns: (nullable): the translated one-line explanation of @name
 */
const char *
lia_ghl_scope_get_summary (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      if (g_strcmp0 (scopes[i].name, name) == 0)
        return _(scopes[i].summary);
    }

  return NULL;
}

gboolean
lia_ghl_scope_is_known (const char *name)
{
  return lia_ghl_scope_get_summary (name) != NULL;
}

/**
 * lia_ghl_scopes_get_preset:
 *
 * Returns: (transfer full): the scopes of @preset
 */
char **
lia_ghl_scopes_get_preset (LiaGhlScopePreset preset)
{
  return g_strdupv ((char **)(preset == LIA_GHL_SCOPES_READ_WRITE ? read_write : read_only));
}

const char *
lia_ghl_scopes_get_preset_title (LiaGhlScopePreset preset)
{
  return preset == LIA_GHL_SCOPES_READ_WRITE ? _("Read and write") : _("Read only");
}
