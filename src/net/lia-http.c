/* lia-http.c: one HTTP session per service, with logging that hides secrets
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaHttp"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lia-error.h"
#include "lia-http.h"
#include "lia-redact.h"

/*
 * LiaHttp owns the SoupSession of one service (HighLevel or Mojo Helpdesk):
 * keep-alive connections, timeouts, the user agent, and the debug log of
 * each exchange (G_MESSAGES_DEBUG=LiaHttp). URIs, headers and forms are
 * always logged redacted; bodies only when LIA_DEBUG_HTTP_BODIES is set,
 * and then through lia_redact_json(). Statuses are not errors at this
 * level: lia_http_check_status() turns them into typed LIA_ERROR codes that
 * keep the service's own message, for the service clients to use.
 */

#define DEFAULT_TIMEOUT_SECONDS 30
#define IDLE_TIMEOUT_SECONDS    60
#define MAX_CONNECTIONS         6
#define MAX_SERVER_MESSAGE      300

struct _LiaHttp
{
  GObject      parent_instance;

  char        *service_name;
  SoupSession *session;
  gboolean     log_bodies;
};

G_DEFINE_FINAL_TYPE (LiaHttp, lia_http, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVICE_NAME,
  PROP_TIMEOUT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static GQuark form_quark;

typedef struct
{
  SoupMessage *message;
  gint64       started;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}


/*
 * Auxiliary functions
 */

static void
log_request (LiaHttp     *self,
             SoupMessage *message)
{
  g_autofree char *plain = NULL;
  g_autofree char *uri = NULL;
  SoupMessageHeadersIter iter;
  const char *form;
  const char *name;
  const char *value;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  plain = g_uri_to_string (soup_message_get_uri (message));
  uri = lia_redact_uri (plain);
  g_debug ("%s → %s %s", self->service_name, soup_message_get_method (message), uri);

  soup_message_headers_iter_init (&iter, soup_message_get_request_headers (message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *shown = lia_redact_header (name, value);

      g_debug ("%s →   %s: %s", self->service_name, name, shown);
    }

  form = g_object_get_qdata (G_OBJECT (message), form_quark);
  if (form != NULL)
    {
      g_autofree char *shown = lia_redact_form (form);

      g_debug ("%s →   (form) %s", self->service_name, shown);
    }
}

static void
log_response (LiaHttp     *self,
              SoupMessage *message,
              GBytes      *body,
              gint64       started)
{
  double elapsed_ms = (g_get_monotonic_time () - started) / 1000.0;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  g_debug ("%s ← %u %s (%.0f ms, %" G_GSIZE_FORMAT " bytes)",
           self->service_name,
           soup_message_get_status (message),
           soup_message_get_reason_phrase (message),
           elapsed_ms,
           body ? g_bytes_get_size (body) : 0);

  soup_message_headers_iter_init (&iter, soup_message_get_response_headers (message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *shown = lia_redact_header (name, value);

      g_debug ("%s ←   %s: %s", self->service_name, name, shown);
    }

  if (self->log_bodies && body != NULL && g_bytes_get_size (body) > 0)
    {
      gsize size;
      const char *data = g_bytes_get_data (body, &size);
      g_autofree char *shown = lia_redact_json (data, size);

      g_debug ("%s ←   %s", self->service_name, shown);
    }
}

static GError *
translate_error (LiaHttp *self,
                 GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (LIA_ERROR, LIA_ERROR_TIMEOUT,
                        /* Translators: %s is a service, HighLevel or Mojo Helpdesk */
                        _("%s did not answer in time. Check your connection and try again."),
                        self->service_name);

  return g_error_new (LIA_ERROR, LIA_ERROR_NETWORK,
                      /* Translators: the first %s is a service, the second the system's reason */
                      _("Could not reach %s: %s. Check the address and your connection."),
                      self->service_name, error->message);
}

static char *
join_strings (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, json_node_get_string (node));
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static char *
dup_member_text (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return join_strings (json_node_get_array (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      json_node_get_string (node)[0] != '\0')
    return g_strdup (json_node_get_string (node));

  return NULL;
}


static int
compare_names (const char **a,
               const char **b,
               gpointer     user_data)
{
  return strcmp (*a, *b);
}


/*
 * Signal callbacks
 */

static void
send_and_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LiaHttp *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_debug ("%s ← %s", self->service_name, error->message);
      g_task_return_error (task, translate_error (self, error));
      return;
    }

  log_response (self, data->message, body, data->started);
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
}


/*
 * GObject overrides
 */

static void
lia_http_finalize (GObject *object)
{
  LiaHttp *self = (LiaHttp *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->service_name, g_free);

  G_OBJECT_CLASS (lia_http_parent_class)->finalize (object);
}

static void
lia_http_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LiaHttp *self = LIA_HTTP (object);

  switch (prop_id)
    {
    case PROP_SERVICE_NAME:
      g_value_set_string (value, self->service_name);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, lia_http_get_timeout (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_http_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LiaHttp *self = LIA_HTTP (object);

  switch (prop_id)
    {
    case PROP_SERVICE_NAME:
      self->service_name = g_value_dup_string (value);
      break;

    case PROP_TIMEOUT:
      lia_http_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_http_class_init (LiaHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lia_http_finalize;
  object_class->get_property = lia_http_get_property;
  object_class->set_property = lia_http_set_property;

  properties[PROP_SERVICE_NAME] =
    g_param_spec_string ("service-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  form_quark = g_quark_from_static_string ("lia-http-form");
}

static void
lia_http_init (LiaHttp *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Liaison/%s ", PACKAGE_VERSION);

  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                                 "max-conns-per-host", MAX_CONNECTIONS,
                                                 "user-agent", user_agent,
                                                 NULL);
  self->log_bodies = g_getenv ("LIA_DEBUG_HTTP_BODIES") != NULL;
}


/*
 * Public API
 */

/**
 * lia_http_new:
 * @service_name: the service's name as users know it, for messages
 *
 * Returns: (transfer full): a session for one service
 */
LiaHttp *
lia_http_new (const char *service_name)
{
  g_return_val_if_fail (service_name != NULL, NULL);

  return g_object_new (LIA_TYPE_HTTP, "service-name", service_name, NULL);
}

const char *
lia_http_get_service_name (LiaHttp *self)
{
  g_return_val_if_fail (LIA_IS_HTTP (self), NULL);

  return self->service_name;
}

/**
 * lia_http_get_session:
 *
 * Returns: (transfer none): the service's one session
 */
SoupSession *
lia_http_get_session (LiaHttp *self)
{
  g_return_val_if_fail (LIA_IS_HTTP (self), NULL);

  return self->session;
}

/**
 * lia_http_get_timeout:
 *
 * Returns: how many seconds a request may stall before it fails
 */
guint
lia_http_get_timeout (LiaHttp *self)
{
  g_return_val_if_fail (LIA_IS_HTTP (self), 0);

  return soup_session_get_timeout (self->session);
}

void
lia_http_set_timeout (LiaHttp *self,
                      guint    seconds)
{
  g_return_if_fail (LIA_IS_HTTP (self));

  if (soup_session_get_timeout (self->session) == seconds)
    return;

  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * lia_http_encode_form:
 * @form: (element-type utf8 utf8): names and values
 *
 * Encodes @form as `name=value&…`, sorted by name, every reserved character
 * percent-encoded and spaces as `%20`, never `+` (HighLevel's consent page
 * reads a `+` literally).
 *
 * Returns: (transfer full): the encoded form
 */
char *
lia_http_encode_form (GHashTable *form)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree const char **names = NULL;

  g_return_val_if_fail (form != NULL, NULL);

  names = (const char **)g_hash_table_get_keys_as_array (form, NULL);
  g_qsort_with_data (names, g_hash_table_size (form), sizeof (char *),
                     (GCompareDataFunc)compare_names, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_uri_escape_string (names[i], NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (g_hash_table_lookup (form, names[i]),
                                                    NULL, FALSE);

      if (out->len > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", name, value);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * lia_http_new_form_message:
 * @uri: where to POST
 * @form: (element-type utf8 utf8): the fields
 *
 * Returns: (transfer full) (nullable): the message, or %NULL if @uri is
 *   not a valid URI
 */
SoupMessage *
lia_http_new_form_message (const char *uri,
                           GHashTable *form)
{
  g_autoptr(GUri) parsed = NULL;
  SoupMessage *message;
  char *encoded;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (form != NULL, NULL);

  parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL);
  if (parsed == NULL)
    return NULL;

  encoded = lia_http_encode_form (form);
  message = soup_message_new_from_uri ("POST", parsed);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            g_bytes_new (encoded, strlen (encoded)));
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  g_object_set_qdata_full (G_OBJECT (message), form_quark, encoded, g_free);

  return message;
}

/**
 * lia_http_send_async:
 *
 * Sends @message and reads the whole body. The status and headers stay on
 * @message for the caller to read.
 */
void
lia_http_send_async (LiaHttp             *self,
                     SoupMessage         *message,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (LIA_IS_HTTP (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_http_send_async);

  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  data->started = g_get_monotonic_time ();
  g_task_set_task_data (task, data, (GDestroyNotify)send_data_free);

  log_request (self, message);

  soup_session_send_and_read_async (self->session,
                                    message,
                                    G_PRIORITY_DEFAULT,
                                    cancellable,
                                    send_and_read_cb,
                                    g_steal_pointer (&task));
}

/**
 * lia_http_send_finish:
 *
 * Returns: (transfer full): the body, possibly empty; %NULL with @error set
 *   (%LIA_ERROR_NETWORK, %LIA_ERROR_TIMEOUT or %G_IO_ERROR_CANCELLED) when
 *   the service could not be reached
 */
GBytes *
lia_http_send_finish (LiaHttp       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (LIA_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lia_http_dup_server_message:
 * @body: (nullable): a response body
 *
 * Returns: (transfer full) (nullable): what the service said, from the
 *   usual members of an error body (`message`, `messages`,
 *   `error_description`, `error`), shortened; %NULL if there is none
 */
char *
lia_http_dup_server_message (GBytes *body)
{
  static const char * const names[] = { "error_description", "message", "messages", "error" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  JsonNode *root;
  gsize size = 0;

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = dup_member_text (json_node_get_object (root), names[i]);

      if (text != NULL && g_utf8_validate (text, -1, NULL))
        {
          if (g_utf8_strlen (text, -1) > MAX_SERVER_MESSAGE)
            {
              g_autofree char *cut = g_utf8_substring (text, 0, MAX_SERVER_MESSAGE);

              return g_strconcat (cut, "…", NULL);
            }
          return g_steal_pointer (&text);
        }
    }

  return NULL;
}

/**
 * lia_http_check_status:
 * @message: a message that was sent
 * @body: (nullable): its response body
 *
 * Turns a status other than 2xx into a typed %LIA_ERROR that keeps what the
 * service said: 401 %LIA_ERROR_UNAUTHORIZED (%LIA_ERROR_READ_ONLY for Mojo
 * Helpdesk's read-only key), 403 %LIA_ERROR_FORBIDDEN, 404
 * %LIA_ERROR_NOT_FOUND, 400 and 422 %LIA_ERROR_VALIDATION, 409
 * %LIA_ERROR_DUPLICATE, 429 %LIA_ERROR_RATE_LIMITED, 5xx %LIA_ERROR_SERVER.
 *
 * Returns: %TRUE for a 2xx status
 */
gboolean
lia_http_check_status (LiaHttp      *self,
                       SoupMessage  *message,
                       GBytes       *body,
                       GError      **error)
{
  guint status;
  g_autofree char *said = NULL;
  const char *name;

  g_return_val_if_fail (LIA_IS_HTTP (self), FALSE);
  g_return_val_if_fail (SOUP_IS_MESSAGE (message), FALSE);

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  name = self->service_name;
  said = lia_http_dup_server_message (body);
  if (said == NULL)
    said = g_strdup_printf ("HTTP %u %s", status,
                            soup_message_get_reason_phrase (message) ?: "");

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      if (strstr (said, "read-only") != NULL)
        g_set_error (error, LIA_ERROR, LIA_ERROR_READ_ONLY,
                     /* Translators: the first %s is a service, the second its own words */
                     _("%s refused a change because the access key is read-only (%s). "
                       "Use a read-write key to make changes."), name, said);
      else
        g_set_error (error, LIA_ERROR, LIA_ERROR_UNAUTHORIZED,
                     /* Translators: the first %s is a service, the second its own words */
                     _("%s refused the credentials: %s"), name, said);
      break;

    case SOUP_STATUS_FORBIDDEN:
      g_set_error (error, LIA_ERROR, LIA_ERROR_FORBIDDEN,
                   /* Translators: the first %s is a service, the second its own words */
                   _("%s does not allow this with these credentials: %s"), name, said);
      break;

    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, LIA_ERROR, LIA_ERROR_NOT_FOUND,
                   /* Translators: the first %s is a service, the second its own words */
                   _("%s did not find it: %s"), name, said);
      break;

    case SOUP_STATUS_BAD_REQUEST:
      /* Both services answer a missing record with 400 at times:
       * HighLevel's "Contact with id … not found", Mojo's "Invalid … id". */
      if (said != NULL && (g_regex_match_simple ("\\bnot found\\b", said, G_REGEX_CASELESS, 0) ||
                           g_regex_match_simple ("^invalid [a-z_ ]*\\bid\\b", said, G_REGEX_CASELESS, 0)))
        {
          g_set_error (error, LIA_ERROR, LIA_ERROR_NOT_FOUND,
                       /* Translators: the first %s is a service, the second its own words */
                       _("%s did not find it: %s"), name, said);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      g_set_error (error, LIA_ERROR, LIA_ERROR_VALIDATION,
                   /* Translators: the first %s is a service, the second its own words */
                   _("%s refused the request: %s"), name, said);
      break;

    case SOUP_STATUS_CONFLICT:
      g_set_error (error, LIA_ERROR, LIA_ERROR_DUPLICATE,
                   /* Translators: the first %s is a service, the second its own words */
                   _("%s says it exists already: %s"), name, said);
      break;

    case 429:
      g_set_error (error, LIA_ERROR, LIA_ERROR_RATE_LIMITED,
                   /* Translators: the first %s is a service, the second its own words */
                   _("%s asks Liaison to slow down: %s"), name, said);
      break;

    default:
      if (status >= 500)
        g_set_error (error, LIA_ERROR, LIA_ERROR_SERVER,
                     /* Translators: the first %s is a service, the second its own words */
                     _("%s failed on its side; try again later: %s"), name, said);
      else
        g_set_error (error, LIA_ERROR, LIA_ERROR_FAILED,
                     /* Translators: the first %s is a service, the second its own words */
                     _("%s answered with an error: %s"), name, said);
    }

  return FALSE;
}

/**
 * lia_http_parse_json:
 *
 * Returns: (transfer full): the body as JSON, or %NULL with a
 *   %LIA_ERROR_BAD_RESPONSE error that does not repeat the body
 */
JsonNode *
lia_http_parse_json (LiaHttp  *self,
                     GBytes   *body,
                     GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (LIA_IS_HTTP (self), NULL);

  data = body ? g_bytes_get_data (body, &size) : NULL;
  if (data == NULL || size == 0 ||
      !json_parser_load_from_data (parser, data, size, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                   /* Translators: %s is a service, HighLevel or Mojo Helpdesk */
                   _("%s sent an answer Liaison cannot read."),
                   self->service_name);
      return NULL;
    }

  return json_parser_steal_root (parser);
}
