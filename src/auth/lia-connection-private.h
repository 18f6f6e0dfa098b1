/* lia-connection-private.h: what LiaConnections changes on a LiaConnection
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lia-connection.h"

G_BEGIN_DECLS

LiaConnection       *_lia_connection_new                  (LiaService          service) G_GNUC_WARN_UNUSED_RESULT;

void                 _lia_connection_set_state            (LiaConnection      *self,
                                                           LiaConnectionState  state);
void                 _lia_connection_set_read_only        (LiaConnection      *self,
                                                           gboolean            read_only);
void                 _lia_connection_set_expires_at       (LiaConnection      *self,
                                                           gint64              expires_at);
void                 _lia_connection_set_scopes_text      (LiaConnection      *self,
                                                           const char         *scopes);
void                 _lia_connection_set_location_name    (LiaConnection      *self,
                                                           const char         *name);
void                 _lia_connection_set_last_error       (LiaConnection      *self,
                                                           const char         *message);

/* Forgets every fact: disconnected. */
void                 _lia_connection_reset                (LiaConnection      *self);

/* The facts, as connections.json keeps them. */
JsonObject          *_lia_connection_to_json              (LiaConnection      *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean             _lia_connection_load_json            (LiaConnection      *self,
                                                           JsonObject         *object,
                                                           GError            **error);

/* Takes the facts of @other (a connection just made), as one change. */
void                 _lia_connection_take_facts           (LiaConnection      *self,
                                                           LiaConnection      *other);

/* For LiaConnections building a new connection's facts. */
void                 _lia_connection_set_method           (LiaConnection      *self,
                                                           LiaConnectionMethod method);
void                 _lia_connection_set_string           (LiaConnection      *self,
                                                           const char         *property,
                                                           const char         *value);

G_END_DECLS
