/* lia-error.c: Liaison's one error domain
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaError"

#include "config.h"

#include "lia-error.h"

G_DEFINE_QUARK (lia-error-quark, lia_error)

/**
 * lia_error_code_to_string:
 *
 * Returns: a stable, untranslated name for @code, for JSON output and logs
 */
const char *
lia_error_code_to_string (LiaErrorCode code)
{
  static const char *names[] = {
    [LIA_ERROR_FAILED] = "failed",
    [LIA_ERROR_NETWORK] = "network",
    [LIA_ERROR_TIMEOUT] = "timeout",
    [LIA_ERROR_UNAUTHORIZED] = "unauthorized",
    [LIA_ERROR_NEEDS_SIGN_IN] = "needs-sign-in",
    [LIA_ERROR_FORBIDDEN] = "forbidden",
    [LIA_ERROR_READ_ONLY] = "read-only",
    [LIA_ERROR_NOT_FOUND] = "not-found",
    [LIA_ERROR_VALIDATION] = "validation",
    [LIA_ERROR_DUPLICATE] = "duplicate",
    [LIA_ERROR_RATE_LIMITED] = "rate-limited",
    [LIA_ERROR_SERVER] = "server",
    [LIA_ERROR_BAD_RESPONSE] = "bad-response",
    [LIA_ERROR_ACCESS_DENIED] = "access-denied",
    [LIA_ERROR_STATE_MISMATCH] = "state-mismatch",
    [LIA_ERROR_PORT_IN_USE] = "port-in-use",
    [LIA_ERROR_KEYRING] = "keyring",
    [LIA_ERROR_CONFIG] = "config",
  };

  if ((guint)code < G_N_ELEMENTS (names) && names[code] != NULL)
    return names[code];

  return "failed";
}
