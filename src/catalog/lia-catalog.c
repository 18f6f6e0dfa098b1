/* lia-catalog.c: every operation of both services, as data
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaCatalog"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-catalog.h"
#include "lia-catalog-resources.h"
#include "lia-error.h"

/*
 * The catalog is a JSON document compiled into the core library as a
 * resource: the explorer, the CLI and the automation builder read the same
 * list. Its ids are unique; a broken entry fails the whole load with the
 * entry's id and the field at fault (a test loads it on every build).
 */

#define CATALOG_RESOURCE "/app/liaison/catalog/operations.json"

struct _LiaCatalog
{
  GObject     parent_instance;

  GPtrArray  *operations;
  GHashTable *by_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LiaCatalog, lia_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
lia_catalog_get_item_type (GListModel *model)
{
  return LIA_TYPE_OPERATION;
}

static guint
lia_catalog_get_n_items (GListModel *model)
{
  return LIA_CATALOG (model)->operations->len;
}

static gpointer
lia_catalog_get_item (GListModel *model,
                      guint       position)
{
  LiaCatalog *self = LIA_CATALOG (model);

  if (position >= self->operations->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->operations, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lia_catalog_get_item_type;
  iface->get_n_items = lia_catalog_get_n_items;
  iface->get_item = lia_catalog_get_item;
}

static void
lia_catalog_finalize (GObject *object)
{
  LiaCatalog *self = (LiaCatalog *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->operations, g_ptr_array_unref);

  G_OBJECT_CLASS (lia_catalog_parent_class)->finalize (object);
}

static void
lia_catalog_class_init (LiaCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_catalog_finalize;
}

static void
lia_catalog_init (LiaCatalog *self)
{
  self->operations = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

LiaCatalog *
lia_catalog_new_from_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(LiaCatalog) self = g_object_new (LIA_TYPE_CATALOG, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonNode *list;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   _("The catalog of operations is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  list = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "operations") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, LIA_ERROR, LIA_ERROR_CONFIG,
                           _("The catalog of operations has no list of operations"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      LiaOperation *operation;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                       _("Entry %u of the catalog of operations is not an object"), i + 1);
          return NULL;
        }
      if (!(operation = lia_operation_new_from_json (json_node_get_object (node), error)))
        return NULL;
      if (g_hash_table_contains (self->by_id, lia_operation_get_id (operation)))
        {
          g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                       _("The catalog of operations names “%s” twice"), lia_operation_get_id (operation));
          g_object_unref (operation);
          return NULL;
        }

      g_ptr_array_add (self->operations, operation);
      g_hash_table_insert (self->by_id, (gpointer)lia_operation_get_id (operation), operation);
    }

  return g_steal_pointer (&self);
}

LiaCatalog *
lia_catalog_new (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  /* Looked up on the resource itself: a static library drops a resource
   * nobody refers to, and its constructor with it. */
  bytes = g_resource_lookup_data (lia_catalog_data_get_resource (), CATALOG_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return lia_catalog_new_from_data (data, (gssize)size, error);
}

LiaOperation *
lia_catalog_lookup (LiaCatalog *self,
                    const char *id)
{
  g_return_val_if_fail (LIA_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}
