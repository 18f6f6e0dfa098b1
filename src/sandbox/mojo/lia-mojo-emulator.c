/* lia-mojo-emulator.c: the Mojo Helpdesk v2 API, emulated
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder with the contract's interface (docs/sandbox-contract.md):
 * the keys are fixed for a seed, every API request gets 404. The emulator
 * itself replaces this file.
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include "lia-mojo-emulator.h"
#include "lia-sandbox-seed.h"

struct _LiaMojoEmulator
{
  GObject  parent_instance;

  char    *access_key;
  char    *readonly_key;
};

G_DEFINE_FINAL_TYPE (LiaMojoEmulator, lia_mojo_emulator, G_TYPE_OBJECT)

static void
mojo_handle (gpointer           emulator,
             LiaSandboxServer  *server,
             SoupServerMessage *msg,
             const char        *path)
{
  lia_sandbox_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static char *
mojo_route (gpointer    emulator,
            const char *method,
            const char *path)
{
  return NULL;
}

static const LiaSandboxServerHandler mojo_handler = {
  .handle = mojo_handle,
  .route = mojo_route,
};

static void
lia_mojo_emulator_finalize (GObject *object)
{
  LiaMojoEmulator *self = (LiaMojoEmulator *)object;

  g_free (self->access_key);
  g_free (self->readonly_key);

  G_OBJECT_CLASS (lia_mojo_emulator_parent_class)->finalize (object);
}

static void
lia_mojo_emulator_class_init (LiaMojoEmulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_mojo_emulator_finalize;
}

static void
lia_mojo_emulator_init (LiaMojoEmulator *self)
{
}

LiaMojoEmulator *
lia_mojo_emulator_new (guint64    seed,
                       GPtrArray *people)
{
  LiaMojoEmulator *self = g_object_new (LIA_TYPE_MOJO_EMULATOR, NULL);
  LiaSandboxRng rng;

  lia_sandbox_rng_init (&rng, seed ^ G_GUINT64_CONSTANT (0x6d6f6a6f));
  self->access_key = lia_sandbox_rng_id (&rng, 40);
  self->readonly_key = lia_sandbox_rng_id (&rng, 40);

  return self;
}

void
lia_mojo_emulator_attach (LiaMojoEmulator  *self,
                          LiaSandboxServer *server)
{
  lia_sandbox_server_set_handler (server, &mojo_handler, self);
}

JsonNode *
lia_mojo_emulator_dump (LiaMojoEmulator *self)
{
  return json_node_init_object (json_node_alloc (), json_object_new ());
}

gboolean
lia_mojo_emulator_load (LiaMojoEmulator  *self,
                        JsonNode         *dump,
                        GError          **error)
{
  return TRUE;
}

void
lia_mojo_emulator_reset (LiaMojoEmulator *self)
{
}

void
lia_mojo_emulator_set_clock (LiaMojoEmulator     *self,
                             LiaSandboxClockFunc  func,
                             gpointer             data)
{
}

const char *
lia_mojo_emulator_get_access_key (LiaMojoEmulator *self)
{
  return self->access_key;
}

const char *
lia_mojo_emulator_get_readonly_key (LiaMojoEmulator *self)
{
  return self->readonly_key;
}

void
lia_mojo_emulator_set_index_lag_ms (LiaMojoEmulator *self,
                                    guint            lag_ms)
{
}
