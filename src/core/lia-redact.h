/* lia-redact.h: keep secrets out of logs, errors and copied commands
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIA_REDACTED "[redacted]"

gboolean             lia_redact_is_secret_name            (const char         *name);

char                *lia_redact_uri                       (const char         *uri) G_GNUC_WARN_UNUSED_RESULT;

char                *lia_redact_form                      (const char         *form) G_GNUC_WARN_UNUSED_RESULT;

char                *lia_redact_json                      (const char         *json,
                                                           gssize              length) G_GNUC_WARN_UNUSED_RESULT;

char                *lia_redact_header                    (const char         *name,
                                                           const char         *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
