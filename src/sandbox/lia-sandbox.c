/* lia-sandbox.c: the whole sandbox, both emulators on their two servers
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSandbox"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "lia-ghl-emulator.h"
#include "lia-mojo-emulator.h"
#include "lia-sandbox.h"
#include "lia-sandbox-seed.h"

#define STATE_FORMAT 1
/* How often a state file is brought up to date while serving. */
#define STATE_SAVE_INTERVAL_SECONDS 5
/* How long stopping waits for answers already under way. */
#define DRAIN_SECONDS 5

struct _LiaSandbox
{
  GObject            parent_instance;

  LiaSandboxOptions  options;

  /* Used only in the serving thread (the caller's, or our own). */
  LiaSandboxServer  *ghl_server;
  LiaSandboxServer  *mojo_server;
  LiaGhlEmulator    *ghl;
  LiaMojoEmulator   *mojo;
  GSource           *save_source;
  /* The state file holds the data as it was after saved_changes requests
   * that could change it (the servers count them). */
  gboolean           saved;
  guint64            saved_changes;

  /* Thread mode */
  GThread           *thread;
  GMainContext      *context;
  GMainLoop         *loop;
  GMutex             mutex;
  GCond              cond;
  gboolean           ready;
  GError            *start_error;
  GTask             *start_task;

  gboolean           serving;

  /* Filled once listening; read from any thread after start returned. */
  JsonNode          *info;
};

G_DEFINE_FINAL_TYPE (LiaSandbox, lia_sandbox, G_TYPE_OBJECT)

static const char * const default_redirect_uris[] = {
  "http://127.0.0.1:8719/oauth/callback",
  "http://localhost:8719/oauth/callback",
};

/* Auxiliary functions */

static char *
serialize_state (LiaSandbox *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, STATE_FORMAT);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, (gint64)self->options.seed);
  json_builder_set_member_name (builder, "contacts");
  json_builder_add_int_value (builder, self->options.contacts);
  json_builder_set_member_name (builder, "ghl");
  json_builder_add_value (builder, lia_ghl_emulator_dump (self->ghl));
  json_builder_set_member_name (builder, "mojo");
  json_builder_add_value (builder, lia_mojo_emulator_dump (self->mojo));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* Reads the state file's seed and size before the data is built, so that the
 * credentials (derived from the seed) stay those of the saved sandbox. */
static JsonNode *
read_state_file (LiaSandbox  *self,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length;
  JsonObject *root;

  if (!g_file_get_contents (self->options.state_file, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      /* Translators: %s is a file name, then the parser's reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The sandbox state file %s is not valid JSON: %s"),
                   self->options.state_file, local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (root = json_node_get_object (json_parser_get_root (parser))) == NULL ||
      json_object_get_int_member_with_default (root, "format", 0) != STATE_FORMAT ||
      !json_object_has_member (root, "ghl") || !json_object_has_member (root, "mojo"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The sandbox state file %s is not one this version can read"),
                   self->options.state_file);
      return NULL;
    }

  self->options.seed = (guint64)json_object_get_int_member_with_default (root, "seed", (gint64)self->options.seed);
  self->options.contacts = (guint)json_object_get_int_member_with_default (root, "contacts", self->options.contacts);

  return json_parser_steal_root (parser);
}

static gboolean
save_state_cb (gpointer data)
{
  LiaSandbox *self = data;
  g_autoptr(GError) error = NULL;

  if (!lia_sandbox_save_state (self, &error))
    g_warning ("%s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
build_info (LiaSandbox *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *auth_url = NULL;
  GPtrArray *uris;

  auth_url = g_strdup_printf ("%s/v2/oauth/chooselocation", lia_sandbox_server_get_url (self->ghl_server));
  uris = lia_ghl_emulator_get_redirect_uris (self->ghl);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ghl_url");
  json_builder_add_string_value (builder, lia_sandbox_server_get_url (self->ghl_server));
  json_builder_set_member_name (builder, "mojo_url");
  json_builder_add_string_value (builder, lia_sandbox_server_get_url (self->mojo_server));
  json_builder_set_member_name (builder, "auth_url");
  json_builder_add_string_value (builder, auth_url);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, lia_ghl_emulator_get_client_id (self->ghl));
  json_builder_set_member_name (builder, "client_secret");
  json_builder_add_string_value (builder, lia_ghl_emulator_get_client_secret (self->ghl));
  json_builder_set_member_name (builder, "redirect_uris");
  json_builder_begin_array (builder);
  for (guint i = 0; i < uris->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (uris, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "location_id");
  json_builder_add_string_value (builder, lia_ghl_emulator_get_location_id (self->ghl));
  json_builder_set_member_name (builder, "private_token");
  json_builder_add_string_value (builder, lia_ghl_emulator_get_private_token (self->ghl));
  json_builder_set_member_name (builder, "mojo_access_key");
  json_builder_add_string_value (builder, lia_mojo_emulator_get_access_key (self->mojo));
  json_builder_set_member_name (builder, "mojo_readonly_key");
  json_builder_add_string_value (builder, lia_mojo_emulator_get_readonly_key (self->mojo));
  json_builder_end_object (builder);

  g_clear_pointer (&self->info, json_node_unref);
  self->info = json_builder_get_root (builder);
}

static gboolean
has_uri (GPtrArray  *uris,
         const char *uri)
{
  for (guint i = 0; i < uris->len; i++)
    if (g_strcmp0 (g_ptr_array_index (uris, i), uri) == 0)
      return TRUE;
  return FALSE;
}

static void
configure_emulators (LiaSandbox *self)
{
  const LiaSandboxOptions *o = &self->options;
  GPtrArray *uris = lia_ghl_emulator_get_redirect_uris (self->ghl);

  for (guint i = 0; i < G_N_ELEMENTS (default_redirect_uris); i++)
    if (!has_uri (uris, default_redirect_uris[i]))
      lia_ghl_emulator_add_redirect_uri (self->ghl, default_redirect_uris[i]);
  for (guint i = 0; o->redirect_uris != NULL && o->redirect_uris[i] != NULL; i++)
    if (!has_uri (uris, o->redirect_uris[i]))
      lia_ghl_emulator_add_redirect_uri (self->ghl, o->redirect_uris[i]);

  lia_ghl_emulator_set_auto_approve (self->ghl, o->auto_approve);
  lia_ghl_emulator_set_token_lifetime (self->ghl, o->token_lifetime);
  lia_ghl_emulator_set_allow_duplicates (self->ghl, o->allow_duplicates);
  lia_ghl_emulator_set_search_lag_ms (self->ghl, o->search_lag_ms);
  lia_ghl_emulator_set_rate_limit (self->ghl, o->rate_limit_max, o->rate_limit_window);
  lia_ghl_emulator_set_daily_limit (self->ghl, o->daily_limit);
  lia_mojo_emulator_set_index_lag_ms (self->mojo, o->search_lag_ms);

  lia_sandbox_server_set_latency (self->ghl_server, o->latency_ms, o->jitter_ms);
  lia_sandbox_server_set_latency (self->mojo_server, o->latency_ms, o->jitter_ms);
  lia_sandbox_server_set_faults (self->ghl_server, o->fault_rate, o->faults);
  lia_sandbox_server_set_faults (self->mojo_server, o->fault_rate, o->faults);
}

/* Serving: runs in the thread that serves */
static gboolean
start_here (LiaSandbox  *self,
            GError     **error)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->options.state_file != NULL)
    {
      state = read_state_file (self, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  people = lia_sandbox_people_generate (self->options.seed, self->options.contacts);
  self->ghl = lia_ghl_emulator_new (self->options.seed, people);
  self->mojo = lia_mojo_emulator_new (self->options.seed, people);
  g_clear_pointer (&people, g_ptr_array_unref);

  if (state != NULL)
    {
      JsonObject *root = json_node_get_object (state);

      if (!lia_ghl_emulator_load (self->ghl, json_object_get_member (root, "ghl"), &local_error) ||
          !lia_mojo_emulator_load (self->mojo, json_object_get_member (root, "mojo"), &local_error))
        {
          /* Translators: %s is a file name, then the reason */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Could not restore the sandbox from %s: %s"),
                       self->options.state_file, local_error->message);
          return FALSE;
        }
    }

  self->ghl_server = lia_sandbox_server_new ("ghl", self->options.seed);
  self->mojo_server = lia_sandbox_server_new ("mojo", self->options.seed);
  lia_ghl_emulator_attach (self->ghl, self->ghl_server);
  lia_mojo_emulator_attach (self->mojo, self->mojo_server);
  configure_emulators (self);

  if (!lia_sandbox_server_listen (self->ghl_server, self->options.ghl_port, &local_error) ||
      !lia_sandbox_server_listen (self->mojo_server, self->options.mojo_port, &local_error))
    {
      /* Translators: the reason follows the colon */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The sandbox could not listen: %s"), local_error->message);
      return FALSE;
    }

  if (self->options.state_file != NULL)
    {
      /* A state file just read holds the data; a new one is written below. */
      self->saved = state != NULL;
      self->save_source = g_timeout_source_new_seconds (STATE_SAVE_INTERVAL_SECONDS);
      g_source_set_callback (self->save_source, save_state_cb, self, NULL);
      g_source_attach (self->save_source, g_main_context_get_thread_default ());
    }

  build_info (self);

  /* A new state file is written at once, so that a folder we cannot write
   * to is found now, not when the data is lost. */
  if (self->options.state_file != NULL && state == NULL && !lia_sandbox_save_state (self, error))
    return FALSE;

  self->serving = TRUE;
  return TRUE;
}

/* Lets the answers already under way go out (a latency delay, say) before
 * the servers close: a client must not lose the answer to a write that
 * has landed. Stalled answers are never sent; at most a few seconds. */
static void
drain (LiaSandbox *self)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gint64 deadline = g_get_monotonic_time () + DRAIN_SECONDS * G_USEC_PER_SEC;

  while (lia_sandbox_server_get_in_flight (self->ghl_server) +
         lia_sandbox_server_get_in_flight (self->mojo_server) > 0 &&
         g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (1000);
    }
}

static void
stop_here (LiaSandbox *self)
{
  g_autoptr(GError) error = NULL;

  if (self->ghl_server != NULL && self->mojo_server != NULL)
    drain (self);

  if (self->serving && !lia_sandbox_save_state (self, &error))
    g_warning ("%s", error->message);
  self->serving = FALSE;

  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }
  if (self->ghl_server != NULL)
    lia_sandbox_server_disconnect (self->ghl_server);
  if (self->mojo_server != NULL)
    lia_sandbox_server_disconnect (self->mojo_server);
  g_clear_object (&self->ghl_server);
  g_clear_object (&self->mojo_server);
  g_clear_object (&self->ghl);
  g_clear_object (&self->mojo);
}

static gpointer
thread_func (gpointer data)
{
  LiaSandbox *self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  ok = start_here (self, &error);

  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  if (self->start_task != NULL)
    {
      /* The task answers in its own (the caller's) context. */
      g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

      if (ok)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (!ok)
    {
      self->start_error = g_steal_pointer (&error);
    }
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    g_main_loop_run (self->loop);

  stop_here (self);

  /* Let the servers' last sources run out. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

/* GObject overrides */

static void
lia_sandbox_dispose (GObject *object)
{
  LiaSandbox *self = (LiaSandbox *)object;

  lia_sandbox_stop (self);

  G_OBJECT_CLASS (lia_sandbox_parent_class)->dispose (object);
}

static void
lia_sandbox_finalize (GObject *object)
{
  LiaSandbox *self = (LiaSandbox *)object;

  lia_sandbox_options_clear (&self->options);
  g_clear_pointer (&self->info, json_node_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (lia_sandbox_parent_class)->finalize (object);
}

static void
lia_sandbox_class_init (LiaSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lia_sandbox_dispose;
  object_class->finalize = lia_sandbox_finalize;
}

static void
lia_sandbox_init (LiaSandbox *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/* Public API */

void
lia_sandbox_options_init (LiaSandboxOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (LiaSandboxOptions) {
    .seed = 1,
    .contacts = 200,
    .rate_limit_max = 100,
    .rate_limit_window = 10,
    .daily_limit = 200000,
    .token_lifetime = 86399,
  };
}

void
lia_sandbox_options_clear (LiaSandboxOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->redirect_uris, g_strfreev);
  g_clear_pointer (&options->state_file, g_free);
}

/* A positive whole number up to @max, the whole of @text; @end_char ends it. */
static gboolean
parse_count (const char  *text,
             char         end_char,
             guint64      max,
             guint       *value,
             const char **rest)
{
  guint64 n;
  char *end;

  errno = 0;
  n = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || end == text || *end != end_char || n == 0 || n > max || !g_ascii_isdigit (*text))
    return FALSE;

  *value = (guint)n;
  if (rest != NULL)
    *rest = end + 1;
  return TRUE;
}

gboolean
lia_sandbox_parse_limit (const char *text,
                         guint      *value)
{
  if (g_strcmp0 (text, "off") == 0)
    {
      *value = 0;
      return TRUE;
    }

  return parse_count (text, '\0', G_MAXUINT, value, NULL);
}

gboolean
lia_sandbox_parse_rate_limit (const char *text,
                              guint      *max,
                              guint      *window_seconds)
{
  const char *rest;
  guint n, seconds;

  if (g_strcmp0 (text, "off") == 0)
    {
      *max = 0;
      *window_seconds = 0;
      return TRUE;
    }

  if (!parse_count (text, '/', G_MAXUINT, &n, &rest) ||
      !parse_count (rest, '\0', 86400, &seconds, NULL))
    return FALSE;

  *max = n;
  *window_seconds = seconds;
  return TRUE;
}

LiaSandbox *
lia_sandbox_new (const LiaSandboxOptions *options)
{
  LiaSandbox *self = g_object_new (LIA_TYPE_SANDBOX, NULL);

  g_return_val_if_fail (options != NULL, NULL);

  self->options = *options;
  self->options.redirect_uris = g_strdupv (options->redirect_uris);
  self->options.state_file = g_strdup (options->state_file);

  return self;
}

gboolean
lia_sandbox_start (LiaSandbox  *self,
                   GError     **error)
{
  g_return_val_if_fail (LIA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->ghl == NULL && self->thread == NULL, FALSE);

  if (!start_here (self, error))
    {
      stop_here (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
lia_sandbox_start_in_thread (LiaSandbox  *self,
                             GError     **error)
{
  g_return_val_if_fail (LIA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->ghl == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->ready = FALSE;
  self->thread = g_thread_new ("liaison-sandbox", thread_func, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (g_steal_pointer (&self->thread));
      return FALSE;
    }

  return TRUE;
}

void
lia_sandbox_start_async (LiaSandbox          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIA_IS_SANDBOX (self));
  g_return_if_fail (self->ghl == NULL && self->thread == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_sandbox_start_async);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->ready = FALSE;
  self->start_task = g_steal_pointer (&task);
  self->thread = g_thread_new ("liaison-sandbox", thread_func, self);
}

gboolean
lia_sandbox_start_finish (LiaSandbox    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (LIA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      /* The thread has ended already, or is about to. */
      if (self->thread != NULL)
        g_thread_join (g_steal_pointer (&self->thread));
      return FALSE;
    }

  return TRUE;
}

void
lia_sandbox_stop (LiaSandbox *self)
{
  g_return_if_fail (LIA_IS_SANDBOX (self));

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_loop_cb, self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  else
    {
      stop_here (self);
    }
}

gboolean
lia_sandbox_save_state (LiaSandbox  *self,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gboolean on_disk;
  guint64 changes;

  g_return_val_if_fail (LIA_IS_SANDBOX (self), FALSE);

  if (self->options.state_file == NULL || self->ghl == NULL || self->ghl_server == NULL)
    return TRUE;

  /* Nothing was asked that could change the data since the last save, and
   * the file is still there. */
  changes = lia_sandbox_server_get_changes (self->ghl_server) + lia_sandbox_server_get_changes (self->mojo_server);
  on_disk = g_file_test (self->options.state_file, G_FILE_TEST_IS_REGULAR);
  if (self->saved && changes == self->saved_changes && on_disk)
    return TRUE;

  text = serialize_state (self);

  /* g_file_set_contents writes a temporary file, syncs it and renames it. */
  if (!g_file_set_contents_full (self->options.state_file, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      /* Translators: %s is a file name, then the system's reason */
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the sandbox to %s: %s"), self->options.state_file,
                   local_error->message);
      return FALSE;
    }

  self->saved = TRUE;
  self->saved_changes = changes;

  return TRUE;
}

JsonNode *
lia_sandbox_get_info (LiaSandbox *self)
{
  g_return_val_if_fail (LIA_IS_SANDBOX (self), NULL);

  return self->info != NULL ? json_node_copy (self->info) : NULL;
}

char *
lia_sandbox_get_info_line (LiaSandbox *self)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (LIA_IS_SANDBOX (self), NULL);

  if (self->info == NULL)
    return NULL;

  json_generator_set_root (generator, self->info);

  return json_generator_to_data (generator, NULL);
}
