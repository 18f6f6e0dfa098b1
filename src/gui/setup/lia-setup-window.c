/* lia-setup-window.c: the first-run setup: sign in to HighLevel, add the Mojo key, test both
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSetupWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-connection-test.h"
#include "lia-connections.h"
#include "lia-error.h"
#include "lia-ghl-scopes.h"
#include "lia-sandbox-consent.h"
#include "lia-setup-window.h"

/*
 * The steps are the pages of one GtkStack: welcome → (starting the
 * sandbox) → ghl-method → ghl-app or ghl-token → sign-in → mojo → test →
 * done. Every button is an action of the "setup" group, so the keyboard,
 * the tests and the buttons all go the same way. The sandbox path is the
 * same flow with the sandbox's app and key filled in; only its consent page
 * can be approved from here, when no browser opens.
 */

enum {
  PRESET_READ_ONLY,
  PRESET_READ_WRITE,
  PRESET_CUSTOM,
};

struct _LiaSetupWindow
{
  AdwWindow            parent_instance;

  /* Owned references */
  LiaContext          *context;
  GCancellable        *cancellable;
  LiaOAuthFlow        *flow;
  GPtrArray           *history;
  GPtrArray           *scope_switches;
  char                *problem;

  gboolean             sandbox_mode;
  gboolean             sandbox_path;
  gboolean             reconnect_only;
  gboolean             applying_preset;
  guint                tests_running;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkWidget           *back_button;
  GtkWidget           *connect_button;
  GtkWidget           *try_sandbox_button;
  GtkWidget           *sign_in_button;
  GtkWidget           *token_button;
  GtkWidget           *mojo_button;
  GtkWidget           *test_continue_button;
  GtkWidget           *finish_button;
  GtkWidget           *marketplace_row;
  GtkWidget           *skip_button;
  AdwStatusPage       *welcome_status;
  AdwStatusPage       *starting_status;
  GtkSpinner          *starting_spinner;
  AdwPreferencesGroup *app_help_group;
  GtkLabel            *app_help_label;
  AdwActionRow        *redirect_row;
  AdwEntryRow         *client_id_row;
  AdwEntryRow         *client_secret_row;
  AdwComboRow         *preset_row;
  AdwExpanderRow      *scopes_row;
  AdwEntryRow         *auth_url_row;
  AdwEntryRow         *api_url_row;
  AdwEntryRow         *redirect_uri_row;
  GtkLabel            *app_error_label;
  AdwEntryRow         *token_row;
  AdwEntryRow         *location_row;
  AdwEntryRow         *token_api_url_row;
  GtkLabel            *token_error_label;
  GtkSpinner          *token_spinner;
  AdwStatusPage       *browser_status;
  GtkSpinner          *browser_spinner;
  GtkLabel            *no_browser_label;
  GtkWidget           *approve_button;
  AdwEntryRow         *mojo_url_row;
  AdwEntryRow         *mojo_key_row;
  GtkSwitch           *mojo_read_only_switch;
  GtkLabel            *mojo_error_label;
  GtkSpinner          *mojo_spinner;
  AdwActionRow        *ghl_test_row;
  GtkStack            *ghl_test_icon;
  AdwActionRow        *mojo_test_row;
  GtkStack            *mojo_test_icon;
  AdwStatusPage       *done_status;
};

G_DEFINE_FINAL_TYPE (LiaSetupWindow, lia_setup_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SANDBOX_MODE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static LiaConnections *
get_connections (LiaSetupWindow *self)
{
  return lia_context_get_connections (self->context);
}

static const char *
current_page (LiaSetupWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static gboolean
is_passing_page (const char *name)
{
  /* Steps that only wait: Back never returns to them. */
  return g_strcmp0 (name, "starting") == 0 || g_strcmp0 (name, "sign-in") == 0;
}

static void
show_page (LiaSetupWindow *self,
           const char     *name)
{
  const char *from = current_page (self);

  if (g_strcmp0 (from, name) == 0)
    return;

  if (from != NULL && !is_passing_page (from))
    g_ptr_array_add (self->history, g_strdup (from));

  gtk_stack_set_visible_child_name (self->stack, name);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
entry_dup_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
show_error (LiaSetupWindow *self,
            GtkLabel       *label,
            const char     *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
clear_errors (LiaSetupWindow *self)
{
  show_error (self, self->app_error_label, NULL);
  show_error (self, self->token_error_label, NULL);
  show_error (self, self->mojo_error_label, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->no_browser_label), FALSE);
  g_clear_pointer (&self->problem, g_free);
}

static void
restart_cancellable (LiaSetupWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
update_redirect_row (LiaSetupWindow *self)
{
  g_autofree char *uri = entry_dup_stripped (self->redirect_uri_row);

  adw_action_row_set_subtitle (self->redirect_row, uri[0] != '\0' ? uri : LIA_GHL_DEFAULT_REDIRECT_URI);
}

static GStrv
dup_selected_scopes (LiaSetupWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->scope_switches->len; i++)
    {
      GtkSwitch *toggle = g_ptr_array_index (self->scope_switches, i);

      if (gtk_switch_get_active (toggle))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (toggle), "scope"));
    }

  return g_strv_builder_end (builder);
}

static void
select_scopes (LiaSetupWindow     *self,
               const char * const *scopes)
{
  self->applying_preset = TRUE;
  for (guint i = 0; i < self->scope_switches->len; i++)
    {
      GtkSwitch *toggle = g_ptr_array_index (self->scope_switches, i);

      gtk_switch_set_active (toggle, g_strv_contains (scopes, g_object_get_data (G_OBJECT (toggle), "scope")));
    }
  self->applying_preset = FALSE;
}

static void
update_scopes_subtitle (LiaSetupWindow *self)
{
  g_auto(GStrv) scopes = dup_selected_scopes (self);
  g_autofree char *text = g_strjoinv (" ", scopes);

  adw_expander_row_set_subtitle (self->scopes_row, text[0] != '\0' ? text : _("None chosen"));
}

static void
prefill_from_sandbox (LiaSetupWindow *self)
{
  LiaSandbox *sandbox = lia_context_get_sandbox (self->context);
  g_autoptr(JsonNode) node = lia_sandbox_get_info (sandbox);
  JsonObject *info = json_node_get_object (node);

  set_entry_text (self->client_id_row, json_object_get_string_member (info, "client_id"));
  set_entry_text (self->client_secret_row, json_object_get_string_member (info, "client_secret"));
  set_entry_text (self->auth_url_row, json_object_get_string_member (info, "auth_url"));
  set_entry_text (self->api_url_row, json_object_get_string_member (info, "ghl_url"));
  set_entry_text (self->token_api_url_row, json_object_get_string_member (info, "ghl_url"));
  set_entry_text (self->redirect_uri_row, lia_context_get_sandbox_redirect_uri (self->context));
  set_entry_text (self->mojo_url_row, json_object_get_string_member (info, "mojo_url"));
  set_entry_text (self->mojo_key_row, json_object_get_string_member (info, "mojo_access_key"));
  adw_combo_row_set_selected (self->preset_row, PRESET_READ_WRITE);

  adw_preferences_group_set_title (self->app_help_group, _("The Sandbox’s App"));
  gtk_label_set_markup (self->app_help_label,
                        _("The sandbox has a Marketplace app of its own, filled in below. Press "
                          "<b>Sign In</b>: its consent page opens in your browser, just as "
                          "HighLevel’s would. Choose a demo location there and approve."));
  adw_window_title_set_subtitle (self->window_title, _("Sandbox"));
}

static void
prefill_from_connections (LiaSetupWindow *self)
{
  LiaConnections *connections = get_connections (self);
  LiaConnection *ghl = lia_connections_get_connection (connections, LIA_SERVICE_GHL);
  LiaConnection *mojo = lia_connections_get_connection (connections, LIA_SERVICE_MOJO);

  set_entry_text (self->auth_url_row, lia_connection_get_auth_url (ghl) ?: LIA_GHL_DEFAULT_AUTH_URL);
  set_entry_text (self->api_url_row, lia_connection_get_api_url (ghl) ?: LIA_GHL_DEFAULT_API_URL);
  set_entry_text (self->token_api_url_row, lia_connection_get_api_url (ghl) ?: LIA_GHL_DEFAULT_API_URL);
  set_entry_text (self->redirect_uri_row, lia_connection_get_redirect_uri (ghl) ?: LIA_GHL_DEFAULT_REDIRECT_URI);
  set_entry_text (self->client_id_row, lia_connection_get_client_id (ghl));
  set_entry_text (self->location_row, lia_connection_get_location_id (ghl));
  set_entry_text (self->mojo_url_row, lia_connection_get_url (mojo) ?: LIA_MOJO_DEFAULT_URL);
  gtk_switch_set_active (self->mojo_read_only_switch, lia_connection_get_read_only (mojo));
}

static void
update_sign_in_page (LiaSetupWindow *self,
                     const char     *problem)
{
  gboolean failed = problem != NULL;

  gtk_spinner_set_spinning (self->browser_spinner, !failed);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_spinner), !failed);
  adw_status_page_set_title (self->browser_status,
                             failed ? _("No Browser Opened") : _("Continue in Your Browser"));
  adw_status_page_set_description (self->browser_status,
                                   failed
                                   ? NULL
                                   : self->sandbox_path
                                   ? _("The sandbox’s consent page is open in your browser. Choose a "
                                       "demo location, approve, and come back here.")
                                   : _("HighLevel’s sign-in page is open in your browser. Choose the "
                                       "location, approve, and come back here."));
  gtk_label_set_text (self->no_browser_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->no_browser_label), failed);
  gtk_widget_set_visible (self->approve_button, failed && self->sandbox_path);
  if (failed && self->sandbox_path)
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), self->approve_button);
      gtk_widget_grab_focus (self->approve_button);
    }
  g_free (self->problem);
  self->problem = g_strdup (problem);
}


static void page_changed_cb (LiaSetupWindow *self);

static gboolean
is_connected (LiaSetupWindow *self,
              LiaService      service)
{
  return lia_connection_get_method (lia_connections_get_connection (get_connections (self), service)) !=
         LIA_CONNECTION_METHOD_NONE;
}

/* A finished sign-in is not a step to go back to: Back from the next step
 * returns to where the person chose the way in. */
static void
forget_sign_in_steps (LiaSetupWindow *self)
{
  for (guint i = self->history->len; i > 0; i--)
    {
      const char *name = g_ptr_array_index (self->history, i - 1);

      if (g_str_equal (name, "ghl-app") || g_str_equal (name, "ghl-token"))
        g_ptr_array_remove_index (self->history, i - 1);
    }
  page_changed_cb (self);
}

/*
 * The tests of both connections
 */

static void
show_test_result (LiaSetupWindow *self,
                  LiaService      service,
                  const char     *state,
                  const char     *text)
{
  AdwActionRow *row = service == LIA_SERVICE_GHL ? self->ghl_test_row : self->mojo_test_row;
  GtkStack *icon = service == LIA_SERVICE_GHL ? self->ghl_test_icon : self->mojo_test_icon;

  adw_action_row_set_subtitle (row, text);
  gtk_widget_set_visible (GTK_WIDGET (icon), state != NULL);
  if (state != NULL)
    gtk_stack_set_visible_child_name (icon, state);
}

static void
update_test_actions (LiaSetupWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.test", self->tests_running == 0);
}

typedef struct
{
  LiaSetupWindow *self;
  LiaService      service;
} TestCall;

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TestCall *call = user_data;
  g_autoptr(LiaSetupWindow) self = call->self;
  LiaService service = call->service;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_free (call);
  summary = lia_connection_test_finish (LIA_CONNECTIONS (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->tests_running--;
  update_test_actions (self);

  if (summary != NULL)
    show_test_result (self, service, "ok", summary);
  else
    show_test_result (self, service, "failed", error->message);
}

static void
run_tests (LiaSetupWindow *self)
{
  LiaConnections *connections = get_connections (self);
  LiaService services[] = { LIA_SERVICE_GHL, LIA_SERVICE_MOJO };

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      LiaConnection *connection = lia_connections_get_connection (connections, services[i]);
      TestCall *call;

      if (lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_NONE)
        {
          show_test_result (self, services[i], NULL, _("Not connected: add it later on the Connections page."));
          continue;
        }

      show_test_result (self, services[i], "busy", _("Reading…"));
      call = g_new0 (TestCall, 1);
      call->self = g_object_ref (self);
      call->service = services[i];
      self->tests_running++;
      lia_connection_test_async (connections, services[i], NULL, self->cancellable, tested_cb, call);
    }

  update_test_actions (self);
}

static void
show_test_page (LiaSetupWindow *self)
{
  show_page (self, "test");
  run_tests (self);
}


/*
 * HighLevel sign-in
 */

static void
ghl_connected_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lia_connections_connect_finish (LIA_CONNECTIONS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->flow);
      gtk_spinner_set_spinning (self->browser_spinner, FALSE);
      if (g_strcmp0 (current_page (self), "sign-in") == 0)
        gtk_stack_set_visible_child_name (self->stack, "ghl-app");
      show_error (self, self->app_error_label, error->message);
      return;
    }

  g_clear_object (&self->flow);
  gtk_spinner_set_spinning (self->browser_spinner, FALSE);
  /* The client secret is in the keyring now; the field forgets it. */
  set_entry_text (self->client_secret_row, NULL);

  if (self->reconnect_only)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  show_page (self, "mojo");
  forget_sign_in_steps (self);
}

static void
browser_launched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->flow == NULL)
    return;

  g_debug ("No browser: %s", error->message);
  if (self->sandbox_path)
    problem = g_strdup (_("No web browser could be opened on this computer. This is the sandbox: "
                          "Liaison can approve its consent page for you, or you can copy the link "
                          "into a browser on this computer."));
  else
    problem = g_strdup (_("No web browser could be opened on this computer. Copy the link and open it "
                          "in a browser on this computer: the sign-in comes back here."));
  update_sign_in_page (self, problem);
}

static void
open_in_browser (const char *uri,
                 gpointer    user_data)
{
  LiaSetupWindow *self = user_data;
  g_autoptr(GdkAppLaunchContext) launch_context = NULL;

  launch_context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (launch_context), self->cancellable,
                                           browser_launched_cb, g_object_ref (self));
}

static void
start_flow (LiaSetupWindow *self,
            LiaOAuthFlow   *flow)
{
  restart_cancellable (self);
  clear_errors (self);
  g_set_object (&self->flow, flow);

  lia_oauth_flow_set_launcher (flow, open_in_browser, self, NULL);
  update_sign_in_page (self, NULL);
  show_page (self, "sign-in");

  lia_connections_connect_ghl_oauth_async (get_connections (self), flow, self->cancellable,
                                           ghl_connected_cb, g_object_ref (self));
}

static void
reconnect_flow_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(LiaOAuthFlow) flow = NULL;
  g_autoptr(GError) error = NULL;

  flow = lia_connections_new_ghl_reconnect_flow_finish (LIA_CONNECTIONS (object), result, &error);
  if (flow == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The secret is gone: the form, with what is known filled in. */
      gtk_stack_set_visible_child_name (self->stack, "ghl-app");
      show_error (self, self->app_error_label, error->message);
      return;
    }

  start_flow (self, flow);
}


/* Enter presses the step's main button; typing starts where something is
 * missing. Also when the window is mapped: before that, focus cannot move. */
static void
focus_step (LiaSetupWindow *self)
{
  const char *name = current_page (self);

  if (name == NULL)
    return;

  {
    static const struct { const char *page; gsize offset; } defaults[] = {
      { "welcome", G_STRUCT_OFFSET (LiaSetupWindow, connect_button) },
      { "ghl-app", G_STRUCT_OFFSET (LiaSetupWindow, sign_in_button) },
      { "ghl-token", G_STRUCT_OFFSET (LiaSetupWindow, token_button) },
      { "mojo", G_STRUCT_OFFSET (LiaSetupWindow, mojo_button) },
      { "test", G_STRUCT_OFFSET (LiaSetupWindow, test_continue_button) },
      { "done", G_STRUCT_OFFSET (LiaSetupWindow, finish_button) },
    };
    GtkWidget *widget = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
      if (g_str_equal (name, defaults[i].page))
        widget = G_STRUCT_MEMBER (GtkWidget *, self, defaults[i].offset);
    if (self->sandbox_path && g_str_equal (name, "welcome"))
      widget = self->try_sandbox_button;
    if (g_str_equal (name, "sign-in") && gtk_widget_get_visible (self->approve_button))
      widget = self->approve_button;

    gtk_window_set_default_widget (GTK_WINDOW (self), widget);

    /* Focus where typing starts when something is missing, else on the button. */
    {
      AdwEntryRow *first = g_str_equal (name, "ghl-app") ? self->client_id_row :
                           g_str_equal (name, "ghl-token") ? self->token_row :
                           g_str_equal (name, "mojo") ? self->mojo_key_row : NULL;

      if (first != NULL && g_str_equal (name, "ghl-app") && entry_text (first)[0] != '\0')
        first = self->client_secret_row;
      if (first != NULL && entry_text (first)[0] == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (first));
      else if (widget != NULL)
        gtk_widget_grab_focus (widget);
      else if (g_str_equal (name, "ghl-method"))
        gtk_widget_grab_focus (self->marketplace_row);
    }
  }
}

/*
 * Signal callbacks
 */

static void
page_changed_cb (LiaSetupWindow *self)
{
  const char *name = current_page (self);
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  gboolean can_go_back;

  if (child == NULL)
    return;

  adw_window_title_set_title (self->window_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));

  can_go_back = self->history->len > 0 &&
                g_strcmp0 (name, "done") != 0 &&
                g_strcmp0 (name, "starting") != 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back", can_go_back);
  gtk_widget_set_visible (self->back_button, can_go_back);

  focus_step (self);
}

static void
form_changed_cb (LiaSetupWindow *self)
{
  gboolean app_ready = entry_text (self->client_id_row)[0] != '\0' &&
                       entry_text (self->client_secret_row)[0] != '\0';
  gboolean token_ready = entry_text (self->token_row)[0] != '\0' &&
                         entry_text (self->location_row)[0] != '\0';
  gboolean mojo_ready = entry_text (self->mojo_url_row)[0] != '\0' &&
                        entry_text (self->mojo_key_row)[0] != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.sign-in", app_ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.connect-private-token", token_ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.connect-mojo", mojo_ready);
}

static void
redirect_changed_cb (LiaSetupWindow *self)
{
  update_redirect_row (self);
  form_changed_cb (self);
}

static void
preset_changed_cb (LiaSetupWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->preset_row);

  if (selected != PRESET_CUSTOM && !self->applying_preset)
    {
      g_auto(GStrv) scopes = lia_ghl_scopes_get_preset (selected == PRESET_READ_WRITE
                                                        ? LIA_GHL_SCOPES_READ_WRITE
                                                        : LIA_GHL_SCOPES_READ_ONLY);

      select_scopes (self, (const char * const *)scopes);
    }
  if (selected == PRESET_CUSTOM)
    adw_expander_row_set_expanded (self->scopes_row, TRUE);
  update_scopes_subtitle (self);
}

static void
scope_toggled_cb (LiaSetupWindow *self)
{
  if (!self->applying_preset)
    {
      self->applying_preset = TRUE;
      adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
      self->applying_preset = FALSE;
    }
  update_scopes_subtitle (self);
}

/* The sandbox path starts where the sandbox profile stands: what is
 * connected already is not asked again. */
static void
sandbox_ready (LiaSetupWindow *self)
{
  gtk_spinner_set_spinning (self->starting_spinner, FALSE);
  prefill_from_sandbox (self);
  form_changed_cb (self);

  if (!is_connected (self, LIA_SERVICE_GHL))
    gtk_stack_set_visible_child_name (self->stack, "ghl-app");
  else if (!is_connected (self, LIA_SERVICE_MOJO))
    gtk_stack_set_visible_child_name (self->stack, "mojo");
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "test");
      run_tests (self);
    }
}

static void
context_sandbox_changed_cb (LiaSetupWindow *self)
{
  if (self->sandbox_path && lia_context_get_sandbox (self->context) != NULL &&
      g_strcmp0 (current_page (self), "starting") == 0)
    sandbox_ready (self);
}

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (lia_context_start_sandbox_finish (LIA_CONTEXT (object), result, &error))
    {
      context_sandbox_changed_cb (self);
      return;
    }

  /* The application started it already: notify::sandbox comes. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->starting_spinner, FALSE);
  adw_status_page_set_title (self->starting_status, _("The Sandbox Did Not Start"));
  adw_status_page_set_description (self->starting_status, error->message);
  g_free (self->problem);
  self->problem = g_strdup (error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back", TRUE);
  gtk_widget_set_visible (self->back_button, TRUE);
}


/*
 * Actions
 */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  g_autofree char *previous = NULL;

  if (self->history->len == 0)
    return;

  /* Leaving the sign-in step cancels it; the listener closes. */
  restart_cancellable (self);
  g_clear_object (&self->flow);
  clear_errors (self);

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  if (g_str_equal (previous, "welcome"))
    {
      self->sandbox_path = FALSE;
      adw_window_title_set_subtitle (self->window_title, NULL);
    }
  gtk_stack_set_visible_child_name (self->stack, previous);
}

static void
connect_accounts_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);

  self->sandbox_path = FALSE;
  show_page (self, "ghl-method");
}

static void
try_sandbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  lia_setup_window_start_sandbox_path (LIA_SETUP_WINDOW (widget));
}

static void
use_marketplace_app_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  show_page (LIA_SETUP_WINDOW (widget), "ghl-app");
}

static void
use_private_token_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_page (LIA_SETUP_WINDOW (widget), "ghl-token");
}

static void
copy_text (LiaSetupWindow *self,
           const char     *text,
           const char     *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (toast));
}

static void
copy_redirect_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);

  copy_text (self, adw_action_row_get_subtitle (self->redirect_row), _("Redirect URL copied"));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  g_autofree char *client_id = entry_dup_stripped (self->client_id_row);
  g_autofree char *client_secret = entry_dup_stripped (self->client_secret_row);
  g_autofree char *auth_url = entry_dup_stripped (self->auth_url_row);
  g_autofree char *api_url = entry_dup_stripped (self->api_url_row);
  g_autofree char *redirect_uri = entry_dup_stripped (self->redirect_uri_row);
  g_auto(GStrv) scopes = dup_selected_scopes (self);
  g_autoptr(LiaOAuthFlow) flow = NULL;

  clear_errors (self);
  if (client_id[0] == '\0' || client_secret[0] == '\0')
    {
      show_error (self, self->app_error_label, _("Enter the Client ID and the Client Secret of your app."));
      return;
    }
  if (scopes[0] == NULL)
    {
      show_error (self, self->app_error_label, _("Choose at least one scope: Liaison needs contacts.readonly to read."));
      return;
    }

  flow = lia_connections_new_ghl_flow (get_connections (self), client_id, client_secret,
                                       (const char * const *)scopes);
  if (auth_url[0] != '\0')
    lia_oauth_flow_set_auth_url (flow, auth_url);
  if (api_url[0] != '\0')
    lia_oauth_flow_set_api_url (flow, api_url);
  if (redirect_uri[0] != '\0')
    lia_oauth_flow_set_redirect_uri (flow, redirect_uri);

  start_flow (self, flow);
}

static void
open_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  const char *uri = self->flow != NULL ? lia_oauth_flow_get_authorize_uri (self->flow) : NULL;

  if (uri == NULL)
    return;

  update_sign_in_page (self, NULL);
  open_in_browser (uri, self);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  const char *uri = self->flow != NULL ? lia_oauth_flow_get_authorize_uri (self->flow) : NULL;

  if (uri != NULL)
    copy_text (self, uri, _("Sign-in link copied: open it in a browser on this computer"));
}

static void
cancel_sign_in_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);

  if (self->reconnect_only && self->history->len == 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  gtk_widget_activate_action (widget, "setup.back", NULL);
}

static void
approved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (lia_sandbox_approve_consent_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The flow itself may have failed meanwhile, and says why on its page. */
  if (self->flow != NULL)
    update_sign_in_page (self, error->message);
}

static void
approve_here_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  const char *uri = self->flow != NULL ? lia_oauth_flow_get_authorize_uri (self->flow) : NULL;

  if (uri == NULL || !self->sandbox_path)
    return;

  gtk_widget_set_visible (self->approve_button, FALSE);
  gtk_spinner_set_spinning (self->browser_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_spinner), TRUE);
  lia_sandbox_approve_consent_async (uri, self->cancellable, approved_cb, g_object_ref (self));
}

static void
private_token_connected_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_spinner_set_spinning (self->token_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.connect-private-token", TRUE);

  if (!lia_connections_connect_finish (LIA_CONNECTIONS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, self->token_error_label, error->message);
      return;
    }

  /* The token is in the keyring now; the field forgets it. */
  set_entry_text (self->token_row, NULL);

  if (self->reconnect_only)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  show_page (self, "mojo");
  forget_sign_in_steps (self);
}

static void
connect_private_token_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  g_autofree char *token = entry_dup_stripped (self->token_row);
  g_autofree char *location = entry_dup_stripped (self->location_row);
  g_autofree char *api_url = entry_dup_stripped (self->token_api_url_row);

  clear_errors (self);
  if (token[0] == '\0' || location[0] == '\0')
    {
      show_error (self, self->token_error_label, _("Enter the token and the location’s ID."));
      return;
    }

  restart_cancellable (self);
  gtk_spinner_set_spinning (self->token_spinner, TRUE);
  gtk_widget_action_set_enabled (widget, "setup.connect-private-token", FALSE);
  lia_connections_connect_ghl_private_token_async (get_connections (self),
                                                   api_url[0] != '\0' ? api_url : NULL,
                                                   token, location, self->cancellable,
                                                   private_token_connected_cb, g_object_ref (self));
}

static void
mojo_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LiaSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_spinner_set_spinning (self->mojo_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.connect-mojo", TRUE);

  if (!lia_connections_connect_finish (LIA_CONNECTIONS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, self->mojo_error_label, error->message);
      return;
    }

  set_entry_text (self->mojo_key_row, NULL);
  if (self->reconnect_only)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  show_test_page (self);
}

static void
connect_mojo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  g_autofree char *url = entry_dup_stripped (self->mojo_url_row);
  g_autofree char *key = entry_dup_stripped (self->mojo_key_row);

  clear_errors (self);
  if (url[0] == '\0' || key[0] == '\0')
    {
      show_error (self, self->mojo_error_label, _("Enter the helpdesk’s address and your access key."));
      return;
    }

  restart_cancellable (self);
  gtk_spinner_set_spinning (self->mojo_spinner, TRUE);
  gtk_widget_action_set_enabled (widget, "setup.connect-mojo", FALSE);
  lia_connections_connect_mojo_async (get_connections (self), url, key,
                                      gtk_switch_get_active (self->mojo_read_only_switch),
                                      self->cancellable, mojo_connected_cb, g_object_ref (self));
}

static void
skip_mojo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);

  restart_cancellable (self);
  show_test_page (self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_tests (LIA_SETUP_WINDOW (widget));
}

static void
show_done_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (widget);
  LiaConnections *connections = get_connections (self);
  gboolean both = TRUE;

  for (guint i = 0; i < 2; i++)
    if (lia_connection_get_state (lia_connections_get_connection (connections, i)) != LIA_CONNECTION_CONNECTED)
      both = FALSE;

  if (self->sandbox_path)
    adw_status_page_set_description (self->done_status,
                                     _("Liaison is connected to the sandbox. Everything you do here "
                                       "changes demo data on this computer only."));
  else if (both)
    adw_status_page_set_description (self->done_status,
                                     _("Liaison is connected to HighLevel and Mojo Helpdesk. The "
                                       "Connections page shows both and can test them any time."));
  else
    adw_status_page_set_description (self->done_status,
                                     _("You can finish connecting on the Connections page any time."));
  show_page (self, "done");
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}


/*
 * GObject overrides
 */

static void
build_scope_rows (LiaSetupWindow *self)
{
  const LiaGhlScope *scopes;
  guint n_scopes = 0;
  GtkStringList *presets;

  presets = gtk_string_list_new (NULL);
  gtk_string_list_append (presets, lia_ghl_scopes_get_preset_title (LIA_GHL_SCOPES_READ_ONLY));
  gtk_string_list_append (presets, lia_ghl_scopes_get_preset_title (LIA_GHL_SCOPES_READ_WRITE));
  gtk_string_list_append (presets, _("Chosen one by one"));
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (presets));
  g_object_unref (presets);

  scopes = lia_ghl_scopes_get_all (&n_scopes);
  for (guint i = 0; i < n_scopes; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), scopes[i].name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(scopes[i].summary));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (toggle), "scope", (gpointer)scopes[i].name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (scope_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->scopes_row, row);
      g_ptr_array_add (self->scope_switches, toggle);
    }
}

static void
lia_setup_window_constructed (GObject *object)
{
  LiaSetupWindow *self = (LiaSetupWindow *)object;

  G_OBJECT_CLASS (lia_setup_window_parent_class)->constructed (object);

  g_assert (LIA_IS_CONTEXT (self->context));

  g_signal_connect_object (self->context, "notify::sandbox",
                           G_CALLBACK (context_sandbox_changed_cb), self, G_CONNECT_SWAPPED);

  prefill_from_connections (self);
  adw_combo_row_set_selected (self->preset_row, PRESET_READ_WRITE);
  preset_changed_cb (self);
  update_redirect_row (self);
  form_changed_cb (self);
  page_changed_cb (self);
}

/* Closing stops what the window waits for: the sign-in listener lets go of
 * its port at once, whoever still holds a reference to the window. */
static gboolean
lia_setup_window_close_request (GtkWindow *window)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->flow);

  return GTK_WINDOW_CLASS (lia_setup_window_parent_class)->close_request (window);
}

static void
lia_setup_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lia_setup_window_parent_class)->map (widget);

  focus_step (LIA_SETUP_WINDOW (widget));
}

static void
lia_setup_window_dispose (GObject *object)
{
  LiaSetupWindow *self = (LiaSetupWindow *)object;

  /* Closing the window stops whatever it was waiting for. */
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIA_TYPE_SETUP_WINDOW);

  G_OBJECT_CLASS (lia_setup_window_parent_class)->dispose (object);
}

static void
lia_setup_window_finalize (GObject *object)
{
  LiaSetupWindow *self = (LiaSetupWindow *)object;

  g_clear_object (&self->flow);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->scope_switches, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (lia_setup_window_parent_class)->finalize (object);
}

static void
lia_setup_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SANDBOX_MODE:
      g_value_set_boolean (value, self->sandbox_mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_setup_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LiaSetupWindow *self = LIA_SETUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SANDBOX_MODE:
      self->sandbox_mode = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_setup_window_class_init (LiaSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lia_setup_window_constructed;
  object_class->dispose = lia_setup_window_dispose;
  object_class->finalize = lia_setup_window_finalize;
  object_class->get_property = lia_setup_window_get_property;
  object_class->set_property = lia_setup_window_set_property;

  widget_class->map = lia_setup_window_map;
  GTK_WINDOW_CLASS (klass)->close_request = lia_setup_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         LIA_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SANDBOX_MODE] =
    g_param_spec_boolean ("sandbox-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_CONSTRUCT_ONLY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/lia-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, try_sandbox_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, token_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, test_continue_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, finish_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, marketplace_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, skip_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, welcome_status);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, starting_status);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, app_help_group);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, app_help_label);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, preset_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, scopes_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, auth_url_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, redirect_uri_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, app_error_label);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, token_api_url_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, token_error_label);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, token_spinner);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, browser_status);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, browser_spinner);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, no_browser_label);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, approve_button);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_url_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_key_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_read_only_switch);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_error_label);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_spinner);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, ghl_test_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, ghl_test_icon);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_test_row);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, mojo_test_icon);
  gtk_widget_class_bind_template_child (widget_class, LiaSetupWindow, done_status);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, redirect_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_changed_cb);

  gtk_widget_class_install_action (widget_class, "setup.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "setup.connect-accounts", NULL, connect_accounts_action);
  gtk_widget_class_install_action (widget_class, "setup.try-sandbox", NULL, try_sandbox_action);
  gtk_widget_class_install_action (widget_class, "setup.use-marketplace-app", NULL, use_marketplace_app_action);
  gtk_widget_class_install_action (widget_class, "setup.use-private-token", NULL, use_private_token_action);
  gtk_widget_class_install_action (widget_class, "setup.copy-redirect", NULL, copy_redirect_action);
  gtk_widget_class_install_action (widget_class, "setup.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "setup.open-again", NULL, open_again_action);
  gtk_widget_class_install_action (widget_class, "setup.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "setup.cancel-sign-in", NULL, cancel_sign_in_action);
  gtk_widget_class_install_action (widget_class, "setup.approve-here", NULL, approve_here_action);
  gtk_widget_class_install_action (widget_class, "setup.connect-private-token", NULL, connect_private_token_action);
  gtk_widget_class_install_action (widget_class, "setup.connect-mojo", NULL, connect_mojo_action);
  gtk_widget_class_install_action (widget_class, "setup.skip-mojo", NULL, skip_mojo_action);
  gtk_widget_class_install_action (widget_class, "setup.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "setup.show-done", NULL, show_done_action);
  gtk_widget_class_install_action (widget_class, "setup.finish", NULL, finish_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "setup.back", NULL);
}

static void
lia_setup_window_init (LiaSetupWindow *self)
{
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->scope_switches = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->welcome_status, APP_ID);
  build_scope_rows (self);

  {
    AdwEntryRow *rows[] = {
      self->client_id_row, self->client_secret_row, self->auth_url_row, self->api_url_row,
      self->redirect_uri_row, self->token_row, self->location_row, self->token_api_url_row,
      self->mojo_url_row, self->mojo_key_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_object_set (rows[i], "activates-default", TRUE, NULL);
  }
}


/*
 * Public API
 */

LiaSetupWindow *
lia_setup_window_new (LiaContext *context,
                      gboolean    sandbox_mode)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (context), NULL);

  return g_object_new (LIA_TYPE_SETUP_WINDOW,
                       "context", context,
                       "sandbox-mode", sandbox_mode,
                       NULL);
}

void
lia_setup_window_start_sandbox_path (LiaSetupWindow *self)
{
  g_return_if_fail (LIA_IS_SETUP_WINDOW (self));

  /* The real profile is open: the application switches to the sandbox's,
   * and opens a setup window of its own there. */
  if (!self->sandbox_mode)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "app.try-sandbox", NULL);
      return;
    }

  self->sandbox_path = TRUE;
  clear_errors (self);

  if (lia_context_get_sandbox (self->context) != NULL)
    {
      if (g_strcmp0 (current_page (self), "welcome") == 0)
        g_ptr_array_add (self->history, g_strdup ("welcome"));
      sandbox_ready (self);
      return;
    }

  if (g_strcmp0 (current_page (self), "welcome") == 0)
    g_ptr_array_add (self->history, g_strdup ("welcome"));
  adw_status_page_set_title (self->starting_status, _("Starting the Sandbox"));
  adw_status_page_set_description (self->starting_status,
                                   _("Demo HighLevel and Mojo Helpdesk services are starting on this computer."));
  gtk_spinner_set_spinning (self->starting_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "starting");
  lia_context_start_sandbox_async (self->context, self->cancellable, sandbox_started_cb, g_object_ref (self));
}

void
lia_setup_window_reconnect (LiaSetupWindow     *self,
                            LiaService          service,
                            const char * const *scopes)
{
  LiaConnection *ghl;

  g_return_if_fail (LIA_IS_SETUP_WINDOW (self));

  self->reconnect_only = TRUE;
  self->sandbox_path = self->sandbox_mode && lia_context_get_sandbox (self->context) != NULL;
  g_ptr_array_set_size (self->history, 0);
  gtk_widget_set_visible (self->skip_button, FALSE);
  ghl = lia_connections_get_connection (get_connections (self), LIA_SERVICE_GHL);

  /* In Sandbox mode the sandbox's own app and key, as on its path. */
  if (self->sandbox_path)
    {
      prefill_from_sandbox (self);
      form_changed_cb (self);
    }

  if (service == LIA_SERVICE_MOJO)
    {
      gtk_stack_set_visible_child_name (self->stack, "mojo");
      return;
    }

  if (lia_connection_get_method (ghl) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN)
    {
      gtk_stack_set_visible_child_name (self->stack, "ghl-token");
      return;
    }

  if (scopes != NULL)
    {
      select_scopes (self, scopes);
      update_scopes_subtitle (self);
      self->applying_preset = TRUE;
      adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
      self->applying_preset = FALSE;
    }

  if (lia_connection_get_method (ghl) != LIA_CONNECTION_METHOD_OAUTH)
    {
      gtk_stack_set_visible_child_name (self->stack, self->sandbox_path ? "ghl-app" : "ghl-method");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  update_sign_in_page (self, NULL);
  restart_cancellable (self);
  lia_connections_new_ghl_reconnect_flow_async (get_connections (self), scopes, self->cancellable,
                                                reconnect_flow_cb, g_object_ref (self));
}

const char *
lia_setup_window_get_page (LiaSetupWindow *self)
{
  g_return_val_if_fail (LIA_IS_SETUP_WINDOW (self), NULL);

  return current_page (self);
}

const char *
lia_setup_window_get_problem (LiaSetupWindow *self)
{
  g_return_val_if_fail (LIA_IS_SETUP_WINDOW (self), NULL);

  return self->problem;
}
