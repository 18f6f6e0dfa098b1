/* lia-oauth-tokens.h: a token answer of HighLevel's token endpoint
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lia-http.h"

G_BEGIN_DECLS

typedef struct
{
  char    *access_token;
  char    *refresh_token;   /* NULL when the answer has none */
  char    *token_type;
  char    *scope;           /* space-separated, as granted */
  char    *user_type;
  char    *location_id;
  char    *company_id;
  char    *user_id;
  gint64   expires_at;      /* Unix seconds, from the local clock at the answer; 0: unknown */
} LiaOAuthTokens;

#define LIA_TYPE_OAUTH_TOKENS (lia_oauth_tokens_get_type ())

GType                lia_oauth_tokens_get_type            (void) G_GNUC_CONST;

LiaOAuthTokens      *lia_oauth_tokens_copy                (const LiaOAuthTokens *self) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_oauth_tokens_free                (LiaOAuthTokens     *self);

LiaOAuthTokens      *lia_oauth_tokens_parse               (GBytes             *body,
                                                           const char         *content_type,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* POSTs @form to @token_uri; HighLevel's refusals become LIA_ERROR codes:
 * invalid_grant and "Location is not active" LIA_ERROR_NEEDS_SIGN_IN, bad
 * client credentials LIA_ERROR_UNAUTHORIZED, an unreadable answer
 * LIA_ERROR_BAD_RESPONSE. */
void                 lia_oauth_tokens_request_async       (LiaHttp            *http,
                                                           const char         *token_uri,
                                                           GHashTable         *form,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
LiaOAuthTokens      *lia_oauth_tokens_request_finish      (GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaOAuthTokens, lia_oauth_tokens_free)

G_END_DECLS
