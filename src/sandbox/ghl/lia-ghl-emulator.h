/* lia-ghl-emulator.h: the HighLevel v2 API and its OAuth, emulated
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "lia-sandbox-clock.h"
#include "lia-sandbox-server.h"

G_BEGIN_DECLS

#define LIA_TYPE_GHL_EMULATOR (lia_ghl_emulator_get_type())

G_DECLARE_FINAL_TYPE (LiaGhlEmulator, lia_ghl_emulator, LIA, GHL_EMULATOR, GObject)

/* @people: (element-type LiaSandboxPerson): borrowed for the call */
LiaGhlEmulator      *lia_ghl_emulator_new                 (guint64             seed,
                                                           GPtrArray          *people) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_ghl_emulator_attach              (LiaGhlEmulator     *self,
                                                           LiaSandboxServer   *server);
JsonNode            *lia_ghl_emulator_dump                (LiaGhlEmulator     *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean             lia_ghl_emulator_load                (LiaGhlEmulator     *self,
                                                           JsonNode           *dump,
                                                           GError            **error);
void                 lia_ghl_emulator_reset               (LiaGhlEmulator     *self);
void                 lia_ghl_emulator_set_clock           (LiaGhlEmulator     *self,
                                                           LiaSandboxClockFunc func,
                                                           gpointer            data);

const char          *lia_ghl_emulator_get_client_id       (LiaGhlEmulator     *self);
const char          *lia_ghl_emulator_get_client_secret   (LiaGhlEmulator     *self);
const char          *lia_ghl_emulator_get_location_id     (LiaGhlEmulator     *self);
const char          *lia_ghl_emulator_get_private_token   (LiaGhlEmulator     *self);
/* (transfer none) (element-type utf8): the registered redirect URIs, in order */
GPtrArray           *lia_ghl_emulator_get_redirect_uris   (LiaGhlEmulator     *self);
void                 lia_ghl_emulator_add_redirect_uri    (LiaGhlEmulator     *self,
                                                           const char         *uri);
void                 lia_ghl_emulator_set_auto_approve    (LiaGhlEmulator     *self,
                                                           gboolean            auto_approve);
void                 lia_ghl_emulator_set_token_lifetime  (LiaGhlEmulator     *self,
                                                           guint               seconds);
void                 lia_ghl_emulator_set_allow_duplicates (LiaGhlEmulator    *self,
                                                           gboolean            allow);
void                 lia_ghl_emulator_set_search_lag_ms   (LiaGhlEmulator     *self,
                                                           guint               lag_ms);
/* @max 0: no burst limit */
void                 lia_ghl_emulator_set_rate_limit      (LiaGhlEmulator     *self,
                                                           guint               max,
                                                           guint               window_seconds);
/* @max 0: no daily limit */
void                 lia_ghl_emulator_set_daily_limit     (LiaGhlEmulator     *self,
                                                           guint               max);

G_END_DECLS
