/* lia-mojo-emulator.h: the Mojo Helpdesk v2 API, emulated
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "lia-sandbox-clock.h"
#include "lia-sandbox-server.h"

G_BEGIN_DECLS

#define LIA_TYPE_MOJO_EMULATOR (lia_mojo_emulator_get_type())

G_DECLARE_FINAL_TYPE (LiaMojoEmulator, lia_mojo_emulator, LIA, MOJO_EMULATOR, GObject)

/* @people: (element-type LiaSandboxPerson): borrowed for the call */
LiaMojoEmulator     *lia_mojo_emulator_new                (guint64             seed,
                                                           GPtrArray          *people) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_mojo_emulator_attach             (LiaMojoEmulator    *self,
                                                           LiaSandboxServer   *server);
JsonNode            *lia_mojo_emulator_dump               (LiaMojoEmulator    *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean             lia_mojo_emulator_load               (LiaMojoEmulator    *self,
                                                           JsonNode           *dump,
                                                           GError            **error);
void                 lia_mojo_emulator_reset              (LiaMojoEmulator    *self);
void                 lia_mojo_emulator_set_clock          (LiaMojoEmulator    *self,
                                                           LiaSandboxClockFunc func,
                                                           gpointer            data);

const char          *lia_mojo_emulator_get_access_key     (LiaMojoEmulator    *self);
const char          *lia_mojo_emulator_get_readonly_key   (LiaMojoEmulator    *self);
void                 lia_mojo_emulator_set_index_lag_ms   (LiaMojoEmulator    *self,
                                                           guint               lag_ms);

G_END_DECLS
