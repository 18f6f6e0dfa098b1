/* lia-connections-page.h: the Connections page: one card per service
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lia-connection-card.h"
#include "lia-page.h"

G_BEGIN_DECLS

#define LIA_TYPE_CONNECTIONS_PAGE (lia_connections_page_get_type ())

G_DECLARE_FINAL_TYPE (LiaConnectionsPage, lia_connections_page, LIA, CONNECTIONS_PAGE, LiaPage)

/* The card of @service, once the page has its context; NULL before. */
LiaConnectionCard   *lia_connections_page_get_card        (LiaConnectionsPage *self,
                                                           LiaService          service);

/* Why the connections file could not be read, as the page shows it; NULL
 * when it was read. */
const char          *lia_connections_page_get_problem     (LiaConnectionsPage *self);

G_END_DECLS
