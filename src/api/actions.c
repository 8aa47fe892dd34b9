/* actions.c - renders what a reader may do with an object (see
 * domain/actions.h) as the JSON list every object of a case carries. */
#include "api.h"

json_t *api_actions(actions_set set, const char *const *names)
{
	json_t *list = json_array();

	for (int i = 0; list && names[i]; i++)
		if (set & (1u << i))
			json_array_append_new(list, json_string(names[i]));
	return list;
}

void api_actions_text(struct json_text *w, actions_set set, const char *const *names)
{
	json_text_open(w, '[');
	for (int i = 0; names[i]; i++)
		if (set & (1u << i))
			json_text_str(w, names[i]);
	json_text_close(w, '[');
}
