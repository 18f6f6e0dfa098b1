/* lia-context.c: the app-wide services, handed to every part that needs them
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaContext"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lia-connections.h"
#include "lia-context.h"

/*
 * LiaContext is the one object that carries the services the whole
 * application shares: the settings, the profile folder, and, as they
 * arrive, the ledger, the connections and the job queue. Windows and
 * pages receive it as a construct-only "context" property and pass it on;
 * nothing reaches for a global instead.
 *
 * It lives in the core library and never touches GTK, so the command line
 * and the sandbox can build one too.
 */

struct _LiaContext
{
  GObject    parent_instance;

  GSettings  *settings;
  char       *profile_dir;
  LiaSandbox *sandbox;
  LiaSandbox *starting_sandbox;
  char       *sandbox_redirect_uri;
  LiaConnections *connections;
};

G_DEFINE_FINAL_TYPE (LiaContext, lia_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_PROFILE_DIR,
  PROP_SANDBOX,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary functions
 */

/* The sandbox keeps its ports from one start to the next, so that the
 * profile's connections still find it; sandbox-ports.json remembers them. */
static char *
dup_sandbox_ports_path (LiaContext *self)
{
  return g_build_filename (self->profile_dir, "sandbox-ports.json", NULL);
}

static void
read_sandbox_ports (LiaContext *self,
                    guint      *ghl_port,
                    guint      *mojo_port)
{
  g_autofree char *path = dup_sandbox_ports_path (self);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  *ghl_port = *mojo_port = 0;
  if (!json_parser_load_from_mapped_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  object = json_node_get_object (json_parser_get_root (parser));
  *ghl_port = (guint)CLAMP (json_object_get_int_member_with_default (object, "ghl", 0), 0, 65535);
  *mojo_port = (guint)CLAMP (json_object_get_int_member_with_default (object, "mojo", 0), 0, 65535);
}

/* The port of the sign-in listener for the sandbox's own app: picked once
 * per profile, free at the time, so that a sign-in on the sandbox never
 * competes with a real one (or another Liaison) for port 8719. */
static guint
read_sandbox_redirect_port (LiaContext *self)
{
  g_autofree char *path = dup_sandbox_ports_path (self);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 port = 0;

  if (json_parser_load_from_mapped_file (parser, path, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    port = json_object_get_int_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                    "redirect", 0);
  if (port > 0 && port < 65536)
    return (guint)port;

  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL) ||
        !(bound = g_socket_get_local_address (socket, NULL)))
      return 8719;
    return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
}

static guint
url_port (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_port (uri) > 0 ? (guint)g_uri_get_port (uri) : 0;
}

static void
remember_sandbox_ports (LiaContext *self,
                        LiaSandbox *sandbox,
                        guint       old_ghl_port,
                        guint       old_mojo_port)
{
  g_autoptr(JsonNode) info = lia_sandbox_get_info (sandbox);
  JsonObject *object = json_node_get_object (info);
  const char *urls[] = {
    json_object_get_string_member (object, "ghl_url"),
    json_object_get_string_member (object, "mojo_url"),
  };
  guint old_ports[] = { old_ghl_port, old_mojo_port };
  g_autofree char *path = dup_sandbox_ports_path (self);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    if (old_ports[i] != 0 && old_ports[i] != url_port (urls[i]))
      {
        g_autofree char *old_base = g_strdup_printf ("http://127.0.0.1:%u", old_ports[i]);

        g_debug ("The sandbox moved from %s to %s", old_base, urls[i]);
        lia_connections_move_base_url (lia_context_get_connections (self), old_base, urls[i]);
      }

  text = g_strdup_printf ("{\"ghl\": %u, \"mojo\": %u, \"redirect\": %u}\n", url_port (urls[0]),
                          url_port (urls[1]), url_port (self->sandbox_redirect_uri));
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Could not remember the sandbox's ports: %s", error->message);
}

static void start_sandbox (LiaContext *self,
                           GTask      *task,
                           guint       ghl_port,
                           guint       mojo_port);

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LiaSandbox *sandbox = LIA_SANDBOX (object);
  g_autoptr(GTask) task = user_data;
  LiaContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  guint old_ghl_port, old_mojo_port;

  g_clear_object (&self->starting_sandbox);
  read_sandbox_ports (self, &old_ghl_port, &old_mojo_port);

  if (!lia_sandbox_start_finish (sandbox, result, &error))
    {
      /* Its old ports are taken: any free ones will do. */
      if ((old_ghl_port != 0 || old_mojo_port != 0) &&
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sandbox), "lia-first-try")) &&
          !g_task_return_error_if_cancelled (task))
        {
          g_debug ("%s; trying other ports", error->message);
          start_sandbox (self, g_steal_pointer (&task), 0, 0);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  remember_sandbox_ports (self, sandbox, old_ghl_port, old_mojo_port);
  g_set_object (&self->sandbox, sandbox);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX]);
  g_task_return_boolean (task, TRUE);
}

static void
start_sandbox (LiaContext *self,
               GTask      *task,
               guint       ghl_port,
               guint       mojo_port)
{
  LiaSandboxOptions options;
  guint old_ghl_port, old_mojo_port;

  read_sandbox_ports (self, &old_ghl_port, &old_mojo_port);

  g_free (self->sandbox_redirect_uri);
  self->sandbox_redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/oauth/callback",
                                                read_sandbox_redirect_port (self));

  lia_sandbox_options_init (&options);
  options.state_file = g_build_filename (self->profile_dir, "sandbox.json", NULL);
  options.ghl_port = ghl_port;
  options.mojo_port = mojo_port;
  options.redirect_uris = g_new0 (char *, 2);
  options.redirect_uris[0] = g_strdup (self->sandbox_redirect_uri);
  self->starting_sandbox = lia_sandbox_new (&options);
  lia_sandbox_options_clear (&options);

  g_object_set_data (G_OBJECT (self->starting_sandbox), "lia-first-try",
                     GINT_TO_POINTER (ghl_port == old_ghl_port && mojo_port == old_mojo_port &&
                                      (ghl_port != 0 || mojo_port != 0)));
  lia_sandbox_start_async (self->starting_sandbox, g_task_get_cancellable (task),
                           sandbox_started_cb, task);
}


/*
 * GObject overrides
 */

static void
lia_context_dispose (GObject *object)
{
  LiaContext *self = (LiaContext *)object;

  /* Stopping saves the sandbox's data and joins its thread. */
  if (self->sandbox != NULL)
    lia_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->connections);

  G_OBJECT_CLASS (lia_context_parent_class)->dispose (object);
}

static void
lia_context_finalize (GObject *object)
{
  LiaContext *self = (LiaContext *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile_dir, g_free);
  g_clear_pointer (&self->sandbox_redirect_uri, g_free);

  G_OBJECT_CLASS (lia_context_parent_class)->finalize (object);
}

static void
lia_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LiaContext *self = LIA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_PROFILE_DIR:
      g_value_set_string (value, self->profile_dir);
      break;

    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LiaContext *self = LIA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_PROFILE_DIR:
      self->profile_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_context_constructed (GObject *object)
{
  LiaContext *self = (LiaContext *)object;

  G_OBJECT_CLASS (lia_context_parent_class)->constructed (object);

  if (self->profile_dir == NULL || self->profile_dir[0] == '\0')
    {
      g_free (self->profile_dir);
      self->profile_dir = lia_context_dup_default_profile_dir ();
    }
  else if (!g_path_is_absolute (self->profile_dir))
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *relative = g_steal_pointer (&self->profile_dir);

      self->profile_dir = g_canonicalize_filename (relative, cwd);
    }
}

static void
lia_context_class_init (LiaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lia_context_constructed;
  object_class->dispose = lia_context_dispose;
  object_class->finalize = lia_context_finalize;
  object_class->get_property = lia_context_get_property;
  object_class->set_property = lia_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PROFILE_DIR] =
    g_param_spec_string ("profile-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL,
                         LIA_TYPE_SANDBOX,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lia_context_init (LiaContext *self)
{
}


/*
 * Public API
 */

/**
 * lia_context_new:
 * @settings: (nullable): the app's settings; %NULL where there are none (the
 *   command line and the sandbox do not use the window's settings)
 * @profile_dir: (nullable): the profile folder, or %NULL for the default one
 *
 * Returns: (transfer full): a new context
 */
LiaContext *
lia_context_new (GSettings  *settings,
                 const char *profile_dir)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (LIA_TYPE_CONTEXT,
                       "settings", settings,
                       "profile-dir", profile_dir,
                       NULL);
}

/**
 * lia_context_get_settings:
 *
 * Returns: (nullable) (transfer none): the app's settings
 */
GSettings *
lia_context_get_settings (LiaContext *self)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * lia_context_get_profile_dir:
 *
 * Returns: the absolute path of the profile folder: configuration documents
 *   and the ledger live there, secrets never do
 */
const char *
lia_context_get_profile_dir (LiaContext *self)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), NULL);

  return self->profile_dir;
}

/**
 * lia_context_ensure_profile_dir:
 *
 * Creates the profile folder, readable by its owner only, if it is missing.
 *
 * Returns: %TRUE if the folder exists now
 */
gboolean
lia_context_ensure_profile_dir (LiaContext  *self,
                                GError     **error)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), FALSE);

  if (g_mkdir_with_parents (self->profile_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error,
                   G_IO_ERROR,
                   g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the system's reason */
                   _("Could not create the profile folder “%s”: %s"),
                   self->profile_dir,
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * lia_context_get_connections:
 *
 * The profile's HighLevel and Mojo Helpdesk connections, loaded from its
 * `connections.json` on first use. When that file cannot be read,
 * lia_connections_get_load_error() says why, and the file is left alone.
 *
 * Returns: (transfer none): the connections
 */
LiaConnections *
lia_context_get_connections (LiaContext *self)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), NULL);

  if (self->connections == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->connections = lia_connections_new (self->profile_dir, NULL);
      if (!lia_connections_load (self->connections, &error))
        g_debug ("%s", error->message);
    }

  return self->connections;
}

/**
 * lia_context_get_sandbox:
 *
 * Returns: (nullable) (transfer none): the running sandbox in Sandbox mode
 */
LiaSandbox *
lia_context_get_sandbox (LiaContext *self)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), NULL);

  return self->sandbox;
}

/**
 * lia_context_get_sandbox_redirect_uri:
 *
 * Returns: (nullable): the redirect URL the sandbox's own Marketplace app
 *   has registered for this profile, once the sandbox started
 */
const char *
lia_context_get_sandbox_redirect_uri (LiaContext *self)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), NULL);

  return self->sandbox != NULL ? self->sandbox_redirect_uri : NULL;
}

/**
 * lia_context_start_sandbox_async:
 *
 * Starts Sandbox mode: both emulators with the default demo data, serving
 * on free loopback ports from a thread of their own, so they never stall
 * the caller's main loop. Their data persists in the profile's
 * `sandbox.json` (demo data and sandbox-only credentials, nothing real).
 */
void
lia_context_start_sandbox_async (LiaContext          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LIA_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_context_start_sandbox_async);

  if (self->sandbox != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->starting_sandbox != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The sandbox is starting already"));
      return;
    }
  if (!lia_context_ensure_profile_dir (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    guint stored_ghl_port, stored_mojo_port;

    read_sandbox_ports (self, &stored_ghl_port, &stored_mojo_port);
    start_sandbox (self, g_steal_pointer (&task), stored_ghl_port, stored_mojo_port);
  }
}

gboolean
lia_context_start_sandbox_finish (LiaContext    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lia_context_dup_default_profile_dir:
 *
 * Returns: (transfer full): the profile used when none is named,
 *   `$XDG_DATA_HOME/liaison/profiles/default`
 */
char *
lia_context_dup_default_profile_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "liaison", "profiles", "default", NULL);
}

/**
 * lia_context_dup_sandbox_profile_dir:
 *
 * Returns: (transfer full): the profile of Sandbox mode when none is named,
 *   `$XDG_DATA_HOME/liaison/profiles/sandbox`: its connections point at the
 *   sandbox, never mixed with the real ones
 */
char *
lia_context_dup_sandbox_profile_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "liaison", "profiles", "sandbox", NULL);
}
