/* lia-preferences-window.h: the preferences window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lia-context.h"

G_BEGIN_DECLS

#define LIA_TYPE_PREFERENCES_WINDOW (lia_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LiaPreferencesWindow, lia_preferences_window, LIA, PREFERENCES_WINDOW, AdwPreferencesWindow)

LiaPreferencesWindow *lia_preferences_window_new          (LiaContext         *context) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
