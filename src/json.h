/*
 * JSON Lines output: one object per record.
 */
#ifndef JSON_H
#define JSON_H

#include "view.h"

int write_json_dump(struct record_view *v);
void write_json_draws_begin(const struct record_view *v);
int write_json_draw(struct record_view *v, size_t i, int first);
void write_json_draws_end(const struct record_view *v);

#endif
