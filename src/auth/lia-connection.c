/* lia-connection.c: what Liaison knows about one connected service (no secrets)
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaConnection"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-connection-private.h"
#include "lia-error.h"

/*
 * A LiaConnection holds the non-secret facts of one service's connection
 * (how it was made, where, for which location and scopes, until when) and
 * its state, all as properties that notify, for the Connections page to
 * bind. LiaConnections owns the two of them and is the only one to change
 * them; the secrets themselves are in the keyring under the connection's
 * `account` id, never here.
 */

struct _LiaConnection
{
  GObject              parent_instance;

  LiaService           service;
  LiaConnectionState   state;
  LiaConnectionMethod  method;
  char               **scopes;
  gint64               expires_at;
  gboolean             read_only;
  char                *strings[16];
};

G_DEFINE_FINAL_TYPE (LiaConnection, lia_connection, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LiaService, lia_service,
  G_DEFINE_ENUM_VALUE (LIA_SERVICE_GHL, "ghl"),
  G_DEFINE_ENUM_VALUE (LIA_SERVICE_MOJO, "mojo"))

G_DEFINE_ENUM_TYPE (LiaConnectionState, lia_connection_state,
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_NEEDS_SIGN_IN, "needs-sign-in"),
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_UNREACHABLE, "unreachable"))

G_DEFINE_ENUM_TYPE (LiaConnectionMethod, lia_connection_method,
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_METHOD_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_METHOD_OAUTH, "oauth"),
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_METHOD_PRIVATE_TOKEN, "private-token"),
  G_DEFINE_ENUM_VALUE (LIA_CONNECTION_METHOD_ACCESS_KEY, "access-key"))

enum {
  PROP_0,
  /* The string facts first: their values live in strings[]. */
  PROP_ACCOUNT,
  PROP_CLIENT_ID,
  PROP_AUTH_URL,
  PROP_API_URL,
  PROP_REDIRECT_URI,
  PROP_LOCATION_ID,
  PROP_LOCATION_NAME,
  PROP_USER_TYPE,
  PROP_URL,
  PROP_LAST_ERROR,
  LAST_STRING_PROP = PROP_LAST_ERROR,
  PROP_SERVICE,
  PROP_STATE,
  PROP_METHOD,
  PROP_SCOPES,
  PROP_EXPIRES_AT,
  PROP_READ_ONLY,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* The JSON name of each string fact; last_error stays in memory only. */
static const char * const json_names[] = {
  [PROP_ACCOUNT] = "account",
  [PROP_CLIENT_ID] = "client_id",
  [PROP_AUTH_URL] = "auth_url",
  [PROP_API_URL] = "api_url",
  [PROP_REDIRECT_URI] = "redirect_uri",
  [PROP_LOCATION_ID] = "location_id",
  [PROP_LOCATION_NAME] = "location_name",
  [PROP_USER_TYPE] = "user_type",
  [PROP_URL] = "url",
};


/*
 * Auxiliary functions
 */

static void
set_string (LiaConnection *self,
            guint          prop_id,
            const char    *value)
{
  g_assert (prop_id > PROP_0 && prop_id <= LAST_STRING_PROP);

  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (self->strings[prop_id], value) == 0)
    return;

  g_free (self->strings[prop_id]);
  self->strings[prop_id] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_scopes (LiaConnection *self,
            char         **scopes)
{
  if (self->scopes != NULL && scopes != NULL &&
      g_strv_equal ((const char * const *)self->scopes, (const char * const *)scopes))
    {
      g_strfreev (scopes);
      return;
    }

  g_strfreev (self->scopes);
  self->scopes = scopes != NULL ? scopes : g_new0 (char *, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPES]);
}

static char **
split_scopes (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static gboolean
parse_method (const char          *text,
              LiaConnectionMethod *method)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (LIA_TYPE_CONNECTION_METHOD);
  GEnumValue *value = text != NULL ? g_enum_get_value_by_nick (klass, text) : NULL;

  if (value == NULL)
    return FALSE;

  *method = value->value;
  return TRUE;
}


/*
 * GObject overrides
 */

static void
lia_connection_finalize (GObject *object)
{
  LiaConnection *self = (LiaConnection *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    g_clear_pointer (&self->strings[i], g_free);
  g_clear_pointer (&self->scopes, g_strfreev);

  G_OBJECT_CLASS (lia_connection_parent_class)->finalize (object);
}

static void
lia_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LiaConnection *self = LIA_CONNECTION (object);

  if (prop_id > PROP_0 && prop_id <= LAST_STRING_PROP)
    {
      g_value_set_string (value, self->strings[prop_id]);
      return;
    }

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_enum (value, self->service);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;

    case PROP_SCOPES:
      g_value_set_boxed (value, self->scopes);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_int64 (value, self->expires_at);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_connection_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LiaConnection *self = LIA_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_connection_class_init (LiaConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const string_names[] = {
    [PROP_ACCOUNT] = "account",
    [PROP_CLIENT_ID] = "client-id",
    [PROP_AUTH_URL] = "auth-url",
    [PROP_API_URL] = "api-url",
    [PROP_REDIRECT_URI] = "redirect-uri",
    [PROP_LOCATION_ID] = "location-id",
    [PROP_LOCATION_NAME] = "location-name",
    [PROP_USER_TYPE] = "user-type",
    [PROP_URL] = "url",
    [PROP_LAST_ERROR] = "last-error",
  };

  object_class->finalize = lia_connection_finalize;
  object_class->get_property = lia_connection_get_property;
  object_class->set_property = lia_connection_set_property;

  for (guint i = PROP_0 + 1; i <= LAST_STRING_PROP; i++)
    properties[i] = g_param_spec_string (string_names[i], NULL, NULL,
                                         NULL,
                                         (G_PARAM_READABLE |
                                          G_PARAM_EXPLICIT_NOTIFY |
                                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVICE] =
    g_param_spec_enum ("service", NULL, NULL,
                       LIA_TYPE_SERVICE, LIA_SERVICE_GHL,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LIA_TYPE_CONNECTION_STATE, LIA_CONNECTION_DISCONNECTED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       LIA_TYPE_CONNECTION_METHOD, LIA_CONNECTION_METHOD_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCOPES] =
    g_param_spec_boxed ("scopes", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EXPIRES_AT] =
    g_param_spec_int64 ("expires-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lia_connection_init (LiaConnection *self)
{
  self->scopes = g_new0 (char *, 1);
}


/*
 * Private API
 */

LiaConnection *
_lia_connection_new (LiaService service)
{
  return g_object_new (LIA_TYPE_CONNECTION, "service", service, NULL);
}

void
_lia_connection_set_state (LiaConnection      *self,
                           LiaConnectionState  state)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_lia_connection_set_method (LiaConnection       *self,
                            LiaConnectionMethod  method)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  if (self->method == method)
    return;

  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

void
_lia_connection_set_read_only (LiaConnection *self,
                               gboolean       read_only)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;

  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

void
_lia_connection_set_expires_at (LiaConnection *self,
                                gint64         expires_at)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  if (self->expires_at == expires_at)
    return;

  self->expires_at = expires_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);
}

void
_lia_connection_set_scopes_text (LiaConnection *self,
                                 const char    *scopes)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  set_scopes (self, split_scopes (scopes));
}

void
_lia_connection_set_location_name (LiaConnection *self,
                                   const char    *name)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  set_string (self, PROP_LOCATION_NAME, name);
}

void
_lia_connection_set_last_error (LiaConnection *self,
                                const char    *message)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  set_string (self, PROP_LAST_ERROR, message);
}

/**
 * _lia_connection_set_string:
 * @property: the name of a string property, such as "location-id"
 */
void
_lia_connection_set_string (LiaConnection *self,
                            const char    *property,
                            const char    *value)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  for (guint i = PROP_0 + 1; i <= LAST_STRING_PROP; i++)
    {
      if (g_str_equal (g_param_spec_get_name (properties[i]), property))
        {
          set_string (self, i, value);
          return;
        }
    }

  g_critical ("LiaConnection has no string property “%s”", property);
}

void
_lia_connection_reset (LiaConnection *self)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_0 + 1; i <= LAST_STRING_PROP; i++)
    set_string (self, i, NULL);
  set_scopes (self, NULL);
  _lia_connection_set_expires_at (self, 0);
  _lia_connection_set_read_only (self, FALSE);
  _lia_connection_set_method (self, LIA_CONNECTION_METHOD_NONE);
  _lia_connection_set_state (self, LIA_CONNECTION_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_lia_connection_take_facts (LiaConnection *self,
                            LiaConnection *other)
{
  g_return_if_fail (LIA_IS_CONNECTION (self));
  g_return_if_fail (LIA_IS_CONNECTION (other));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_0 + 1; i <= LAST_STRING_PROP; i++)
    set_string (self, i, other->strings[i]);
  set_scopes (self, g_strdupv (other->scopes));
  _lia_connection_set_expires_at (self, other->expires_at);
  _lia_connection_set_read_only (self, other->read_only);
  _lia_connection_set_method (self, other->method);
  _lia_connection_set_state (self, other->state);
  g_object_thaw_notify (G_OBJECT (self));
}

JsonObject *
_lia_connection_to_json (LiaConnection *self)
{
  JsonObject *object;
  g_autoptr(GEnumClass) klass = g_type_class_ref (LIA_TYPE_CONNECTION_METHOD);
  JsonArray *scopes;

  g_return_val_if_fail (LIA_IS_CONNECTION (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "method", g_enum_get_value (klass, self->method)->value_nick);
  for (guint i = PROP_0 + 1; i < G_N_ELEMENTS (json_names); i++)
    {
      if (json_names[i] != NULL && self->strings[i] != NULL)
        json_object_set_string_member (object, json_names[i], self->strings[i]);
    }

  if (self->service == LIA_SERVICE_GHL)
    {
      scopes = json_array_new ();
      for (guint i = 0; self->scopes[i] != NULL; i++)
        json_array_add_string_element (scopes, self->scopes[i]);
      json_object_set_array_member (object, "scopes", scopes);
      if (self->expires_at > 0)
        {
          g_autofree char *iso = lia_connection_dup_expires_at_iso8601 (self);

          json_object_set_string_member (object, "expires_at", iso);
        }
      json_object_set_boolean_member (object, "needs_sign_in",
                                      self->state == LIA_CONNECTION_NEEDS_SIGN_IN);
    }
  else
    {
      json_object_set_boolean_member (object, "read_only", self->read_only);
      json_object_set_boolean_member (object, "needs_sign_in",
                                      self->state == LIA_CONNECTION_NEEDS_SIGN_IN);
    }

  return object;
}

/**
 * _lia_connection_load_json:
 *
 * Takes the facts of @object. On error, changes nothing; the message says
 * what is wrong, the caller adds which file.
 */
gboolean
_lia_connection_load_json (LiaConnection  *self,
                           JsonObject     *object,
                           GError        **error)
{
  LiaConnectionMethod method;
  g_autoptr(GStrvBuilder) scopes = g_strv_builder_new ();
  gint64 expires_at = 0;
  JsonNode *node;

  g_return_val_if_fail (LIA_IS_CONNECTION (self), FALSE);

  if (!parse_method (json_object_get_string_member_with_default (object, "method", NULL), &method) ||
      method == LIA_CONNECTION_METHOD_NONE)
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is a service */
                   _("the %s connection names no known method"),
                   lia_service_to_string (self->service));
      return FALSE;
    }

  if (json_object_get_string_member_with_default (object, "account", NULL) == NULL)
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                   /* Translators: %s is a service */
                   _("the %s connection has no account id"),
                   lia_service_to_string (self->service));
      return FALSE;
    }

  node = json_object_get_member (object, "scopes");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (scopes, json_node_get_string (element));
        }
    }

  if (json_object_get_string_member_with_default (object, "expires_at", NULL) != NULL)
    {
      g_autoptr(GDateTime) when =
        g_date_time_new_from_iso8601 (json_object_get_string_member (object, "expires_at"), NULL);

      if (when == NULL)
        {
          g_set_error (error, LIA_ERROR, LIA_ERROR_CONFIG,
                       _("“expires_at” is not an ISO 8601 date and time"));
          return FALSE;
        }
      expires_at = g_date_time_to_unix (when);
    }

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_0 + 1; i < G_N_ELEMENTS (json_names); i++)
    {
      if (json_names[i] != NULL)
        set_string (self, i, json_object_get_string_member_with_default (object, json_names[i], NULL));
    }
  set_scopes (self, g_strv_builder_end (scopes));
  _lia_connection_set_expires_at (self, expires_at);
  _lia_connection_set_read_only (self, json_object_get_boolean_member_with_default (object, "read_only", FALSE));
  _lia_connection_set_method (self, method);
  _lia_connection_set_state (self, json_object_get_boolean_member_with_default (object, "needs_sign_in", FALSE)
                                   ? LIA_CONNECTION_NEEDS_SIGN_IN : LIA_CONNECTION_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}


/*
 * Public API
 */

const char *
lia_service_to_string (LiaService service)
{
  return service == LIA_SERVICE_MOJO ? "mojo" : "ghl";
}

gboolean
lia_service_from_string (const char *text,
                         LiaService *service)
{
  if (g_strcmp0 (text, "ghl") == 0)
    *service = LIA_SERVICE_GHL;
  else if (g_strcmp0 (text, "mojo") == 0)
    *service = LIA_SERVICE_MOJO;
  else
    return FALSE;

  return TRUE;
}

/**
 * lia_service_get_title:
 *
 * Returns: the service's name as its users know it (a brand: not translated)
 */
const char *
lia_service_get_title (LiaService service)
{
  return service == LIA_SERVICE_MOJO ? "Mojo Helpdesk" : "HighLevel";
}

const char *
lia_connection_state_to_string (LiaConnectionState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (LIA_TYPE_CONNECTION_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "disconnected";
}

LiaService
lia_connection_get_service (LiaConnection *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), LIA_SERVICE_GHL);

  return self->service;
}

LiaConnectionState
lia_connection_get_state (LiaConnection *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), LIA_CONNECTION_DISCONNECTED);

  return self->state;
}

LiaConnectionMethod
lia_connection_get_method (LiaConnection *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), LIA_CONNECTION_METHOD_NONE);

  return self->method;
}

#define STRING_GETTER(name, prop)                            \
  const char *                                               \
  lia_connection_get_##name (LiaConnection *self)            \
  {                                                          \
    g_return_val_if_fail (LIA_IS_CONNECTION (self), NULL);   \
                                                             \
    return self->strings[prop];                              \
  }

STRING_GETTER (account, PROP_ACCOUNT)
STRING_GETTER (client_id, PROP_CLIENT_ID)
STRING_GETTER (auth_url, PROP_AUTH_URL)
STRING_GETTER (api_url, PROP_API_URL)
STRING_GETTER (redirect_uri, PROP_REDIRECT_URI)
STRING_GETTER (location_id, PROP_LOCATION_ID)
STRING_GETTER (location_name, PROP_LOCATION_NAME)
STRING_GETTER (user_type, PROP_USER_TYPE)
STRING_GETTER (url, PROP_URL)
STRING_GETTER (last_error, PROP_LAST_ERROR)

#undef STRING_GETTER

/**
 * lia_connection_get_scopes:
 *
 * Returns: (transfer none): the granted scopes, possibly none
 */
const char * const *
lia_connection_get_scopes (LiaConnection *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), NULL);

  return (const char * const *)self->scopes;
}

gboolean
lia_connection_has_scope (LiaConnection *self,
                          const char    *scope)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), FALSE);

  return g_strv_contains ((const char * const *)self->scopes, scope);
}

gint64
lia_connection_get_expires_at (LiaConnection *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), 0);

  return self->expires_at;
}

/**
 * lia_connection_dup_expires_at_iso8601:
 *
 * Returns: (transfer full) (nullable): when the access token expires, in
 *   UTC as ISO 8601, or %NULL
 */
char *
lia_connection_dup_expires_at_iso8601 (LiaConnection *self)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (LIA_IS_CONNECTION (self), NULL);

  if (self->expires_at <= 0)
    return NULL;

  when = g_date_time_new_from_unix_utc (self->expires_at);
  return when != NULL ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

gboolean
lia_connection_get_read_only (LiaConnection *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION (self), FALSE);

  return self->read_only;
}
