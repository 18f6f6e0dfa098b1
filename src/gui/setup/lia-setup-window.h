/* lia-setup-window.h: the first-run setup: sign in to HighLevel, add the Mojo key, test both
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lia-connections.h"
#include "lia-context.h"

G_BEGIN_DECLS

#define LIA_TYPE_SETUP_WINDOW (lia_setup_window_get_type ())

G_DECLARE_FINAL_TYPE (LiaSetupWindow, lia_setup_window, LIA, SETUP_WINDOW, AdwWindow)

/* @sandbox_mode: @context is Sandbox mode's (its sandbox started or
 * starting); otherwise "Try the Sandbox" asks the application (app.try-sandbox)
 * to switch to the sandbox's profile. */
LiaSetupWindow      *lia_setup_window_new                 (LiaContext         *context,
                                                           gboolean            sandbox_mode) G_GNUC_WARN_UNUSED_RESULT;

/* Straight onto the sandbox path: its app and key filled in. */
void                 lia_setup_window_start_sandbox_path  (LiaSetupWindow     *self);

/* Only one service's step, then close. HighLevel: signing in again with the
 * same Marketplace app (its client secret comes from the keyring) asking
 * for @scopes (NULL: those granted before), a new private integration
 * token, or the choice of a way in when not connected. Mojo Helpdesk: the
 * address and key. */
void                 lia_setup_window_reconnect           (LiaSetupWindow     *self,
                                                           LiaService          service,
                                                           const char * const *scopes);

/* The name of the step shown: welcome, starting, ghl-method, ghl-app,
 * ghl-token, sign-in, mojo, test or done. */
const char          *lia_setup_window_get_page            (LiaSetupWindow     *self);

/* What the sign-in step says when no browser could be opened; NULL otherwise. */
const char          *lia_setup_window_get_problem         (LiaSetupWindow     *self);

G_END_DECLS
