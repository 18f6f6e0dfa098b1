/* lia-application.h: the Liaison application
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lia-context.h"

G_BEGIN_DECLS

#define LIA_TYPE_APPLICATION (lia_application_get_type ())

G_DECLARE_FINAL_TYPE (LiaApplication, lia_application, LIA, APPLICATION, AdwApplication)

LiaApplication      *lia_application_new                  (void) G_GNUC_WARN_UNUSED_RESULT;

LiaContext          *lia_application_get_context          (LiaApplication     *self);

int                  lia_application_check_command_line   (int                 argc,
                                                           char              **argv);

G_END_DECLS
