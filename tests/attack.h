/* attack.h - an attacker of published counts, for the tests of the
 * disclosure rule: what is known is a set of facts, each a sum of unknown
 * whole counts (with coefficients of +1 or -1) within bounds; GLPK finds
 * the least and the greatest a sum can be, and a hidden count is given
 * away when the two are equal. */
#ifndef TANDEM_TEST_ATTACK_H
#define TANDEM_TEST_ATTACK_H

#include <stdbool.h>

enum { ATTACK_BIG = 1000000 };   /* no count is larger */

struct attack;

struct attack *attack_new(void);
void attack_free(struct attack *k);
/* A new unknown count, whole, from 0 to ATTACK_BIG; its number. */
int attack_var(struct attack *k);
/* Knows that the sum of coef[i] * vars[i] (coef NULL: all 1) is within
 * [lo, hi]. */
void attack_fact(struct attack *k, const int *vars, const int *coef, int n, double lo, double hi);
/* Whether the facts pin the sum of vars to one whole value. */
bool attack_pinned(const struct attack *k, const int *vars, int n);
/* The same, knowing one value the sum can take (the truth): one program
 * settles it whenever the sum can be larger. */
bool attack_pinned_at(const struct attack *k, const int *vars, int n, double truth);
int attack_vars(const struct attack *k);

#endif
