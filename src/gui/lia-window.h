/* lia-window.h: the main window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lia-context.h"

G_BEGIN_DECLS

#define LIA_TYPE_WINDOW (lia_window_get_type ())

G_DECLARE_FINAL_TYPE (LiaWindow, lia_window, LIA, WINDOW, AdwApplicationWindow)

LiaWindow           *lia_window_new                       (GtkApplication     *application,
                                                           LiaContext         *context) G_GNUC_WARN_UNUSED_RESULT;

LiaContext          *lia_window_get_context               (LiaWindow          *self);

const char          *lia_window_get_page                  (LiaWindow          *self);

void                 lia_window_set_page                  (LiaWindow          *self,
                                                           const char         *page_name);

void                 lia_window_add_toast                 (LiaWindow          *self,
                                                           AdwToast           *toast);

G_END_DECLS
