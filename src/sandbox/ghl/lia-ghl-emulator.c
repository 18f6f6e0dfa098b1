/* lia-ghl-emulator.c: the HighLevel v2 API and its OAuth, emulated
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder with the contract's interface (docs/sandbox-contract.md):
 * the credentials are fixed for a seed, every API request gets 404. The
 * emulator itself replaces this file.
 */

#define G_LOG_DOMAIN "LiaGhlEmulator"

#include "config.h"

#include "lia-ghl-emulator.h"
#include "lia-sandbox-seed.h"

struct _LiaGhlEmulator
{
  GObject    parent_instance;

  char      *client_id;
  char      *client_secret;
  char      *location_id;
  char      *private_token;
  GPtrArray *redirect_uris;
};

G_DEFINE_FINAL_TYPE (LiaGhlEmulator, lia_ghl_emulator, G_TYPE_OBJECT)

static void
ghl_handle (gpointer           emulator,
            LiaSandboxServer  *server,
            SoupServerMessage *msg,
            const char        *path)
{
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static char *
ghl_route (gpointer    emulator,
           const char *method,
           const char *path)
{
  return NULL;
}

static const LiaSandboxServerHandler ghl_handler = {
  .handle = ghl_handle,
  .route = ghl_route,
};

static void
lia_ghl_emulator_finalize (GObject *object)
{
  LiaGhlEmulator *self = (LiaGhlEmulator *)object;

  g_free (self->client_id);
  g_free (self->client_secret);
  g_free (self->location_id);
  g_free (self->private_token);
  g_ptr_array_unref (self->redirect_uris);

  G_OBJECT_CLASS (lia_ghl_emulator_parent_class)->finalize (object);
}

static void
lia_ghl_emulator_class_init (LiaGhlEmulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_ghl_emulator_finalize;
}

static void
lia_ghl_emulator_init (LiaGhlEmulator *self)
{
  self->redirect_uris = g_ptr_array_new_with_free_func (g_free);
}

LiaGhlEmulator *
lia_ghl_emulator_new (guint64    seed,
                      GPtrArray *people)
{
  LiaGhlEmulator *self = g_object_new (LIA_TYPE_GHL_EMULATOR, NULL);
  LiaSandboxRng rng;
  g_autofree char *pit = NULL;

  lia_sandbox_rng_init (&rng, seed ^ G_GUINT64_CONSTANT (0x67686c));
  self->client_id = lia_sandbox_rng_id (&rng, 24);
  self->client_secret = lia_sandbox_rng_id (&rng, 36);
  self->location_id = lia_sandbox_rng_id (&rng, 20);
  pit = lia_sandbox_rng_id (&rng, 36);
  self->private_token = g_strconcat ("pit-", pit, NULL);
  g_ptr_array_add (self->redirect_uris, g_strdup ("http://127.0.0.1:8719/oauth/callback"));
  g_ptr_array_add (self->redirect_uris, g_strdup ("http://localhost:8719/oauth/callback"));

  return self;
}

void
lia_ghl_emulator_attach (LiaGhlEmulator   *self,
                         LiaSandboxServer *server)
{
  lia_sandbox_server_set_handler (server, &ghl_handler, self);
}

JsonNode *
lia_ghl_emulator_dump (LiaGhlEmulator *self)
{
  return json_node_init_object (json_node_alloc (), json_object_new ());
}

gboolean
lia_ghl_emulator_load (LiaGhlEmulator  *self,
                       JsonNode        *dump,
                       GError         **error)
{
  return TRUE;
}

void
lia_ghl_emulator_reset (LiaGhlEmulator *self)
{
}

void
lia_ghl_emulator_set_clock (LiaGhlEmulator      *self,
                            LiaSandboxClockFunc  func,
                            gpointer             data)
{
}

const char *
lia_ghl_emulator_get_client_id (LiaGhlEmulator *self)
{
  return self->client_id;
}

const char *
lia_ghl_emulator_get_client_secret (LiaGhlEmulator *self)
{
  return self->client_secret;
}

const char *
lia_ghl_emulator_get_location_id (LiaGhlEmulator *self)
{
  return self->location_id;
}

const char *
lia_ghl_emulator_get_private_token (LiaGhlEmulator *self)
{
  return self->private_token;
}

GPtrArray *
lia_ghl_emulator_get_redirect_uris (LiaGhlEmulator *self)
{
  return self->redirect_uris;
}

void
lia_ghl_emulator_add_redirect_uri (LiaGhlEmulator *self,
                                   const char     *uri)
{
  g_ptr_array_add (self->redirect_uris, g_strdup (uri));
}

void
lia_ghl_emulator_set_auto_approve (LiaGhlEmulator *self,
                                   gboolean        auto_approve)
{
}

void
lia_ghl_emulator_set_token_lifetime (LiaGhlEmulator *self,
                                     guint           seconds)
{
}

void
lia_ghl_emulator_set_allow_duplicates (LiaGhlEmulator *self,
                                       gboolean        allow)
{
}

void
lia_ghl_emulator_set_search_lag_ms (LiaGhlEmulator *self,
                                    guint           lag_ms)
{
}

void
lia_ghl_emulator_set_rate_limit (LiaGhlEmulator *self,
                                 guint           max,
                                 guint           window_seconds)
{
}

void
lia_ghl_emulator_set_daily_limit (LiaGhlEmulator *self,
                                  guint           max)
{
}
