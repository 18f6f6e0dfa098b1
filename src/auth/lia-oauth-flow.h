/* lia-oauth-flow.h: HighLevel's sign-in in the system browser, back on a loopback listener
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lia-http.h"
#include "lia-oauth-tokens.h"

G_BEGIN_DECLS

#define LIA_GHL_DEFAULT_AUTH_URL     "https://marketplace.gohighlevel.com/v2/oauth/chooselocation"
#define LIA_GHL_DEFAULT_API_URL      "https://services.leadconnectorhq.com"
#define LIA_GHL_DEFAULT_REDIRECT_URI "http://127.0.0.1:8719/oauth/callback"

/* Opens @uri for the user: the default browser, or a test's fake. */
typedef void (*LiaUriLaunchFunc) (const char *uri,
                                  gpointer    user_data);

#define LIA_TYPE_OAUTH_FLOW (lia_oauth_flow_get_type ())

G_DECLARE_FINAL_TYPE (LiaOAuthFlow, lia_oauth_flow, LIA, OAUTH_FLOW, GObject)

LiaOAuthFlow        *lia_oauth_flow_new                   (LiaHttp            *http,
                                                           const char         *client_id,
                                                           const char         *client_secret,
                                                           const char * const *scopes) G_GNUC_WARN_UNUSED_RESULT;

const char          *lia_oauth_flow_get_auth_url          (LiaOAuthFlow       *self);
void                 lia_oauth_flow_set_auth_url          (LiaOAuthFlow       *self,
                                                           const char         *auth_url);
const char          *lia_oauth_flow_get_api_url           (LiaOAuthFlow       *self);
void                 lia_oauth_flow_set_api_url           (LiaOAuthFlow       *self,
                                                           const char         *api_url);
const char          *lia_oauth_flow_get_redirect_uri      (LiaOAuthFlow       *self);
void                 lia_oauth_flow_set_redirect_uri      (LiaOAuthFlow       *self,
                                                           const char         *redirect_uri);
guint                lia_oauth_flow_get_timeout           (LiaOAuthFlow       *self);
void                 lia_oauth_flow_set_timeout           (LiaOAuthFlow       *self,
                                                           guint               seconds);
const char          *lia_oauth_flow_get_client_id         (LiaOAuthFlow       *self);
/* For the keyring only: never shown, logged or written elsewhere. */
const char          *lia_oauth_flow_get_client_secret     (LiaOAuthFlow       *self);
const char * const  *lia_oauth_flow_get_scopes            (LiaOAuthFlow       *self);

/* The consent URL, once the flow listens (NULL before): for "Copy link"
 * and "Open again". It carries the state: show it to the user only. */
const char          *lia_oauth_flow_get_authorize_uri     (LiaOAuthFlow       *self);

/* NULL: the default browser (g_app_info_launch_default_for_uri_async). */
void                 lia_oauth_flow_set_launcher          (LiaOAuthFlow       *self,
                                                           LiaUriLaunchFunc    launch,
                                                           gpointer            user_data,
                                                           GDestroyNotify      destroy);

void                 lia_oauth_flow_run_async             (LiaOAuthFlow       *self,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
LiaOAuthTokens      *lia_oauth_flow_run_finish            (LiaOAuthFlow       *self,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The helpers the flow uses, for tests. */
char                *lia_oauth_random_token               (gsize               n_bytes) G_GNUC_WARN_UNUSED_RESULT;
char                *lia_oauth_pkce_challenge             (const char         *verifier) G_GNUC_WARN_UNUSED_RESULT;
gboolean             lia_oauth_secure_equal               (const char         *a,
                                                           const char         *b);

G_END_DECLS
