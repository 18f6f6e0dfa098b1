/* lia-connections.h: the HighLevel and Mojo Helpdesk connections of a profile
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lia-connection.h"
#include "lia-http.h"
#include "lia-oauth-flow.h"
#include "lia-secret-store.h"

G_BEGIN_DECLS

#define LIA_MOJO_DEFAULT_URL "https://app.mojohelpdesk.com"
#define LIA_GHL_API_VERSION  "2021-07-28"

#define LIA_TYPE_CONNECTIONS (lia_connections_get_type ())

G_DECLARE_FINAL_TYPE (LiaConnections, lia_connections, LIA, CONNECTIONS, GObject)

/* @secrets NULL: the keyring. Call lia_connections_load() next. */
LiaConnections      *lia_connections_new                  (const char         *profile_dir,
                                                           LiaSecretStore     *secrets) G_GNUC_WARN_UNUSED_RESULT;

gboolean             lia_connections_load                 (LiaConnections     *self,
                                                           GError            **error);
/* Why the last load failed (the file and the reason), or NULL. */
const GError        *lia_connections_get_load_error       (LiaConnections     *self);
const char          *lia_connections_get_path             (LiaConnections     *self);

/* Also a GListModel of the two LiaConnection, HighLevel first. */
LiaConnection       *lia_connections_get_connection       (LiaConnections     *self,
                                                           LiaService          service);
LiaHttp             *lia_connections_get_http             (LiaConnections     *self,
                                                           LiaService          service);
LiaSecretStore      *lia_connections_get_secret_store     (LiaConnections     *self);

/* Seconds before expiry at which the access token is refreshed (300). */
void                 lia_connections_set_refresh_margin   (LiaConnections     *self,
                                                           guint               seconds);

/* Connecting: each verifies the credentials first; nothing stored before
 * is lost when it fails. */
LiaOAuthFlow        *lia_connections_new_ghl_flow         (LiaConnections     *self,
                                                           const char         *client_id,
                                                           const char         *client_secret,
                                                           const char * const *scopes) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_connections_connect_ghl_oauth_async (LiaConnections  *self,
                                                           LiaOAuthFlow       *flow,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
void                 lia_connections_connect_ghl_private_token_async (LiaConnections *self,
                                                           const char         *api_url,
                                                           const char         *token,
                                                           const char         *location_id,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
void                 lia_connections_connect_mojo_async   (LiaConnections     *self,
                                                           const char         *url,
                                                           const char         *access_key,
                                                           gboolean            read_only,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_connections_connect_finish       (LiaConnections     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

/* Signing in again with the Marketplace app of the current connection
 * (its client secret from the keyring); @scopes NULL: as granted before. */
void                 lia_connections_new_ghl_reconnect_flow_async (LiaConnections *self,
                                                           const char * const *scopes,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
LiaOAuthFlow        *lia_connections_new_ghl_reconnect_flow_finish (LiaConnections *self,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The sandbox moved to @new_base: rewrites the addresses under @old_base. */
gboolean             lia_connections_move_base_url        (LiaConnections     *self,
                                                           const char         *old_base,
                                                           const char         *new_base);

/* One cheap read with the stored credentials; updates the state. */
void                 lia_connections_verify_async         (LiaConnections     *self,
                                                           LiaService          service,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_connections_verify_finish        (LiaConnections     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

/* Removes the secrets from the keyring, then the facts. */
void                 lia_connections_disconnect_async     (LiaConnections     *self,
                                                           LiaService          service,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_connections_disconnect_finish    (LiaConnections     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

/* HighLevel's access token, refreshed ahead of expiry, one refresh at a
 * time: callers that ask meanwhile get the same new token. @rejected: the
 * token the service just refused with 401, to refresh unless it was
 * replaced already; NULL otherwise. */
void                 lia_connections_get_ghl_token_async  (LiaConnections     *self,
                                                           const char         *rejected,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
LiaSecret           *lia_connections_get_ghl_token_finish (LiaConnections     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* An authorised API call: @path below the API URL (HighLevel) or below
 * /api/v2 (Mojo Helpdesk), query included. HighLevel gets the bearer token
 * and the Version header and one retry after a refresh on 401; Mojo
 * Helpdesk the access key, and a read-only refusal is remembered. Returns
 * the body of a 2xx answer, a typed LIA_ERROR otherwise. */
void                 lia_connections_request_async        (LiaConnections     *self,
                                                           LiaService          service,
                                                           const char         *method,
                                                           const char         *path,
                                                           GBytes             *body,
                                                           const char         *content_type,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
GBytes              *lia_connections_request_finish       (LiaConnections     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, with the message for its status and headers (also on failure). */
GBytes              *lia_connections_request_finish_full  (LiaConnections     *self,
                                                           GAsyncResult       *result,
                                                           SoupMessage       **message,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
