/* lia-window-private.h: the main window's parts, for its tests
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lia-window.h"

G_BEGIN_DECLS

GtkListBox          *_lia_window_get_sidebar              (LiaWindow          *self);

AdwLeaflet          *_lia_window_get_leaflet              (LiaWindow          *self);

GtkStack            *_lia_window_get_stack                (LiaWindow          *self);

const char          *_lia_window_get_title                (LiaWindow          *self);

/* The sidebar's subtitle: "Sandbox" in Sandbox mode */
const char          *_lia_window_get_subtitle             (LiaWindow          *self);

G_END_DECLS
