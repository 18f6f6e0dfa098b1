/* lia-error.h: Liaison's one error domain
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIA_ERROR (lia_error_quark ())

/**
 * LiaErrorCode:
 * @LIA_ERROR_FAILED: anything without a better code
 * @LIA_ERROR_NETWORK: the service could not be reached
 * @LIA_ERROR_TIMEOUT: the service did not answer in time
 * @LIA_ERROR_UNAUTHORIZED: the service refused the credentials
 * @LIA_ERROR_NEEDS_SIGN_IN: the sign-in is gone (refresh token refused, location inactive): sign in again
 * @LIA_ERROR_FORBIDDEN: the credentials are good but not for this (another location, a missing scope)
 * @LIA_ERROR_READ_ONLY: a write with read-only credentials
 * @LIA_ERROR_NOT_FOUND: the record does not exist
 * @LIA_ERROR_VALIDATION: the service refused the data; the message carries its reasons
 * @LIA_ERROR_DUPLICATE: the record already exists; the message names it
 * @LIA_ERROR_RATE_LIMITED: too many requests
 * @LIA_ERROR_SERVER: the service failed (5xx)
 * @LIA_ERROR_BAD_RESPONSE: the service answered something we cannot read
 * @LIA_ERROR_ACCESS_DENIED: the user declined access in the browser
 * @LIA_ERROR_STATE_MISMATCH: a sign-in answer that is not the one we wait for
 * @LIA_ERROR_PORT_IN_USE: the sign-in's redirect port is taken
 * @LIA_ERROR_KEYRING: the keyring is missing, locked or refused
 * @LIA_ERROR_CONFIG: a document or setting is missing or invalid
 *
 * The codes of %LIA_ERROR. Messages are in plain words for the user and keep
 * what the service said; they never contain a secret.
 */
typedef enum
{
  LIA_ERROR_FAILED,
  LIA_ERROR_NETWORK,
  LIA_ERROR_TIMEOUT,
  LIA_ERROR_UNAUTHORIZED,
  LIA_ERROR_NEEDS_SIGN_IN,
  LIA_ERROR_FORBIDDEN,
  LIA_ERROR_READ_ONLY,
  LIA_ERROR_NOT_FOUND,
  LIA_ERROR_VALIDATION,
  LIA_ERROR_DUPLICATE,
  LIA_ERROR_RATE_LIMITED,
  LIA_ERROR_SERVER,
  LIA_ERROR_BAD_RESPONSE,
  LIA_ERROR_ACCESS_DENIED,
  LIA_ERROR_STATE_MISMATCH,
  LIA_ERROR_PORT_IN_USE,
  LIA_ERROR_KEYRING,
  LIA_ERROR_CONFIG,
} LiaErrorCode;

GQuark               lia_error_quark                      (void);

const char          *lia_error_code_to_string             (LiaErrorCode        code);

G_END_DECLS
