/* slots.h - a counting semaphore with a bounded wait queue: at most `slots`
 * holders at a time and at most `queue` callers waiting for a slot; beyond
 * that, entry is refused at once. It bounds work that costs much memory
 * (Argon2id verifications) without letting callers pile up behind it. */
#ifndef TANDEM_SLOTS_H
#define TANDEM_SLOTS_H

#include <stdbool.h>

struct slots;

/* Slots >= 1 holders and queue >= 0 waiters; NULL when out of
 * memory. The caller frees it with slots_free (NULL accepted). */
struct slots *slots_new(unsigned slots, unsigned queue);
void slots_free(struct slots *g);
/* Takes a slot, waiting (blocked, not spinning) while the queue has room;
 * false at once when every slot is held and the queue is full. */
bool slots_enter(struct slots *g);
/* Gives back the slot slots_enter took. */
void slots_leave(struct slots *g);

#endif
