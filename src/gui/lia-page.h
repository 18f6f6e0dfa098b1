/* lia-page.h: the base of every page of the main window
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lia-context.h"

G_BEGIN_DECLS

#define LIA_TYPE_PAGE (lia_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (LiaPage, lia_page, LIA, PAGE, AdwBin)

struct _LiaPageClass
{
  AdwBinClass parent_class;

  /* Called when the page receives its context, or loses it (NULL). */
  void (*context_changed) (LiaPage *self);
};

LiaContext          *lia_page_get_context                 (LiaPage            *self);

void                 lia_page_set_context                 (LiaPage            *self,
                                                           LiaContext         *context);

G_END_DECLS
