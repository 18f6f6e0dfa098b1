/* lia-connection.h: what Liaison knows about one connected service (no secrets)
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIA_SERVICE_GHL,
  LIA_SERVICE_MOJO,
} LiaService;

typedef enum
{
  LIA_CONNECTION_DISCONNECTED,
  LIA_CONNECTION_CONNECTED,
  LIA_CONNECTION_NEEDS_SIGN_IN,
  LIA_CONNECTION_UNREACHABLE,
} LiaConnectionState;

typedef enum
{
  LIA_CONNECTION_METHOD_NONE,
  LIA_CONNECTION_METHOD_OAUTH,
  LIA_CONNECTION_METHOD_PRIVATE_TOKEN,
  LIA_CONNECTION_METHOD_ACCESS_KEY,
} LiaConnectionMethod;

#define LIA_TYPE_SERVICE           (lia_service_get_type ())
#define LIA_TYPE_CONNECTION_STATE  (lia_connection_state_get_type ())
#define LIA_TYPE_CONNECTION_METHOD (lia_connection_method_get_type ())

GType                lia_service_get_type                 (void) G_GNUC_CONST;
GType                lia_connection_state_get_type        (void) G_GNUC_CONST;
GType                lia_connection_method_get_type       (void) G_GNUC_CONST;

/* "ghl", "mojo"; "connected", "needs-sign-in", "disconnected", "unreachable" */
const char          *lia_service_to_string                (LiaService          service);
gboolean             lia_service_from_string              (const char         *text,
                                                           LiaService         *service);
const char          *lia_service_get_title                (LiaService          service);
const char          *lia_connection_state_to_string       (LiaConnectionState  state);

#define LIA_TYPE_CONNECTION (lia_connection_get_type ())

G_DECLARE_FINAL_TYPE (LiaConnection, lia_connection, LIA, CONNECTION, GObject)

LiaService           lia_connection_get_service           (LiaConnection      *self);
LiaConnectionState   lia_connection_get_state             (LiaConnection      *self);
LiaConnectionMethod  lia_connection_get_method            (LiaConnection      *self);
/* The id of its secrets in the keyring; NULL when disconnected. */
const char          *lia_connection_get_account           (LiaConnection      *self);
const char          *lia_connection_get_client_id         (LiaConnection      *self);
const char          *lia_connection_get_auth_url          (LiaConnection      *self);
const char          *lia_connection_get_api_url           (LiaConnection      *self);
const char          *lia_connection_get_redirect_uri      (LiaConnection      *self);
const char          *lia_connection_get_location_id       (LiaConnection      *self);
const char          *lia_connection_get_location_name     (LiaConnection      *self);
const char          *lia_connection_get_user_type         (LiaConnection      *self);
const char * const  *lia_connection_get_scopes            (LiaConnection      *self);
gboolean             lia_connection_has_scope             (LiaConnection      *self,
                                                           const char         *scope);
/* Unix seconds; 0 when unknown or never. */
gint64               lia_connection_get_expires_at        (LiaConnection      *self);
char                *lia_connection_dup_expires_at_iso8601 (LiaConnection     *self) G_GNUC_WARN_UNUSED_RESULT;
const char          *lia_connection_get_url               (LiaConnection      *self);
gboolean             lia_connection_get_read_only         (LiaConnection      *self);
/* The last failure in plain words, or NULL. */
const char          *lia_connection_get_last_error        (LiaConnection      *self);

G_END_DECLS
