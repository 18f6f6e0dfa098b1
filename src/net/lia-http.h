/* lia-http.h: one HTTP session per service, with logging that hides secrets
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LIA_TYPE_HTTP (lia_http_get_type ())

G_DECLARE_FINAL_TYPE (LiaHttp, lia_http, LIA, HTTP, GObject)

LiaHttp             *lia_http_new                         (const char         *service_name) G_GNUC_WARN_UNUSED_RESULT;

const char          *lia_http_get_service_name            (LiaHttp            *self);

SoupSession         *lia_http_get_session                 (LiaHttp            *self);

guint                lia_http_get_timeout                 (LiaHttp            *self);
void                 lia_http_set_timeout                 (LiaHttp            *self,
                                                           guint               seconds);

char                *lia_http_encode_form                 (GHashTable         *form) G_GNUC_WARN_UNUSED_RESULT;

/* A POST of an application/x-www-form-urlencoded body; the form is kept on
 * the message so that the debug log can show it redacted. */
SoupMessage         *lia_http_new_form_message            (const char         *uri,
                                                           GHashTable         *form) G_GNUC_WARN_UNUSED_RESULT;

void                 lia_http_send_async                  (LiaHttp            *self,
                                                           SoupMessage        *message,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);

GBytes              *lia_http_send_finish                 (LiaHttp            *self,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean             lia_http_check_status                (LiaHttp            *self,
                                                           SoupMessage        *message,
                                                           GBytes             *body,
                                                           GError            **error);

char                *lia_http_dup_server_message          (GBytes             *body) G_GNUC_WARN_UNUSED_RESULT;

JsonNode            *lia_http_parse_json                  (LiaHttp            *self,
                                                           GBytes             *body,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
