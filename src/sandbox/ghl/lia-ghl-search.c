/* lia-ghl-search.c: POST /contacts/search, its filters, sort and paging
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Search reads a view that trails the writes by the search lag
 * (lia_ghl_store_visible), as HighLevel's search index does.
 */

#define G_LOG_DOMAIN "LiaGhlEmulator"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lia-ghl-emulator-private.h"

#define MAX_SORT 3
#define MAX_VALUE_LENGTH 75
#define MAX_WINDOW 10000

typedef enum
{
  K_STRING,
  K_LOWER,      /* a string field compared as lowercase */
  K_FULL_NAME,
  K_STRINGS,
  K_BOOL,
  K_DATE,
  K_CUSTOM,
} Kind;

typedef struct
{
  const char *name;
  Kind        kind;
  int         field;   /* LiaGhlField, or which array */
} FieldSpec;

enum { ARRAY_TAGS, ARRAY_FOLLOWERS, ARRAY_EMAILS };
enum { DATE_ADDED, DATE_UPDATED, DATE_OF_BIRTH };
enum { BOOL_DND, BOOL_VALID_EMAIL };

static const FieldSpec field_specs[] = {
  { "id", K_STRING, -1 },
  { "firstName", K_STRING, LIA_GHL_F_FIRST_NAME },
  { "lastName", K_STRING, LIA_GHL_F_LAST_NAME },
  { "firstNameLowerCase", K_LOWER, LIA_GHL_F_FIRST_NAME },
  { "lastNameLowerCase", K_LOWER, LIA_GHL_F_LAST_NAME },
  { "contactName", K_FULL_NAME, 0 },
  { "fullNameLowerCase", K_FULL_NAME, 0 },
  { "email", K_LOWER, LIA_GHL_F_EMAIL },
  { "phone", K_STRING, LIA_GHL_F_PHONE },
  { "companyName", K_STRING, LIA_GHL_F_COMPANY_NAME },
  { "businessName", K_STRING, LIA_GHL_F_COMPANY_NAME },
  { "address", K_STRING, LIA_GHL_F_ADDRESS1 },
  { "city", K_STRING, LIA_GHL_F_CITY },
  { "state", K_STRING, LIA_GHL_F_STATE },
  { "country", K_STRING, LIA_GHL_F_COUNTRY },
  { "postalCode", K_STRING, LIA_GHL_F_POSTAL_CODE },
  { "website", K_STRING, LIA_GHL_F_WEBSITE },
  { "source", K_STRING, LIA_GHL_F_SOURCE },
  { "type", K_STRING, LIA_GHL_F_TYPE },
  { "timezone", K_STRING, LIA_GHL_F_TIMEZONE },
  { "assignedTo", K_STRING, LIA_GHL_F_ASSIGNED_TO },
  { "businessId", K_STRING, LIA_GHL_F_BUSINESS_ID },
  { "tags", K_STRINGS, ARRAY_TAGS },
  { "followers", K_STRINGS, ARRAY_FOLLOWERS },
  { "additionalEmails", K_STRINGS, ARRAY_EMAILS },
  { "dnd", K_BOOL, BOOL_DND },
  { "validEmail", K_BOOL, BOOL_VALID_EMAIL },
  { "dateAdded", K_DATE, DATE_ADDED },
  { "dateUpdated", K_DATE, DATE_UPDATED },
  { "dateOfBirth", K_DATE, DATE_OF_BIRTH },
};

typedef enum
{
  OP_EQ,
  OP_NOT_EQ,
  OP_CONTAINS,
  OP_NOT_CONTAINS,
  OP_EXISTS,
  OP_NOT_EXISTS,
  OP_RANGE,
} Op;

static const char * const op_names[] = {
  "eq", "not_eq", "contains", "not_contains", "exists", "not_exists", "range", NULL,
};

typedef struct _Filter Filter;

struct _Filter
{
  gboolean         group;
  gboolean         any;          /* a group: OR rather than AND */
  GPtrArray       *children;     /* (element-type Filter) */
  FieldSpec        spec;
  int              custom_field; /* for K_CUSTOM */
  Op               op;
  JsonNode        *value;        /* borrowed from the body */
};

typedef struct
{
  FieldSpec spec;
  int       custom_field;
  gboolean  desc;
} SortSpec;

/* One field of one contact, as a search sees it. */
typedef struct
{
  gboolean   present;
  gboolean   numeric;
  double     number;
  GPtrArray *strings;   /* lowercase copies */
} Value;

typedef struct
{
  const LiaGhlContact *contact;
  double               numbers[MAX_SORT];
  char                *strings[MAX_SORT];
} Hit;

/* Auxiliary functions */

static void
filter_free (Filter *filter)
{
  g_clear_pointer (&filter->children, g_ptr_array_unref);
  g_free (filter);
}

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->strings, g_ptr_array_unref);
}

static void
value_add (Value      *value,
           const char *text)
{
  if (text == NULL)
    return;
  if (value->strings == NULL)
    value->strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (value->strings, g_utf8_casefold (text, -1));
  value->present = TRUE;
}

static gboolean
resolve_field (LiaGhlRequest *req,
               const char    *name,
               FieldSpec     *spec,
               int           *custom_field)
{
  const char *location_id = lia_ghl_store_get_location (req->self->store, req->location)->id;

  *custom_field = -1;
  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    if (g_str_equal (field_specs[i].name, name))
      {
        *spec = field_specs[i];
        return TRUE;
      }

  if (g_str_has_prefix (name, "customFields.") || g_str_has_prefix (name, "customField."))
    {
      const char *id = strchr (name, '.') + 1;

      *custom_field = lia_ghl_store_find_custom_field (req->self->store, location_id, id);
      spec->name = name;
      spec->kind = K_CUSTOM;
      spec->field = 0;
      return *custom_field >= 0;
    }
  return FALSE;
}

static void
read_value (const LiaGhlContact *contact,
            const FieldSpec     *spec,
            int                  custom_field,
            Value               *value)
{
  memset (value, 0, sizeof *value);

  switch (spec->kind)
    {
    case K_STRING:
    case K_LOWER:
      value_add (value, spec->field < 0 ? contact->id : lia_ghl_contact_get (contact, spec->field));
      break;

    case K_FULL_NAME:
      {
        g_autofree char *name = lia_ghl_contact_full_name (contact);

        value_add (value, name);
      }
      break;

    case K_STRINGS:
      {
        char **strv = spec->field == ARRAY_TAGS ? contact->tags :
                      spec->field == ARRAY_FOLLOWERS ? contact->followers : contact->additional_emails;

        for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
          value_add (value, strv[i]);
      }
      break;

    case K_BOOL:
      {
        gboolean b = spec->field == BOOL_DND ? contact->dnd : lia_ghl_contact_get (contact, LIA_GHL_F_EMAIL) != NULL;

        value_add (value, b ? "true" : "false");
      }
      break;

    case K_DATE:
      {
        gint64 ms = 0;

        if (spec->field == DATE_ADDED)
          ms = contact->date_added;
        else if (spec->field == DATE_UPDATED)
          ms = contact->date_updated;
        else if (!lia_ghl_parse_iso_ms (lia_ghl_contact_get (contact, LIA_GHL_F_DATE_OF_BIRTH), &ms))
          break;
        value->present = TRUE;
        value->numeric = TRUE;
        value->number = (double)ms;
      }
      break;

    case K_CUSTOM:
    default:
      {
        const char *text = lia_ghl_contact_get_custom (contact, (guint)custom_field);
        g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

        if (node == NULL)
          break;
        if (JSON_NODE_HOLDS_ARRAY (node))
          {
            JsonArray *array = json_node_get_array (node);

            for (guint i = 0; i < json_array_get_length (array); i++)
              if (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
                value_add (value, json_array_get_string_element (array, i));
          }
        else if (json_node_get_value_type (node) == G_TYPE_STRING)
          {
            gint64 ms;

            value_add (value, json_node_get_string (node));
            if (lia_ghl_parse_iso_ms (json_node_get_string (node), &ms))
              {
                value->numeric = TRUE;
                value->number = (double)ms;
              }
          }
        else if (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE)
          {
            g_autofree char *number = json_to_string (node, FALSE);

            value_add (value, number);
            value->numeric = TRUE;
            value->number = json_node_get_double (node);
          }
      }
      break;
    }
}

/* A filter's operand as text (lowercase) or number. */
static gboolean
operand_number (JsonNode *node,
                double   *number)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gint64 ms;

  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *number = json_node_get_double (node);
      return TRUE;
    }
  if (type == G_TYPE_STRING && lia_ghl_parse_iso_ms (json_node_get_string (node), &ms))
    {
      *number = (double)ms;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *number = g_ascii_strtod (text, &end);
      return end != text && *end == '\0';
    }
  return FALSE;
}

static char *
operand_text (JsonNode *node)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_STRING)
    return g_utf8_casefold (json_node_get_string (node), -1);
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return json_to_string (node, FALSE);
  return NULL;
}

static gboolean
value_equals (const Value *value,
              JsonNode    *operand)
{
  g_autofree char *text = NULL;
  double number;

  if (!value->present)
    return FALSE;

  if (JSON_NODE_HOLDS_ARRAY (operand))
    {
      JsonArray *array = json_node_get_array (operand);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (value_equals (value, json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }

  if (value->numeric && operand_number (operand, &number))
    return fabs (value->number - number) < 0.5;

  text = operand_text (operand);
  for (guint i = 0; text != NULL && value->strings != NULL && i < value->strings->len; i++)
    if (g_str_equal (g_ptr_array_index (value->strings, i), text))
      return TRUE;
  return FALSE;
}

static gboolean
value_contains (const Value *value,
                JsonNode    *operand)
{
  g_autofree char *text = operand_text (operand);

  for (guint i = 0; text != NULL && value->strings != NULL && i < value->strings->len; i++)
    if (strstr (g_ptr_array_index (value->strings, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
value_in_range (const Value *value,
                JsonNode    *operand)
{
  JsonObject *range = json_node_get_object (operand);
  static const char * const bounds[] = { "gt", "gte", "lt", "lte" };

  if (!value->present || !value->numeric)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      JsonNode *bound = json_object_get_member (range, bounds[i]);
      double limit;

      if (bound == NULL)
        continue;
      if (!operand_number (bound, &limit))
        return FALSE;
      if ((i == 0 && !(value->number > limit)) || (i == 1 && !(value->number >= limit)) ||
          (i == 2 && !(value->number < limit)) || (i == 3 && !(value->number <= limit)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
filter_matches (const Filter        *filter,
                const LiaGhlContact *contact)
{
  Value value;
  gboolean result;

  if (filter->group)
    {
      for (guint i = 0; i < filter->children->len; i++)
        {
          gboolean match = filter_matches (g_ptr_array_index (filter->children, i), contact);

          if (filter->any && match)
            return TRUE;
          if (!filter->any && !match)
            return FALSE;
        }
      return !filter->any || filter->children->len == 0;
    }

  read_value (contact, &filter->spec, filter->custom_field, &value);
  switch (filter->op)
    {
    case OP_EQ:
      result = value_equals (&value, filter->value);
      break;
    case OP_NOT_EQ:
      result = !value_equals (&value, filter->value);
      break;
    case OP_CONTAINS:
      result = value_contains (&value, filter->value);
      break;
    case OP_NOT_CONTAINS:
      result = !value_contains (&value, filter->value);
      break;
    case OP_EXISTS:
      result = value.present;
      break;
    case OP_NOT_EXISTS:
      result = !value.present;
      break;
    case OP_RANGE:
    default:
      result = value_in_range (&value, filter->value);
      break;
    }
  value_clear (&value);
  return result;
}

static Filter *
parse_filter (LiaGhlRequest *req,
              JsonNode      *node,
              const char    *where,
              GPtrArray     *errors)
{
  JsonObject *object;
  Filter *filter;
  const char *group, *field, *op;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s must be an object", where));
      return NULL;
    }
  object = json_node_get_object (node);
  filter = g_new0 (Filter, 1);

  group = lia_ghl_json_get_string (object, "group");
  if (json_object_has_member (object, "group"))
    {
      JsonNode *children = json_object_get_member (object, "filters");

      filter->group = TRUE;
      filter->children = g_ptr_array_new_with_free_func ((GDestroyNotify)filter_free);
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        if (!g_str_equal (name, "group") && !g_str_equal (name, "filters"))
          g_ptr_array_add (errors, g_strdup_printf ("%s.property %s should not exist", where, name));
      if (group == NULL || !(g_str_equal (group, "AND") || g_str_equal (group, "OR")))
        g_ptr_array_add (errors, g_strdup_printf ("%s.group must be one of the following values: AND, OR", where));
      else
        filter->any = g_str_equal (group, "OR");
      if (children == NULL || !JSON_NODE_HOLDS_ARRAY (children))
        g_ptr_array_add (errors, g_strdup_printf ("%s.filters must be an array", where));
      else
        {
          JsonArray *array = json_node_get_array (children);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *child_where = g_strdup_printf ("%s.filters.%u", where, i);
              Filter *child = parse_filter (req, json_array_get_element (array, i), child_where, errors);

              if (child != NULL)
                g_ptr_array_add (filter->children, child);
            }
        }
      return filter;
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    if (!g_str_equal (name, "field") && !g_str_equal (name, "operator") && !g_str_equal (name, "value"))
      g_ptr_array_add (errors, g_strdup_printf ("%s.property %s should not exist", where, name));

  field = lia_ghl_json_get_string (object, "field");
  op = lia_ghl_json_get_string (object, "operator");
  filter->value = json_object_get_member (object, "value");

  if (field == NULL)
    g_ptr_array_add (errors, g_strdup_printf ("%s.field should not be empty", where));
  else if (!resolve_field (req, field, &filter->spec, &filter->custom_field))
    g_ptr_array_add (errors, g_strdup_printf ("%s.field “%s” is not a searchable field", where, field));

  if (op == NULL || !g_strv_contains (op_names, op))
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s.operator must be one of the following values: "
                                                "eq, not_eq, contains, not_contains, exists, not_exists, range", where));
      return filter;
    }
  for (guint i = 0; op_names[i] != NULL; i++)
    if (g_str_equal (op_names[i], op))
      filter->op = (Op)i;

  if (filter->op == OP_EXISTS || filter->op == OP_NOT_EXISTS)
    return filter;
  if (filter->value == NULL || JSON_NODE_HOLDS_NULL (filter->value))
    g_ptr_array_add (errors, g_strdup_printf ("%s.value should not be empty", where));
  else if (filter->op == OP_RANGE && !JSON_NODE_HOLDS_OBJECT (filter->value))
    g_ptr_array_add (errors, g_strdup_printf ("%s.value must be an object of gt, gte, lt, lte for range", where));
  else if ((filter->op == OP_CONTAINS || filter->op == OP_NOT_CONTAINS) &&
           json_node_get_value_type (filter->value) != G_TYPE_STRING)
    g_ptr_array_add (errors, g_strdup_printf ("%s.value must be a string for %s", where, op));
  else if (json_node_get_value_type (filter->value) == G_TYPE_STRING &&
           g_utf8_strlen (json_node_get_string (filter->value), -1) > MAX_VALUE_LENGTH)
    g_ptr_array_add (errors, g_strdup_printf ("%s.value must be shorter than or equal to %u characters",
                                              where, MAX_VALUE_LENGTH));
  return filter;
}

static void
hit_clear (Hit *hit)
{
  for (guint i = 0; i < MAX_SORT; i++)
    g_clear_pointer (&hit->strings[i], g_free);
}

static void
fill_sort_keys (Hit            *hit,
                const SortSpec *sorts,
                guint           n_sorts)
{
  for (guint i = 0; i < n_sorts; i++)
    {
      Value value;

      read_value (hit->contact, &sorts[i].spec, sorts[i].custom_field, &value);
      if (value.numeric)
        hit->numbers[i] = value.number;
      else
        hit->strings[i] = g_strdup (value.strings != NULL && value.strings->len > 0
                                    ? (const char *)g_ptr_array_index (value.strings, 0) : "");
      value_clear (&value);
    }
}

static gboolean
sort_numeric (const SortSpec *sort)
{
  return sort->spec.kind == K_DATE;
}

typedef struct
{
  const SortSpec *sorts;
  guint           n_sorts;
} SortContext;

static int
compare_keys (const SortSpec *sorts,
              guint           n_sorts,
              const double   *numbers_a,
              char * const   *strings_a,
              const char     *id_a,
              const double   *numbers_b,
              char * const   *strings_b,
              const char     *id_b)
{
  for (guint i = 0; i < n_sorts; i++)
    {
      int c;

      if (sort_numeric (&sorts[i]))
        c = numbers_a[i] < numbers_b[i] ? -1 : numbers_a[i] > numbers_b[i] ? 1 : 0;
      else
        c = strcmp (strings_a[i] != NULL ? strings_a[i] : "", strings_b[i] != NULL ? strings_b[i] : "");
      if (c != 0)
        return sorts[i].desc ? -c : c;
    }
  return strcmp (id_a, id_b);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const Hit *ha = a;
  const Hit *hb = b;
  const SortContext *context = data;

  return compare_keys (context->sorts, context->n_sorts,
                       ha->numbers, ha->strings, ha->contact->id,
                       hb->numbers, hb->strings, hb->contact->id);
}

static gboolean
matches_query (const LiaGhlContact *contact,
               const char          *query)
{
  g_autofree char *name = NULL;

  if (query == NULL || query[0] == '\0')
    return TRUE;
  name = lia_ghl_contact_full_name (contact);
  return lia_ghl_contains_casefold (name, query) ||
         lia_ghl_contains_casefold (lia_ghl_contact_get (contact, LIA_GHL_F_EMAIL), query) ||
         lia_ghl_contains_casefold (lia_ghl_contact_get (contact, LIA_GHL_F_PHONE), query) ||
         lia_ghl_contains_casefold (lia_ghl_contact_get (contact, LIA_GHL_F_COMPANY_NAME), query);
}

/* Shared with the other files */

void
_lia_ghl_contacts_search (LiaGhlRequest *req)
{
  static const LiaGhlProp props[] = {
    { "locationId", LIA_GHL_T_STRING, TRUE },
    { "page", LIA_GHL_T_NUMBER, FALSE },
    { "pageLimit", LIA_GHL_T_NUMBER, TRUE },
    { "filters", LIA_GHL_T_ARRAY, FALSE },
    { "sort", LIA_GHL_T_ARRAY, FALSE },
    { "query", LIA_GHL_T_STRING, FALSE },
    { "searchAfter", LIA_GHL_T_ARRAY, FALSE },
  };
  LiaGhlEmulator *self = req->self;
  g_autoptr(JsonObject) body = _lia_ghl_read_body (req);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func ((GDestroyNotify)filter_free);
  g_autoptr(GArray) hits = NULL;
  SortSpec sorts[MAX_SORT];
  guint n_sorts = 0;
  gint64 page = 1, page_limit = 20;
  JsonNode *node;
  JsonArray *search_after = NULL;
  double after_numbers[MAX_SORT] = { 0 };
  char *after_strings[MAX_SORT] = { NULL };
  const char *after_id = NULL;
  const char *query;
  gint64 lag = _lia_ghl_lag_us (self);
  SortContext context;
  guint start = 0, total;
  JsonObject *object;
  JsonArray *contacts;

  if (body == NULL)
    return;

  _lia_ghl_check_props (body, props, G_N_ELEMENTS (props), errors);

  if ((node = json_object_get_member (body, "pageLimit")) != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      /* Compared as a double: 1e300 or 2^63 would not fit a gint64. */
      double value = json_node_get_double (node);

      page_limit = 0;
      if (value > 500)
        g_ptr_array_add (errors, g_strdup ("pageLimit must not be greater than 500"));
      else if (value < 1)
        g_ptr_array_add (errors, g_strdup ("pageLimit must not be less than 1"));
      else
        page_limit = (gint64)value;
    }
  if ((node = json_object_get_member (body, "page")) != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      double value = json_node_get_double (node);

      /* Any page past the window gets the window's message below. */
      if (value < 1)
        {
          page = 0;
          g_ptr_array_add (errors, g_strdup ("page must not be less than 1"));
        }
      else
        page = value > MAX_WINDOW ? MAX_WINDOW + 1 : (gint64)value;
    }
  if (page >= 1 && page_limit >= 1 && page * page_limit > MAX_WINDOW &&
      !json_object_has_member (body, "searchAfter"))
    g_ptr_array_add (errors, g_strdup_printf ("page * pageLimit must not be greater than %u: "
                                              "use searchAfter for deeper results", MAX_WINDOW));

  if ((node = json_object_get_member (body, "filters")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *where = g_strdup_printf ("filters.%u", i);
          Filter *filter = parse_filter (req, json_array_get_element (array, i), where, errors);

          if (filter != NULL)
            g_ptr_array_add (filters, filter);
        }
    }

  if ((node = json_object_get_member (body, "sort")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) > MAX_SORT)
        g_ptr_array_add (errors, g_strdup_printf ("sort must contain no more than %u elements", MAX_SORT));
      for (guint i = 0; i < json_array_get_length (array) && i < MAX_SORT; i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          const char *field = item != NULL ? lia_ghl_json_get_string (item, "field") : NULL;
          const char *direction = item != NULL ? lia_ghl_json_get_string (item, "direction") : NULL;

          if (field == NULL || !resolve_field (req, field, &sorts[n_sorts].spec, &sorts[n_sorts].custom_field) ||
              sorts[n_sorts].spec.kind == K_STRINGS || sorts[n_sorts].spec.kind == K_CUSTOM)
            {
              g_ptr_array_add (errors, g_strdup_printf ("sort.%u.field is not a sortable field", i));
              continue;
            }
          if (direction != NULL && !g_str_equal (direction, "asc") && !g_str_equal (direction, "desc"))
            {
              g_ptr_array_add (errors, g_strdup_printf ("sort.%u.direction must be one of the following values: "
                                                        "asc, desc", i));
              continue;
            }
          sorts[n_sorts].desc = g_strcmp0 (direction, "desc") == 0;
          n_sorts++;
        }
    }
  if (n_sorts == 0)
    {
      /* Newest first by default. */
      resolve_field (req, "dateAdded", &sorts[0].spec, &sorts[0].custom_field);
      sorts[0].desc = TRUE;
      n_sorts = 1;
    }

  if ((node = json_object_get_member (body, "searchAfter")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      search_after = json_node_get_array (node);
      if (json_array_get_length (search_after) != n_sorts + 1)
        g_ptr_array_add (errors, g_strdup_printf ("searchAfter must hold %u values: the sort value(s) and the id, "
                                                  "as in the last contact's searchAfter", n_sorts + 1));
      else
        {
          for (guint i = 0; i < n_sorts; i++)
            {
              JsonNode *element = json_array_get_element (search_after, i);

              if (sort_numeric (&sorts[i]) ? !operand_number (element, &after_numbers[i])
                                           : json_node_get_value_type (element) != G_TYPE_STRING)
                g_ptr_array_add (errors, g_strdup_printf ("searchAfter.%u does not fit the sort", i));
              else if (!sort_numeric (&sorts[i]))
                after_strings[i] = g_utf8_casefold (json_node_get_string (element), -1);
            }
          if (json_node_get_value_type (json_array_get_element (search_after, n_sorts)) != G_TYPE_STRING)
            g_ptr_array_add (errors, g_strdup_printf ("searchAfter.%u must be a contact id", n_sorts));
          else
            after_id = json_array_get_string_element (search_after, n_sorts);
        }
    }

  if (errors->len > 0)
    {
      for (guint i = 0; i < MAX_SORT; i++)
        g_free (after_strings[i]);
      _lia_ghl_error_422 (self, req->msg, errors);
      return;
    }
  if (!_lia_ghl_check_location (req, lia_ghl_json_get_string (body, "locationId")))
    {
      for (guint i = 0; i < MAX_SORT; i++)
        g_free (after_strings[i]);
      return;
    }

  query = lia_ghl_json_get_string (body, "query");
  hits = g_array_new (FALSE, TRUE, sizeof (Hit));
  g_array_set_clear_func (hits, (GDestroyNotify)hit_clear);

  lia_ghl_store_purge (self->store, req->now_us, lag);
  for (guint i = 0; i < self->store->contacts->len; i++)
    {
      const LiaGhlContact *contact = g_ptr_array_index (self->store->contacts, i);
      const LiaGhlContact *visible;
      gboolean match = TRUE;
      Hit hit = { 0 };

      if (contact->location != req->location)
        continue;
      visible = lia_ghl_store_visible (contact, req->now_us, lag);
      if (visible == NULL || !matches_query (visible, query))
        continue;
      for (guint f = 0; match && f < filters->len; f++)
        match = filter_matches (g_ptr_array_index (filters, f), visible);
      if (!match)
        continue;

      hit.contact = visible;
      fill_sort_keys (&hit, sorts, n_sorts);
      g_array_append_val (hits, hit);
    }

  context.sorts = sorts;
  context.n_sorts = n_sorts;
  g_array_sort_with_data (hits, compare_hits, &context);
  total = hits->len;

  if (after_id != NULL)
    {
      /* Everything after the given key, page ignored. */
      while (start < hits->len)
        {
          Hit *hit = &g_array_index (hits, Hit, start);

          if (compare_keys (sorts, n_sorts, hit->numbers, hit->strings, hit->contact->id,
                            after_numbers, after_strings, after_id) > 0)
            break;
          start++;
        }
    }
  else
    start = (guint)MIN ((page - 1) * page_limit, (gint64)hits->len);

  object = json_object_new ();
  contacts = json_array_new ();
  for (guint i = start; i < hits->len && i < start + (guint)page_limit; i++)
    {
      Hit *hit = &g_array_index (hits, Hit, i);
      JsonObject *item = _lia_ghl_contact_to_json (self, hit->contact, LIA_GHL_CONTACT_SEARCHED);
      JsonArray *after = json_array_new ();

      for (guint s = 0; s < n_sorts; s++)
        {
          if (sort_numeric (&sorts[s]))
            json_array_add_int_element (after, (gint64)hit->numbers[s]);
          else
            json_array_add_string_element (after, hit->strings[s]);
        }
      json_array_add_string_element (after, hit->contact->id);
      json_object_set_array_member (item, "searchAfter", after);
      json_array_add_object_element (contacts, item);
    }
  json_object_set_array_member (object, "contacts", contacts);
  json_object_set_int_member (object, "total", total);

  for (guint i = 0; i < MAX_SORT; i++)
    g_free (after_strings[i]);
  _lia_ghl_respond (self, req->msg, SOUP_STATUS_OK, object);
}
