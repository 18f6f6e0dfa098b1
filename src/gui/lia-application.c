/* lia-application.c: the Liaison application
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaApplication"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "lia-application.h"
#include "lia-options.h"
#include "lia-preferences-window.h"
#include "lia-setup-window.h"
#include "lia-window.h"

struct _LiaApplication
{
  AdwApplication  parent_instance;

  LiaContext     *context;
  char           *profile_dir;
  gboolean        sandbox_mode;
  guint           sigterm_source;
  guint           sigint_source;
};

G_DEFINE_FINAL_TYPE (LiaApplication, lia_application, ADW_TYPE_APPLICATION)

/* Shared by GApplication's parser and by the early check in main(). */
static const GOptionEntry option_entries[] = {
  { "profile", 'p', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the profile in DIR instead of the default one"), N_("DIR") },
  { "sandbox", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Try Liaison on the built-in sandbox: demo data on this computer, nothing reaches the real services"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static const char *option_summary =
  N_("Keep Mojo Helpdesk and HighLevel in step.");


/*
 * Auxiliary methods
 */

static gboolean
style_variant_to_color_scheme (GValue   *value,
                               GVariant *variant,
                               gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_strcmp0 (nick, "light") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (nick, "dark") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);

  return TRUE;
}

static GtkWindow *
get_main_window (LiaApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (LIA_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}


/*
 * Actions
 */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  LiaApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Dialogs first, cut loose from their parent before they go. A dialog
   * can outlive its destruction (the key event of Ctrl+Q typed into it
   * holds it until the action returns), and one that still pointed at its
   * parent would reach back to the freed parent when it is finalized. */
  for (GList *l = windows; l; l = l->next)
    {
      GtkWindow *window = l->data;

      if (gtk_window_get_transient_for (window) == NULL)
        continue;

      gtk_window_set_transient_for (window, NULL);
      gtk_window_destroy (window);
      l->data = NULL;
    }

  /* Close rather than destroy the others, so each remembers its state. */
  for (GList *l = windows; l; l = l->next)
    {
      if (l->data != NULL)
        gtk_window_close (l->data);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  LiaApplication *self = user_data;
  static const char *developers[] = {
    "The Liaison authors",
    NULL
  };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application", self,
                        "transient-for", get_main_window (self),
                        "application-name", _("Liaison"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Liaison authors"),
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_ISSUE_URL,
                        "copyright", "© 2026 The Liaison authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your name, one per line */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Liaison keeps Mojo Helpdesk and HighLevel in step: "
                                      "contacts, notes and follow-up tasks, on a schedule or "
                                      "on demand, with a preview before anything changes."),
                        NULL);
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about),
                                       _("Built with"),
                                       (const char *[]) {
                                         "GTK https://gtk.org",
                                         "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
                                         "libsoup https://libsoup.org",
                                         NULL
                                       });
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  LiaApplication *self = user_data;
  LiaPreferencesWindow *preferences;

  preferences = lia_preferences_window_new (self->context);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), get_main_window (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  LiaApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/ui/lia-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_application (window, GTK_APPLICATION (self));
  gtk_window_set_transient_for (window, get_main_window (self));
  gtk_window_present (window);
}

static LiaSetupWindow *
find_setup_window (LiaApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (LIA_IS_SETUP_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

/* The setup, over the main window; @reconnect: only that service's step. */
static void
present_setup (LiaApplication *self,
               const char     *reconnect,
               GStrv           scopes)
{
  LiaSetupWindow *setup = find_setup_window (self);
  LiaService service;

  if (setup == NULL)
    {
      setup = lia_setup_window_new (self->context, self->sandbox_mode);
      gtk_window_set_application (GTK_WINDOW (setup), GTK_APPLICATION (self));
      gtk_window_set_transient_for (GTK_WINDOW (setup), get_main_window (self));
      if (reconnect != NULL && lia_service_from_string (reconnect, &service))
        lia_setup_window_reconnect (setup, service, (const char * const *)scopes);
      else if (self->sandbox_mode)
        lia_setup_window_start_sandbox_path (setup);
    }

  gtk_window_present (GTK_WINDOW (setup));
}

static void
setup_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  present_setup (user_data, NULL, NULL);
}

static void
reconnect_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  LiaApplication *self = user_data;

  g_application_activate (G_APPLICATION (self));
  lia_window_set_page (LIA_WINDOW (get_main_window (self)), "connections");
  present_setup (self, g_variant_get_string (parameter, NULL), NULL);
}

static void start_sandbox (LiaApplication *self);
static void watch_connections (LiaApplication *self);
static void verify_connections (LiaApplication *self);

/* "Try the Sandbox" from the real profile: the same windows, opened again
 * on the sandbox's own profile, so that demo connections never replace the
 * real ones. */
static void
try_sandbox_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  LiaApplication *self = user_data;
  g_autoptr(GList) old_windows = NULL;
  g_autoptr(GSettings) settings = NULL;
  GtkWindow *window;

  if (self->sandbox_mode)
    {
      present_setup (self, NULL, NULL);
      return;
    }

  old_windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  settings = g_object_ref (lia_context_get_settings (self->context));

  self->sandbox_mode = TRUE;
  g_free (self->profile_dir);
  self->profile_dir = lia_context_dup_sandbox_profile_dir ();
  g_clear_object (&self->context);
  self->context = lia_context_new (settings, self->profile_dir);
  watch_connections (self);
  start_sandbox (self);

  /* Held meanwhile: the application never quits for lack of windows. */
  g_application_hold (G_APPLICATION (self));
  for (GList *l = old_windows; l; l = l->next)
    {
      gtk_window_set_transient_for (l->data, NULL);
      gtk_window_destroy (l->data);
    }

  window = GTK_WINDOW (lia_window_new (GTK_APPLICATION (self), self->context));
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (window), "devel");
  gtk_window_present (window);
  present_setup (self, NULL, NULL);
  g_application_release (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "setup", setup_activated },
  { "try-sandbox", try_sandbox_activated },
  { "reconnect", reconnect_activated, "s" },
};

static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.show-page('overview')", { "<Alt>1", NULL } },
  { "win.show-page('connections')", { "<Alt>2", NULL } },
  { "win.show-page('mappings')", { "<Alt>3", NULL } },
  { "win.show-page('automations')", { "<Alt>4", NULL } },
  { "win.show-page('runs')", { "<Alt>5", NULL } },
  { "win.show-page('explorer')", { "<Alt>6", NULL } },
};


/* A polite kill quits as Ctrl+Q does: window state and sandbox data are saved. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  LiaApplication *self = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LiaApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (lia_context_start_sandbox_finish (LIA_CONTEXT (object), result, &error))
    {
      if (LIA_CONTEXT (object) == self->context)
        verify_connections (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      g_warning (_("Could not start the sandbox: %s"), error->message);
    }

  g_application_release (G_APPLICATION (self));
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The connection's state and the notification say the rest. */
  if (!lia_connections_verify_finish (LIA_CONNECTIONS (object), result, &error))
    g_debug ("%s", error->message);
}

/* At start, one cheap read per connection: the Connections page and the
 * notifications tell the truth from the first minute, for instance that a
 * sign-in ended while Liaison was closed. */
static void
verify_connections (LiaApplication *self)
{
  LiaConnections *connections = lia_context_get_connections (self->context);

  for (guint i = 0; i < 2; i++)
    if (lia_connection_get_method (lia_connections_get_connection (connections, i)) != LIA_CONNECTION_METHOD_NONE)
      lia_connections_verify_async (connections, i, NULL, verified_cb, NULL);
}

static void
start_sandbox (LiaApplication *self)
{
  /* Held until the sandbox answers, so a quick quit still saves its data. */
  g_application_hold (G_APPLICATION (self));
  lia_context_start_sandbox_async (self->context, NULL, sandbox_started_cb, g_object_ref (self));
}

/* A HighLevel sign-in that ended, or a Mojo key that stopped working, is
 * news even with the window closed: a notification offers the way back. */
static void
connection_state_changed_cb (LiaApplication *self,
                             GParamSpec     *pspec,
                             LiaConnection  *connection)
{
  LiaService service = lia_connection_get_service (connection);
  g_autofree char *id = g_strconcat ("sign-in-", lia_service_to_string (service), NULL);
  g_autoptr(GNotification) notification = NULL;
  const char *error = lia_connection_get_last_error (connection);

  if (lia_connection_get_state (connection) != LIA_CONNECTION_NEEDS_SIGN_IN)
    {
      g_application_withdraw_notification (G_APPLICATION (self), id);
      return;
    }

  if (service == LIA_SERVICE_GHL)
    {
      notification = g_notification_new (_("Sign in to HighLevel again"));
      g_notification_set_body (notification,
                               error != NULL ? error
                                             : _("Liaison’s access to HighLevel has ended. Automations that "
                                                 "use HighLevel wait until you sign in again."));
      g_notification_add_button_with_target (notification, _("Sign In…"), "app.reconnect", "s", "ghl");
    }
  else
    {
      notification = g_notification_new (_("Mojo Helpdesk refused the access key"));
      g_notification_set_body (notification,
                               error != NULL ? error
                                             : _("Automations that use Mojo Helpdesk wait until you enter "
                                                 "a working key."));
      g_notification_add_button_with_target (notification, _("Enter a Key…"), "app.reconnect", "s", "mojo");
    }
  g_notification_set_default_action_and_target (notification, "app.reconnect", "s",
                                                lia_service_to_string (service));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
watch_connections (LiaApplication *self)
{
  LiaConnections *connections = lia_context_get_connections (self->context);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (connections)); i++)
    {
      g_autoptr(LiaConnection) connection = g_list_model_get_item (G_LIST_MODEL (connections), i);

      g_signal_connect_object (connection, "notify::state",
                               G_CALLBACK (connection_state_changed_cb), self, G_CONNECT_SWAPPED);
    }
}


/*
 * GApplication overrides
 */

static int
lia_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  LiaApplication *self = LIA_APPLICATION (application);
  const char *profile = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "liaison", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "sandbox"))
    self->sandbox_mode = TRUE;

  if (g_variant_dict_lookup (options, "profile", "^&ay", &profile))
    {
      g_free (self->profile_dir);
      self->profile_dir = g_strdup (profile);
    }

  return G_APPLICATION_CLASS (lia_application_parent_class)->handle_local_options (application,
                                                                                  options);
}

static void
lia_application_startup (GApplication *application)
{
  LiaApplication *self = LIA_APPLICATION (application);
  g_autoptr(GSettings) settings = NULL;
  AdwStyleManager *style_manager;

  G_APPLICATION_CLASS (lia_application_parent_class)->startup (application);

  settings = g_settings_new (BASE_APP_ID);
  /* Sandbox mode keeps its own profile, so that demo connections never
   * replace the real ones. */
  if (self->sandbox_mode && self->profile_dir == NULL)
    self->profile_dir = lia_context_dup_sandbox_profile_dir ();
  self->context = lia_context_new (settings, self->profile_dir);

  self->sigterm_source = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  self->sigint_source = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);

  watch_connections (self);
  if (self->sandbox_mode)
    start_sandbox (self);
  else
    verify_connections (self);

  style_manager = adw_style_manager_get_default ();
  g_settings_bind_with_mapping (settings, "style-variant",
                                style_manager, "color-scheme",
                                G_SETTINGS_BIND_GET,
                                style_variant_to_color_scheme,
                                NULL, NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           app_accels[i].action,
                                           app_accels[i].accels);
}

static void
lia_application_activate (GApplication *application)
{
  LiaApplication *self = LIA_APPLICATION (application);
  GtkWindow *window;

  if (!(window = get_main_window (self)))
    {
      LiaConnections *connections = lia_context_get_connections (self->context);
      GSettings *settings = lia_context_get_settings (self->context);
      gboolean nothing_connected = TRUE;

      window = GTK_WINDOW (lia_window_new (GTK_APPLICATION (self), self->context));
      if (DEVELOPMENT_BUILD)
        gtk_widget_add_css_class (GTK_WIDGET (window), "devel");
      gtk_window_present (window);

      for (guint i = 0; i < 2; i++)
        if (lia_connection_get_method (lia_connections_get_connection (connections, i)) != LIA_CONNECTION_METHOD_NONE)
          nothing_connected = FALSE;

      /* The first run opens the setup; Sandbox mode opens straight into its
       * path whenever the sandbox profile has no connection yet. */
      if (nothing_connected && (self->sandbox_mode || !g_settings_get_boolean (settings, "setup-shown")))
        {
          g_settings_set_boolean (settings, "setup-shown", TRUE);
          present_setup (self, NULL, NULL);
        }
      return;
    }

  gtk_window_present (window);
}


/*
 * GObject overrides
 */

static void
lia_application_dispose (GObject *object)
{
  LiaApplication *self = (LiaApplication *)object;

  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lia_application_parent_class)->dispose (object);
}

static void
lia_application_finalize (GObject *object)
{
  LiaApplication *self = (LiaApplication *)object;

  g_clear_pointer (&self->profile_dir, g_free);

  G_OBJECT_CLASS (lia_application_parent_class)->finalize (object);
}

static void
lia_application_class_init (LiaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lia_application_dispose;
  object_class->finalize = lia_application_finalize;

  app_class->handle_local_options = lia_application_handle_local_options;
  app_class->startup = lia_application_startup;
  app_class->activate = lia_application_activate;
}

static void
lia_application_init (LiaApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self), _(option_summary));
}


/*
 * Public API
 */

LiaApplication *
lia_application_new (void)
{
  return g_object_new (LIA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * lia_application_get_context:
 *
 * Returns: (nullable) (transfer none): the context, once the application has started
 */
LiaContext *
lia_application_get_context (LiaApplication *self)
{
  g_return_val_if_fail (LIA_IS_APPLICATION (self), NULL);

  return self->context;
}

/**
 * lia_application_check_command_line:
 *
 * Parses a copy of the command line with the application's options before
 * GApplication sees it. GApplication answers a bad option with status 1 and
 * a paragraph; Liaison answers with one line and status 2, like its two
 * other programs. `--help` is answered here too.
 *
 * Returns: -1 if the command line is good, otherwise the status to exit with
 */
int
lia_application_check_command_line (int    argc,
                                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = NULL;
  g_autofree gpointer *storage = NULL;
  g_auto(GStrv) copy = NULL;
  g_autofree char **parse_argv = NULL;
  gboolean service = FALSE;
  int copy_argc;
  int status;
  guint n_entries = G_N_ELEMENTS (option_entries);
  const GOptionEntry service_entry[] = {
    /* GApplication's own option, used by D-Bus activation. */
    { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &service, NULL, NULL },
    { NULL }
  };

  /* The shared table has no storage; give each entry a slot of its own. */
  entries = g_new0 (GOptionEntry, n_entries);
  storage = g_new0 (gpointer, n_entries);
  for (guint i = 0; i + 1 < n_entries; i++)
    {
      entries[i] = option_entries[i];
      entries[i].arg_data = &storage[i];
    }

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _(option_summary));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, service_entry, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  copy = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    copy[i] = g_strdup (argv[i]);
  copy_argc = argc;

  /* The parser drops what it consumed from the array it is given: hand it
   * a shallow copy and keep @copy whole, so every string is freed. */
  parse_argv = g_memdup2 (copy, sizeof (char *) * (argc + 1));
  status = lia_options_parse (context, &copy_argc, &parse_argv);

  if (status < 0 && copy_argc > 1)
    {
      /* Translators: %s is what the user typed */
      lia_options_print_usage_error (_("Unexpected argument “%s”"), parse_argv[1]);
      status = LIA_EXIT_USAGE;
    }

  for (guint i = 0; i + 1 < n_entries; i++)
    {
      if (entries[i].arg == G_OPTION_ARG_FILENAME || entries[i].arg == G_OPTION_ARG_STRING)
        g_free (storage[i]);
    }

  return status;
}
