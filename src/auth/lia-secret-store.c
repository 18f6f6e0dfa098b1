/* lia-secret-store.c: Liaison's secrets in the keyring, and nowhere else
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaSecretStore"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "lia-error.h"
#include "lia-secret-store.h"

/*
 * Every secret Liaison holds (HighLevel access and refresh tokens, the
 * client secret, the private integration token, the Mojo Helpdesk access
 * key) is one item of the default keyring collection under our own schema:
 *
 *   service  "ghl" or "mojo"
 *   account  the connection's id (a UUID kept in the profile's
 *            connections.json), so that two profiles never share a secret
 *   kind     one of the LIA_SECRET_* names
 *   format   the generation of this layout, for later migrations
 *
 * There is no other place: when the keyring is missing or locked the call
 * fails with LIA_ERROR_KEYRING and a message that says what to do, and
 * nothing falls back to a file. Secrets read back are wiped when freed.
 */

#define SECRET_FORMAT 1

struct _LiaSecretStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (LiaSecretStore, lia_secret_store, G_TYPE_OBJECT)

static const SecretSchema schema = {
  "app.liaison.Liaison.Secret",
  SECRET_SCHEMA_NONE,
  {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "format", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { NULL, 0 },
  },
};


/*
 * Auxiliary functions
 */

static GHashTable *
new_attributes (const char *service,
                const char *account,
                const char *kind)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer)"service", g_strdup (service));
  g_hash_table_insert (attributes, (gpointer)"account", g_strdup (account));
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer)"kind", g_strdup (kind));
  g_hash_table_insert (attributes, (gpointer)"format", g_strdup_printf ("%d", SECRET_FORMAT));

  return attributes;
}

/* Our copy in ordinary memory, so that every LiaSecret is freed the same
 * way; libsecret's is wiped at once. */
static LiaSecret *
copy_secret (char *secret)
{
  LiaSecret *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

static const char *
service_title (const char *service)
{
  if (g_strcmp0 (service, "ghl") == 0)
    return "HighLevel";
  if (g_strcmp0 (service, "mojo") == 0)
    return "Mojo Helpdesk";
  return service;
}

/* The keyring's own reasons are about D-Bus and collections: say what it
 * means and what to do, and keep the reason for the curious. */
static GError *
translate_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  /* libsecret fails without a reason when the unlock prompt was dismissed
   * or could not be shown: the keyring stayed locked. */
  if (error == NULL || g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new (LIA_ERROR, LIA_ERROR_KEYRING,
                        _("The keyring is locked. Unlock it (log in again, or open Passwords and "
                          "Keys and unlock the Login keyring), then try again."));

  return g_error_new (LIA_ERROR, LIA_ERROR_KEYRING,
                      /* Translators: %s is the system's reason */
                      _("No keyring is available, and Liaison keeps secrets only in a keyring. "
                        "Start your session’s keyring (such as GNOME Keyring) or install one, "
                        "then try again. (%s)"),
                      error->message);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_debug ("Could not store a secret: %s", error != NULL ? error->message : "the keyring stayed locked");
      g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_debug ("Could not look up a secret: %s", error->message);
      g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_pointer (task, copy_secret (secret), (GDestroyNotify)lia_secret_free);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove, which is fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_debug ("Could not remove secrets: %s", error->message);
      g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}


/*
 * GObject overrides
 */

static void
lia_secret_store_class_init (LiaSecretStoreClass *klass)
{
}

static void
lia_secret_store_init (LiaSecretStore *self)
{
}


/*
 * Public API
 */

/**
 * lia_secret_free:
 * @secret: (nullable): a secret from lia_secret_store_lookup_finish(), or
 *   any secret in memory from g_malloc()
 *
 * Wipes and frees @secret.
 */
void
lia_secret_free (LiaSecret *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

LiaSecretStore *
lia_secret_store_new (void)
{
  return g_object_new (LIA_TYPE_SECRET_STORE, NULL);
}

/**
 * lia_secret_store_store_async:
 * @service: "ghl" or "mojo"
 * @account: the connection's id
 * @kind: one of the LIA_SECRET_* names
 * @secret: the secret
 *
 * Stores @secret in the default collection, replacing the item with the
 * same attributes. Fails with %LIA_ERROR_KEYRING when there is no usable
 * keyring.
 */
void
lia_secret_store_store_async (LiaSecretStore      *self,
                              const char          *service,
                              const char          *account,
                              const char          *kind,
                              const char          *secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (LIA_IS_SECRET_STORE (self));
  g_return_if_fail (service != NULL && account != NULL && kind != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_secret_store_store_async);

  attributes = new_attributes (service, account, kind);
  /* Translators: the label of a keyring item; the first %s is a service, the second a kind of secret such as "access-token" */
  label = g_strdup_printf (_("Liaison: %s %s"), service_title (service), kind);
  g_debug ("Storing the %s %s of account %s", service, kind, account);

  secret_password_storev (&schema, attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          cancellable, stored_cb, g_steal_pointer (&task));
}

gboolean
lia_secret_store_store_finish (LiaSecretStore  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (LIA_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lia_secret_store_lookup_async:
 *
 * Looks a secret up.
 */
void
lia_secret_store_lookup_async (LiaSecretStore      *self,
                               const char          *service,
                               const char          *account,
                               const char          *kind,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (LIA_IS_SECRET_STORE (self));
  g_return_if_fail (service != NULL && account != NULL && kind != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_secret_store_lookup_async);

  attributes = new_attributes (service, account, kind);
  secret_password_lookupv (&schema, attributes, cancellable, looked_up_cb, g_steal_pointer (&task));
}

/**
 * lia_secret_store_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to free with
 *   lia_secret_free(); %NULL without an error when there is none
 */
LiaSecret *
lia_secret_store_lookup_finish (LiaSecretStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (LIA_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lia_secret_store_clear_async:
 * @kind: (nullable): one kind, or %NULL for all of the account's
 *
 * Removes secrets; removing what is not there succeeds.
 */
void
lia_secret_store_clear_async (LiaSecretStore      *self,
                              const char          *service,
                              const char          *account,
                              const char          *kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (LIA_IS_SECRET_STORE (self));
  g_return_if_fail (service != NULL && account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lia_secret_store_clear_async);

  attributes = new_attributes (service, account, kind);
  g_debug ("Removing the %s secrets of account %s", service, account);
  secret_password_clearv (&schema, attributes, cancellable, cleared_cb, g_steal_pointer (&task));
}

gboolean
lia_secret_store_clear_finish (LiaSecretStore  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (LIA_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lia_secret_store_lookup_sync:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL
 */
LiaSecret *
lia_secret_store_lookup_sync (LiaSecretStore  *self,
                              const char      *service,
                              const char      *account,
                              const char      *kind,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (LIA_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (service != NULL && account != NULL && kind != NULL, NULL);

  attributes = new_attributes (service, account, kind);
  secret = secret_password_lookupv_sync (&schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, translate_error (local_error));
      return NULL;
    }

  return copy_secret (secret);
}
