/* gate.h - a counting semaphore with a bounded wait queue: at most `slots`
 * holders at a time and at most `queue` callers waiting for a slot; beyond
 * that, entry is refused at once. It bounds work that costs much memory
 * (Argon2id verifications) without letting callers pile up behind it. */
#ifndef TANDEM_GATE_H
#define TANDEM_GATE_H

#include <stdbool.h>

struct gate;

/* A gate of slots >= 1 holders and queue >= 0 waiters; NULL when out of
 * memory. The caller frees it with gate_free (NULL accepted). */
struct gate *gate_new(unsigned slots, unsigned queue);
void gate_free(struct gate *g);
/* Takes a slot, waiting (blocked, not spinning) while the queue has room;
 * false at once when every slot is held and the queue is full. */
bool gate_enter(struct gate *g);
/* Gives back the slot gate_enter took. */
void gate_leave(struct gate *g);

#endif
