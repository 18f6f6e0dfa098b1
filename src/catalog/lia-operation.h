/* lia-operation.h: one operation of HighLevel or Mojo Helpdesk, as the catalog describes it
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIA_PARAM_PATH,
  LIA_PARAM_QUERY,
  LIA_PARAM_BODY,
} LiaParamLocation;

typedef struct
{
  char             *name;
  LiaParamLocation  location;
  char             *type;      /* string, integer, boolean, object */
  gboolean          required;
  char             *fill;      /* "location": the connection's location id; or NULL */
} LiaParam;

#define LIA_TYPE_OPERATION (lia_operation_get_type ())

G_DECLARE_FINAL_TYPE (LiaOperation, lia_operation, LIA, OPERATION, GObject)

/* From one entry of operations.json; NULL with @error naming the field. */
LiaOperation        *lia_operation_new_from_json          (JsonObject         *object,
                                                           GError            **error);

/* ghl.contacts.get */
const char          *lia_operation_get_id                 (LiaOperation       *self);
/* "ghl" or "mojo" */
const char          *lia_operation_get_service            (LiaOperation       *self);
const char          *lia_operation_get_method             (LiaOperation       *self);
/* /contacts/{contactId}: below the API URL (HighLevel) or /api/v2 (Mojo) */
const char          *lia_operation_get_path               (LiaOperation       *self);
/* The HighLevel scope it needs, or "access-key" / "access-key (write)" */
const char          *lia_operation_get_scope              (LiaOperation       *self);
gboolean             lia_operation_is_write               (LiaOperation       *self);
const char          *lia_operation_get_summary            (LiaOperation       *self);
guint                lia_operation_get_n_params           (LiaOperation       *self);
const LiaParam      *lia_operation_get_param              (LiaOperation       *self,
                                                           guint               index);
const LiaParam      *lia_operation_find_param             (LiaOperation       *self,
                                                           const char         *name);
/* Example values by parameter name (strings, or a JSON object for the
 * body), or NULL. */
JsonObject          *lia_operation_get_example            (LiaOperation       *self);

const char          *lia_param_location_to_string         (LiaParamLocation    location);

/* The operation as `liaison-cli operations --json` prints it. */
JsonNode            *lia_operation_to_json                (LiaOperation       *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
