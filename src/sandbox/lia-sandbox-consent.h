/* lia-sandbox-consent.h: approving the sandbox's consent page without a browser
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Does what a person does on the sandbox's consent page: picks the first
 * location, presses Approve, and follows the redirect back to Liaison's
 * listener. Only for a consent page on this computer (127.0.0.1, ::1 or
 * localhost): the real HighLevel page always needs a person. */
void                 lia_sandbox_approve_consent_async    (const char         *authorize_uri,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_sandbox_approve_consent_finish   (GAsyncResult       *result,
                                                           GError            **error);

G_END_DECLS
