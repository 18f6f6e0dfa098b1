/* lia-context.h: the app-wide services, handed to every part that needs them
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lia-sandbox.h"

typedef struct _LiaConnections LiaConnections;

G_BEGIN_DECLS

#define LIA_TYPE_CONTEXT (lia_context_get_type ())

G_DECLARE_FINAL_TYPE (LiaContext, lia_context, LIA, CONTEXT, GObject)

LiaContext          *lia_context_new                      (GSettings          *settings,
                                                           const char         *profile_dir) G_GNUC_WARN_UNUSED_RESULT;

GSettings           *lia_context_get_settings             (LiaContext         *self);

const char          *lia_context_get_profile_dir          (LiaContext         *self);

gboolean             lia_context_ensure_profile_dir       (LiaContext         *self,
                                                           GError            **error);

/* The HighLevel and Mojo Helpdesk connections (lia-connections.h). */
LiaConnections      *lia_context_get_connections          (LiaContext         *self);

/* Sandbox mode: the emulators in a thread of their own, their data kept in
 * the profile's sandbox.json. NULL until started. */
LiaSandbox          *lia_context_get_sandbox              (LiaContext         *self);
/* The sign-in listener's URL for the sandbox's own app (a port of this
 * profile's, not 8719); NULL until the sandbox runs. */
const char          *lia_context_get_sandbox_redirect_uri (LiaContext         *self);
void                 lia_context_start_sandbox_async      (LiaContext         *self,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_context_start_sandbox_finish     (LiaContext         *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

char                *lia_context_dup_default_profile_dir  (void) G_GNUC_WARN_UNUSED_RESULT;
char                *lia_context_dup_sandbox_profile_dir  (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
