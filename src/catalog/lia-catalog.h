/* lia-catalog.h: every operation of both services, as data
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lia-operation.h"

G_BEGIN_DECLS

#define LIA_TYPE_CATALOG (lia_catalog_get_type ())

G_DECLARE_FINAL_TYPE (LiaCatalog, lia_catalog, LIA, CATALOG, GObject)

/* The catalog built into Liaison (src/catalog/operations.json). Also a
 * GListModel of LiaOperation, in the file's order. */
LiaCatalog          *lia_catalog_new                      (GError            **error) G_GNUC_WARN_UNUSED_RESULT;
LiaCatalog          *lia_catalog_new_from_data            (const char         *data,
                                                           gssize              length,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

LiaOperation        *lia_catalog_lookup                   (LiaCatalog         *self,
                                                           const char         *id);

G_END_DECLS
