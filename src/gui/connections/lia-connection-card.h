/* lia-connection-card.h: one service's card on the Connections page
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lia-context.h"
#include "lia-connections.h"

G_BEGIN_DECLS

#define LIA_TYPE_CONNECTION_CARD (lia_connection_card_get_type ())

G_DECLARE_FINAL_TYPE (LiaConnectionCard, lia_connection_card, LIA, CONNECTION_CARD, AdwBin)

GtkWidget           *lia_connection_card_new              (LiaContext         *context,
                                                           LiaService          service);

LiaService           lia_connection_card_get_service      (LiaConnectionCard  *self);
/* What the card says, for tests: the state line and the last test's result. */
const char          *lia_connection_card_get_state_text   (LiaConnectionCard  *self);
const char          *lia_connection_card_get_test_text    (LiaConnectionCard  *self);
/* The explanation shown when reads work and writes need more access; NULL
 * when it is hidden. */
const char          *lia_connection_card_get_write_hint   (LiaConnectionCard  *self);

G_END_DECLS
