/* attack.c - the attacker of attack.h on GLPK's integer programming: one
 * program to minimise a sum and one to maximise it, under every fact. The
 * facts are made into one problem, kept between questions, so that each
 * starts from the last one's simplex basis. */
#include "attack.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct fact {
	int *vars, *coef, n;
	double lo, hi;
};

struct attack {
	struct fact *facts;
	int n_facts, cap, n_vars;
	glp_prob *p;         /* the facts as a problem; NULL until asked, and after a new fact */
};

struct attack *attack_new(void)
{
	return calloc(1, sizeof(struct attack));
}

void attack_free(struct attack *k)
{
	if (!k)
		return;
	for (int i = 0; i < k->n_facts; i++)
		free(k->facts[i].vars), free(k->facts[i].coef);
	free(k->facts);
	if (k->p)
		glp_delete_prob(k->p);
	free(k);
}

static void forget(struct attack *k)
{
	if (k->p)
		glp_delete_prob(k->p);
	k->p = NULL;
}

int attack_var(struct attack *k)
{
	forget(k);
	return k->n_vars++;
}

int attack_vars(const struct attack *k)
{
	return k->n_vars;
}

void attack_fact(struct attack *k, const int *vars, const int *coef, int n, double lo, double hi)
{
	struct fact *f;

	forget(k);
	if (k->n_facts == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 256;
		k->facts = realloc(k->facts, (size_t)k->cap * sizeof *k->facts);
		if (!k->facts)
			abort();
	}
	f = &k->facts[k->n_facts++];
	f->vars = malloc((size_t)(n ? n : 1) * sizeof *f->vars);
	f->coef = malloc((size_t)(n ? n : 1) * sizeof *f->coef);
	if (!f->vars || !f->coef)
		abort();
	for (int i = 0; i < n; i++)
		f->vars[i] = vars[i], f->coef[i] = coef ? coef[i] : 1;
	f->n = n;
	f->lo = lo;
	f->hi = hi;
}

static glp_prob *problem(const struct attack *k)
{
	glp_prob *p = glp_create_prob();
	int *ind = malloc((size_t)(k->n_vars + 1) * sizeof *ind);
	double *val = malloc((size_t)(k->n_vars + 1) * sizeof *val);

	if (!ind || !val)
		abort();
	glp_add_cols(p, k->n_vars);
	for (int v = 1; v <= k->n_vars; v++) {
		glp_set_col_kind(p, v, GLP_IV);
		glp_set_col_bnds(p, v, GLP_DB, 0, ATTACK_BIG);
	}
	for (int i = 0; i < k->n_facts; i++) {
		const struct fact *f = &k->facts[i];
		int row = glp_add_rows(p, 1);
		for (int j = 0; j < f->n; j++)
			ind[j + 1] = f->vars[j] + 1, val[j + 1] = f->coef[j];
		glp_set_mat_row(p, row, f->n, ind, val);
		glp_set_row_bnds(p, row, f->lo == f->hi ? GLP_FX : GLP_DB, f->lo, f->hi);
	}
	free(ind);
	free(val);
	return p;
}

/* The least (dir 0) or greatest (1) the sum of vars can be: the LP from
 * the last basis, then branch and bound. */
static double bound(const struct attack *k, const int *vars, int n, int dir)
{
	struct attack *m = (struct attack *)k;
	glp_smcp smcp;
	glp_iocp iocp;
	double out;

	if (!m->p)
		m->p = problem(k);
	for (int v = 1; v <= k->n_vars; v++)
		glp_set_obj_coef(m->p, v, 0);
	for (int j = 0; j < n; j++)
		glp_set_obj_coef(m->p, vars[j] + 1, glp_get_obj_coef(m->p, vars[j] + 1) + 1);
	glp_set_obj_dir(m->p, dir ? GLP_MAX : GLP_MIN);
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	if (glp_simplex(m->p, &smcp) != 0 || glp_get_status(m->p) != GLP_OPT || glp_intopt(m->p, &iocp) != 0
	    || glp_mip_status(m->p) != GLP_OPT)
		abort();
	out = glp_mip_obj_val(m->p);
	return out;
}

bool attack_pinned(const struct attack *k, const int *vars, int n)
{
	return fabs(bound(k, vars, n, 0) - bound(k, vars, n, 1)) < 0.5;
}

bool attack_pinned_at(const struct attack *k, const int *vars, int n, double truth)
{
	return bound(k, vars, n, 1) < truth + 0.5 && bound(k, vars, n, 0) > truth - 0.5;
}
