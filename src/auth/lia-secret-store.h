/* lia-secret-store.h: Liaison's secrets in the keyring, and nowhere else
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The kinds of secret, the "kind" attribute of an item. */
#define LIA_SECRET_ACCESS_TOKEN  "access-token"
#define LIA_SECRET_REFRESH_TOKEN "refresh-token"
#define LIA_SECRET_CLIENT_SECRET "client-secret"
#define LIA_SECRET_PRIVATE_TOKEN "private-token"
#define LIA_SECRET_ACCESS_KEY    "access-key"

/* A secret read from the keyring; lia_secret_free() wipes it. */
typedef char LiaSecret;

void                 lia_secret_free                      (LiaSecret          *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaSecret, lia_secret_free)

#define LIA_TYPE_SECRET_STORE (lia_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (LiaSecretStore, lia_secret_store, LIA, SECRET_STORE, GObject)

LiaSecretStore      *lia_secret_store_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

void                 lia_secret_store_store_async         (LiaSecretStore     *self,
                                                           const char         *service,
                                                           const char         *account,
                                                           const char         *kind,
                                                           const char         *secret,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_secret_store_store_finish        (LiaSecretStore     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

void                 lia_secret_store_lookup_async        (LiaSecretStore     *self,
                                                           const char         *service,
                                                           const char         *account,
                                                           const char         *kind,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
LiaSecret           *lia_secret_store_lookup_finish       (LiaSecretStore     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* @kind NULL: every secret of the account. */
void                 lia_secret_store_clear_async         (LiaSecretStore     *self,
                                                           const char         *service,
                                                           const char         *account,
                                                           const char         *kind,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_secret_store_clear_finish        (LiaSecretStore     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

/* For tests and the keyring check of `liaison-cli status`. */
LiaSecret           *lia_secret_store_lookup_sync         (LiaSecretStore     *self,
                                                           const char         *service,
                                                           const char         *account,
                                                           const char         *kind,
                                                           GCancellable       *cancellable,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
