/* lia-connection-test.h: the Test button of a connection, in plain words
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lia-connections.h"

G_BEGIN_DECLS

/* HighLevel: GET /contacts/:contactId on @contact_id, or on the first
 * contact found when it is NULL (where users are told to start); Mojo
 * Helpdesk: one cheap read. Finishes with a sentence that says what was
 * read, or a LIA_ERROR in plain words; the connection's state follows. */
void                 lia_connection_test_async            (LiaConnections     *connections,
                                                           LiaService          service,
                                                           const char         *contact_id,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
char                *lia_connection_test_finish           (LiaConnections     *connections,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
