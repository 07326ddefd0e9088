/*
 * Table output: aligned columns and probability bars for a terminal.
 */
#ifndef TABLE_H
#define TABLE_H

#include <stdio.h>

#include "view.h"

void init_table_style(struct table_style *style, FILE *out);
int write_table_dump(struct record_view *v);
int write_table_draw(struct record_view *v, size_t i);

#endif
