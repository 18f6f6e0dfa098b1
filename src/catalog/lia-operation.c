/* lia-operation.c: one operation of HighLevel or Mojo Helpdesk, as the catalog describes it
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaOperation"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lia-error.h"
#include "lia-operation.h"

struct _LiaOperation
{
  GObject     parent_instance;

  char       *id;
  char       *service;
  char       *method;
  char       *path;
  char       *scope;
  char       *summary;
  gboolean    write;
  GArray     *params;   /* LiaParam */
  JsonObject *example;
};

G_DEFINE_FINAL_TYPE (LiaOperation, lia_operation, G_TYPE_OBJECT)

static const char * const locations[] = { "path", "query", "body" };

static void
param_clear (LiaParam *param)
{
  g_free (param->name);
  g_free (param->type);
  g_free (param->fill);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gboolean
fail (GError    **error,
      const char *id,
      const char *field)
{
  g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
               /* Translators: an operation's id, then the name of a field */
               _("The operation “%s” of the catalog has no valid “%s”"), id != NULL ? id : "?", field);
  return FALSE;
}

static gboolean
load_params (LiaOperation  *self,
             JsonArray     *array,
             GError       **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      LiaParam param = { 0, };
      const char *where;
      guint location;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, self->id, "params");
      object = json_node_get_object (node);
      where = string_member (object, "in");
      for (location = 0; location < G_N_ELEMENTS (locations); location++)
        if (g_strcmp0 (where, locations[location]) == 0)
          break;
      if (string_member (object, "name") == NULL || location == G_N_ELEMENTS (locations))
        return fail (error, self->id, "params");

      param.name = g_strdup (string_member (object, "name"));
      param.location = location;
      param.type = g_strdup (string_member (object, "type") ?: "string");
      param.required = json_object_get_boolean_member_with_default (object, "required", FALSE);
      param.fill = g_strdup (string_member (object, "fill"));
      g_array_append_val (self->params, param);
    }

  return TRUE;
}

static void
lia_operation_finalize (GObject *object)
{
  LiaOperation *self = (LiaOperation *)object;

  g_free (self->id);
  g_free (self->service);
  g_free (self->method);
  g_free (self->path);
  g_free (self->scope);
  g_free (self->summary);
  g_clear_pointer (&self->params, g_array_unref);
  g_clear_pointer (&self->example, json_object_unref);

  G_OBJECT_CLASS (lia_operation_parent_class)->finalize (object);
}

static void
lia_operation_class_init (LiaOperationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_operation_finalize;
}

static void
lia_operation_init (LiaOperation *self)
{
  self->params = g_array_new (FALSE, TRUE, sizeof (LiaParam));
  g_array_set_clear_func (self->params, (GDestroyNotify)param_clear);
}

LiaOperation *
lia_operation_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(LiaOperation) self = g_object_new (LIA_TYPE_OPERATION, NULL);
  static const char * const required[] = { "id", "service", "method", "path", "scope", "summary" };
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  self->id = g_strdup (string_member (object, "id"));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (string_member (object, required[i]) == NULL)
      {
        fail (error, self->id, required[i]);
        return NULL;
      }

  self->service = g_strdup (string_member (object, "service"));
  self->method = g_strdup (string_member (object, "method"));
  self->path = g_strdup (string_member (object, "path"));
  self->scope = g_strdup (string_member (object, "scope"));
  self->summary = g_strdup (string_member (object, "summary"));
  self->write = json_object_get_boolean_member_with_default (object, "write", FALSE);

  if (!g_str_equal (self->service, "ghl") && !g_str_equal (self->service, "mojo"))
    {
      fail (error, self->id, "service");
      return NULL;
    }
  if (!g_str_has_prefix (self->id, self->service) || self->id[strlen (self->service)] != '.')
    {
      fail (error, self->id, "id");
      return NULL;
    }

  node = json_object_get_member (object, "params");
  if (node != NULL && (!JSON_NODE_HOLDS_ARRAY (node) || !load_params (self, json_node_get_array (node), error)))
    {
      if (error != NULL && *error == NULL)
        fail (error, self->id, "params");
      return NULL;
    }

  node = json_object_get_member (object, "example");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    self->example = json_object_ref (json_node_get_object (node));

  return g_steal_pointer (&self);
}

const char *
lia_operation_get_id (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->id;
}

const char *
lia_operation_get_service (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->service;
}

const char *
lia_operation_get_method (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->method;
}

const char *
lia_operation_get_path (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->path;
}

const char *
lia_operation_get_scope (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->scope;
}

gboolean
lia_operation_is_write (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), FALSE);
  return self->write;
}

const char *
lia_operation_get_summary (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->summary;
}

guint
lia_operation_get_n_params (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), 0);
  return self->params->len;
}

const LiaParam *
lia_operation_get_param (LiaOperation *self,
                         guint         index)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  g_return_val_if_fail (index < self->params->len, NULL);
  return &g_array_index (self->params, LiaParam, index);
}

const LiaParam *
lia_operation_find_param (LiaOperation *self,
                          const char   *name)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);

  for (guint i = 0; i < self->params->len; i++)
    if (g_strcmp0 (g_array_index (self->params, LiaParam, i).name, name) == 0)
      return &g_array_index (self->params, LiaParam, i);

  return NULL;
}

JsonObject *
lia_operation_get_example (LiaOperation *self)
{
  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);
  return self->example;
}

const char *
lia_param_location_to_string (LiaParamLocation location)
{
  return location < G_N_ELEMENTS (locations) ? locations[location] : NULL;
}

JsonNode *
lia_operation_to_json (LiaOperation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (LIA_IS_OPERATION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, self->service);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, self->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, self->path);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, self->scope);
  json_builder_set_member_name (builder, "write");
  json_builder_add_boolean_value (builder, self->write);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, self->summary);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->params->len; i++)
    {
      const LiaParam *param = &g_array_index (self->params, LiaParam, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, param->name);
      json_builder_set_member_name (builder, "in");
      json_builder_add_string_value (builder, locations[param->location]);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, param->type);
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, param->required);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
