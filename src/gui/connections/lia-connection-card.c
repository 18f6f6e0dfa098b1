/* lia-connection-card.c: one service's card on the Connections page
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaConnectionCard"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-connection-card.h"
#include "lia-connection-test.h"
#include "lia-ghl-scopes.h"
#include "lia-setup-window.h"

struct _LiaConnectionCard
{
  AdwBin               parent_instance;

  /* Owned references */
  LiaContext          *context;
  LiaConnection       *connection;
  GCancellable        *cancellable;
  guint                tick_source;
  LiaService           service;

  /* Template widgets */
  AdwPreferencesGroup *group;
  GtkWidget           *test_button;
  GtkWidget           *reconnect_button;
  GtkWidget           *disconnect_button;
  GtkWidget           *connect_button;
  AdwActionRow        *state_row;
  GtkImage            *state_icon;
  AdwActionRow        *access_row;
  AdwActionRow        *token_row;
  AdwActionRow        *write_row;
  GtkButton           *write_button;
  AdwEntryRow         *contact_row;
  AdwActionRow        *test_row;
  GtkSpinner          *test_spinner;
};

G_DEFINE_FINAL_TYPE (LiaConnectionCard, lia_connection_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SERVICE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static LiaConnections *
get_connections (LiaConnectionCard *self)
{
  return lia_context_get_connections (self->context);
}

static char *
describe_renewal (LiaConnection *connection)
{
  gint64 left = lia_connection_get_expires_at (connection) - g_get_real_time () / G_USEC_PER_SEC;

  if (lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN)
    return g_strdup (_("Private integration token: it works until it is deleted in HighLevel"));
  if (lia_connection_get_expires_at (connection) == 0)
    return g_strdup (_("Marketplace app"));
  if (left <= 0)
    return g_strdup (_("Marketplace app: the token renews at the next request"));
  if (left < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Marketplace app: the token renews itself in %d minute",
                                         "Marketplace app: the token renews itself in %d minutes",
                                         (gulong)MAX (1, left / 60)),
                            (int)MAX (1, left / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Marketplace app: the token renews itself in %d hour",
                                       "Marketplace app: the token renews itself in %d hours",
                                       (gulong)(left / 3600)),
                          (int)(left / 3600));
}

static void
update_ghl (LiaConnectionCard *self)
{
  LiaConnection *connection = self->connection;
  const char * const *scopes = lia_connection_get_scopes (connection);
  gboolean private_token = lia_connection_get_method (connection) == LIA_CONNECTION_METHOD_PRIVATE_TOKEN;
  gboolean can_write = private_token || lia_connection_has_scope (connection, "contacts.write");
  const char *where = lia_connection_get_location_name (connection);
  g_autofree char *title = NULL;
  g_autofree char *renewal = describe_renewal (connection);

  if (where == NULL || where[0] == '\0')
    where = lia_connection_get_location_id (connection);

  switch (lia_connection_get_state (connection))
    {
    case LIA_CONNECTION_CONNECTED:
      /* Translators: %s is a HighLevel location (sub-account) */
      title = g_strdup_printf (_("Connected to %s"), where);
      break;
    case LIA_CONNECTION_NEEDS_SIGN_IN:
      title = g_strdup (_("Sign in again"));
      break;
    case LIA_CONNECTION_UNREACHABLE:
      title = g_strdup (_("Unreachable"));
      break;
    case LIA_CONNECTION_DISCONNECTED:
    default:
      break;
    }

  if (title != NULL)
    {
      g_autofree char *details = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title);
      if (lia_connection_get_state (connection) != LIA_CONNECTION_CONNECTED &&
          lia_connection_get_last_error (connection) != NULL)
        details = g_strdup (lia_connection_get_last_error (connection));
      else
        /* Translators: the location's id, then the API address */
        details = g_strdup_printf (_("Location %s at %s"), lia_connection_get_location_id (connection),
                                   lia_connection_get_api_url (connection));
      adw_action_row_set_subtitle (self->state_row, details);
    }

  if (private_token)
    {
      adw_action_row_set_subtitle (self->access_row,
                                   _("As the token allows: set in HighLevel under Settings → Private Integrations"));
    }
  else
    {
      g_autofree char *joined = scopes != NULL ? g_strjoinv (" ", (char **)scopes) : g_strdup ("");
      g_autofree char *text = g_strdup_printf ("%s: %s", can_write ? _("Read and write") : _("Read only"), joined);

      adw_action_row_set_subtitle (self->access_row, text);
    }
  adw_action_row_set_subtitle (self->token_row, renewal);

  gtk_widget_set_visible (GTK_WIDGET (self->write_row),
                          lia_connection_get_state (connection) == LIA_CONNECTION_CONNECTED && !can_write);
  adw_action_row_set_subtitle (self->write_row,
                               _("Liaison can read contacts with this sign-in. Creating or changing them "
                                 "needs the contacts.write scope, which HighLevel grants when you sign in "
                                 "again asking for it."));
  gtk_button_set_label (self->write_button, _("Sign In Again With _Write Access…"));
  gtk_widget_set_visible (GTK_WIDGET (self->contact_row),
                          lia_connection_get_state (connection) != LIA_CONNECTION_DISCONNECTED);
}

static void
update_mojo (LiaConnectionCard *self)
{
  LiaConnection *connection = self->connection;
  const char *title = NULL;

  switch (lia_connection_get_state (connection))
    {
    case LIA_CONNECTION_CONNECTED:
      title = lia_connection_get_read_only (connection) ? _("Connected, read-only") : _("Connected");
      break;
    case LIA_CONNECTION_NEEDS_SIGN_IN:
      title = _("The access key no longer works");
      break;
    case LIA_CONNECTION_UNREACHABLE:
      title = _("Unreachable");
      break;
    case LIA_CONNECTION_DISCONNECTED:
    default:
      break;
    }

  if (title != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title);
      adw_action_row_set_subtitle (self->state_row,
                                   lia_connection_get_state (connection) != LIA_CONNECTION_CONNECTED &&
                                   lia_connection_get_last_error (connection) != NULL
                                   ? lia_connection_get_last_error (connection)
                                   : lia_connection_get_url (connection));
    }

  adw_action_row_set_subtitle (self->access_row,
                               lia_connection_get_read_only (connection)
                               ? _("Read-only key: Liaison reads tickets and people and writes nothing; "
                                   "actions that write are turned off.")
                               : _("Read and write, as the key’s owner may"));
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->write_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->contact_row), FALSE);
}

static void
update (LiaConnectionCard *self)
{
  LiaConnectionState state = lia_connection_get_state (self->connection);
  gboolean connected = lia_connection_get_method (self->connection) != LIA_CONNECTION_METHOD_NONE;
  static const char * const icons[] = {
    [LIA_CONNECTION_DISCONNECTED] = "network-offline-symbolic",
    [LIA_CONNECTION_CONNECTED] = "emblem-ok-symbolic",
    [LIA_CONNECTION_NEEDS_SIGN_IN] = "dialog-password-symbolic",
    [LIA_CONNECTION_UNREACHABLE] = "network-error-symbolic",
  };

  gtk_image_set_from_icon_name (self->state_icon, icons[state]);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");
  if (state == LIA_CONNECTION_CONNECTED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "success");
  else if (state == LIA_CONNECTION_NEEDS_SIGN_IN)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "error");
  else if (state == LIA_CONNECTION_UNREACHABLE)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "warning");

  gtk_widget_set_visible (GTK_WIDGET (self->access_row), connected);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), connected);
  gtk_widget_set_visible (self->test_button, connected);
  gtk_widget_set_visible (self->reconnect_button, connected);
  gtk_widget_set_visible (self->disconnect_button, connected);
  gtk_widget_set_visible (self->connect_button, !connected);
  if (state == LIA_CONNECTION_NEEDS_SIGN_IN)
    gtk_widget_add_css_class (self->reconnect_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->reconnect_button, "suggested-action");
  gtk_button_set_label (GTK_BUTTON (self->reconnect_button),
                        state == LIA_CONNECTION_NEEDS_SIGN_IN && self->service == LIA_SERVICE_GHL
                        ? _("_Sign In Again…") : _("_Reconnect…"));

  if (!connected)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), _("Not connected"));
      adw_action_row_set_subtitle (self->state_row,
                                   self->service == LIA_SERVICE_GHL
                                   ? _("Sign in with a Marketplace app in your browser, or paste a private integration token.")
                                   : _("Add your helpdesk’s address and an API access key."));
      gtk_widget_set_visible (GTK_WIDGET (self->write_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->contact_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->test_row), FALSE);
      return;
    }

  if (self->service == LIA_SERVICE_GHL)
    update_ghl (self);
  else
    update_mojo (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (LIA_CONNECTION_CARD (user_data));

  return G_SOURCE_CONTINUE;
}

static void
open_setup (LiaConnectionCard  *self,
            const char * const *scopes)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  LiaSetupWindow *setup;

  setup = lia_setup_window_new (self->context, lia_context_get_sandbox (self->context) != NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (setup), GTK_WINDOW (root));
  lia_setup_window_reconnect (setup, self->service, scopes);
  gtk_window_present (GTK_WINDOW (setup));
}


/*
 * Actions and callbacks
 */

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LiaConnectionCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  summary = lia_connection_test_finish (LIA_CONNECTIONS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.test", TRUE);
  adw_action_row_set_subtitle (self->test_row, summary != NULL ? summary : error->message);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LiaConnectionCard *self = LIA_CONNECTION_CARD (widget);
  g_autofree char *contact = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->contact_row))));

  gtk_widget_set_visible (GTK_WIDGET (self->test_row), TRUE);
  adw_action_row_set_subtitle (self->test_row, _("Reading…"));
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_action_set_enabled (widget, "card.test", FALSE);
  lia_connection_test_async (get_connections (self), self->service,
                             self->service == LIA_SERVICE_GHL ? contact : NULL,
                             self->cancellable, tested_cb, g_object_ref (self));
}

static void
contact_activated_cb (LiaConnectionCard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "card.test", NULL);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_setup (LIA_CONNECTION_CARD (widget), NULL);
}

static void
ask_write_access_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LiaConnectionCard *self = LIA_CONNECTION_CARD (widget);
  const char * const *granted = lia_connection_get_scopes (self->connection);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) scopes = NULL;

  if (granted != NULL)
    g_strv_builder_addv (builder, (const char **)granted);
  if (granted == NULL || !g_strv_contains (granted, "contacts.write"))
    g_strv_builder_add (builder, "contacts.write");
  scopes = g_strv_builder_end (builder);

  open_setup (self, (const char * const *)scopes);
}

static void
disconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LiaConnectionCard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lia_connections_disconnect_finish (LIA_CONNECTIONS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->test_row), TRUE);
      adw_action_row_set_subtitle (self->test_row, error->message);
    }
}

static void
disconnect_response_cb (LiaConnectionCard *self,
                        const char        *response)
{
  if (g_strcmp0 (response, "disconnect") != 0)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->test_row), FALSE);
  lia_connections_disconnect_async (get_connections (self), self->service, self->cancellable,
                                    disconnected_cb, g_object_ref (self));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LiaConnectionCard *self = LIA_CONNECTION_CARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  /* Translators: %s is HighLevel or Mojo Helpdesk */
  heading = g_strdup_printf (_("Disconnect %s?"), lia_service_get_title (self->service));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, NULL));
  adw_message_dialog_set_body (dialog,
                               _("Liaison removes this connection’s secrets from your keyring. "
                                 "Automations that use it stop until you connect again."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "disconnect", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (disconnect_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}


/*
 * GObject overrides
 */

static void
lia_connection_card_constructed (GObject *object)
{
  LiaConnectionCard *self = (LiaConnectionCard *)object;

  G_OBJECT_CLASS (lia_connection_card_parent_class)->constructed (object);

  self->connection = g_object_ref (lia_connections_get_connection (get_connections (self), self->service));
  adw_preferences_group_set_title (self->group, lia_service_get_title (self->service));
  g_signal_connect_object (self->connection, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->test_row), FALSE);
  update (self);

  /* "Renews in N hours" stays true. */
  self->tick_source = g_timeout_add_seconds (60, tick_cb, self);
}

static void
lia_connection_card_dispose (GObject *object)
{
  LiaConnectionCard *self = (LiaConnectionCard *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  /* AdwBin keeps its own pointer to the template's root: let go of it
   * first, or AdwBin would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIA_TYPE_CONNECTION_CARD);

  G_OBJECT_CLASS (lia_connection_card_parent_class)->dispose (object);
}

static void
lia_connection_card_finalize (GObject *object)
{
  LiaConnectionCard *self = (LiaConnectionCard *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lia_connection_card_parent_class)->finalize (object);
}

static void
lia_connection_card_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LiaConnectionCard *self = LIA_CONNECTION_CARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SERVICE:
      g_value_set_enum (value, self->service);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_connection_card_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LiaConnectionCard *self = LIA_CONNECTION_CARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SERVICE:
      self->service = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lia_connection_card_class_init (LiaConnectionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lia_connection_card_constructed;
  object_class->dispose = lia_connection_card_dispose;
  object_class->finalize = lia_connection_card_finalize;
  object_class->get_property = lia_connection_card_get_property;
  object_class->set_property = lia_connection_card_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         LIA_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVICE] =
    g_param_spec_enum ("service", NULL, NULL,
                       LIA_TYPE_SERVICE,
                       LIA_SERVICE_GHL,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/lia-connection-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, group);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, test_button);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, connect_button);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, state_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, state_icon);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, access_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, token_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, write_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, write_button);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, contact_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, test_row);
  gtk_widget_class_bind_template_child (widget_class, LiaConnectionCard, test_spinner);
  gtk_widget_class_bind_template_callback (widget_class, contact_activated_cb);

  gtk_widget_class_install_action (widget_class, "card.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "card.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "card.ask-write-access", NULL, ask_write_access_action);
  gtk_widget_class_install_action (widget_class, "card.disconnect", NULL, disconnect_action);
}

static void
lia_connection_card_init (LiaConnectionCard *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}


/*
 * Public API
 */

GtkWidget *
lia_connection_card_new (LiaContext *context,
                         LiaService  service)
{
  g_return_val_if_fail (LIA_IS_CONTEXT (context), NULL);

  return g_object_new (LIA_TYPE_CONNECTION_CARD,
                       "context", context,
                       "service", service,
                       NULL);
}

LiaService
lia_connection_card_get_service (LiaConnectionCard *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION_CARD (self), LIA_SERVICE_GHL);

  return self->service;
}

const char *
lia_connection_card_get_state_text (LiaConnectionCard *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION_CARD (self), NULL);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->state_row));
}

const char *
lia_connection_card_get_test_text (LiaConnectionCard *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION_CARD (self), NULL);

  return adw_action_row_get_subtitle (self->test_row);
}

const char *
lia_connection_card_get_write_hint (LiaConnectionCard *self)
{
  g_return_val_if_fail (LIA_IS_CONNECTION_CARD (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->write_row)))
    return NULL;

  return adw_action_row_get_subtitle (self->write_row);
}
