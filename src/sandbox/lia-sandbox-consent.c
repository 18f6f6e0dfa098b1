/* lia-sandbox-consent.c: approving the sandbox's consent page without a browser
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSandboxConsent"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "lia-error.h"
#include "lia-sandbox-consent.h"

/*
 * On a machine without a desktop session no browser can show the consent
 * page. For the sandbox, whose page runs in this very process, Liaison can
 * press Approve itself: a POST of the page's form, then a GET of the
 * address it redirects to, which is Liaison's own sign-in listener. The
 * sign-in flow then goes on exactly as after a browser.
 */

typedef struct
{
  SoupSession *session;
  GUri        *consent;
} ApproveData;

static void
approve_data_free (ApproveData *data)
{
  g_clear_object (&data->session);
  g_clear_pointer (&data->consent, g_uri_unref);
  g_free (data);
}

static gboolean
is_loopback_host (const char *host)
{
  return host != NULL &&
         (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
          g_str_equal (host, "[::1]") || g_str_equal (host, "localhost"));
}

static void
returned_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_NETWORK,
                               _("Liaison’s sign-in listener did not answer: %s"), error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
approved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApproveData *data = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (data->session, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GUri) target = NULL;
  g_autoptr(SoupMessage) back = NULL;
  const char *location;

  body = soup_session_send_and_read_finish (data->session, result, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_NETWORK,
                               _("The sandbox’s consent page did not answer: %s"), error->message);
      return;
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (message)) || location == NULL)
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                               _("The sandbox’s consent page refused the approval (HTTP %u)"),
                               soup_message_get_status (message));
      return;
    }

  target = g_uri_parse_relative (data->consent, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL || !is_loopback_host (g_uri_get_host (target)))
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_BAD_RESPONSE,
                               _("The sandbox’s consent page sent the approval somewhere other than "
                                 "this computer"));
      return;
    }

  back = soup_message_new_from_uri ("GET", target);
  soup_message_add_flags (back, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (data->session, back, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), returned_cb, g_object_ref (task));
}

void
lia_sandbox_approve_consent_async (const char          *authorize_uri,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  static const char form[] = "decision=approve";
  ApproveData *data;

  g_return_if_fail (authorize_uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_sandbox_approve_consent_async);

  data = g_new0 (ApproveData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)approve_data_free);
  data->consent = g_uri_parse (authorize_uri, SOUP_HTTP_URI_FLAGS, NULL);

  if (data->consent == NULL || !is_loopback_host (g_uri_get_host (data->consent)))
    {
      g_task_return_new_error (task, LIA_ERROR, LIA_ERROR_CONFIG,
                               _("Only the sandbox’s consent page can be approved by Liaison; "
                                 "HighLevel’s needs you in a browser."));
      return;
    }

  data->session = soup_session_new ();
  message = soup_message_new_from_uri ("POST", data->consent);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            g_bytes_new_static (form, sizeof form - 1));
  soup_session_send_and_read_async (data->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    approved_cb, g_steal_pointer (&task));
}

gboolean
lia_sandbox_approve_consent_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
