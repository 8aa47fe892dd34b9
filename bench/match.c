/* bench/match.c - the matcher on synthetic surge instances (seeded), next to
 * a greedy "first worker who fits" baseline on the same instances: how many
 * families each matches, of them high-needs, of first-time sponsors and in
 * their preferred language, and the pair and load cost of the matches.
 * Usage: build/bench/match [CASES:WORKERS]...  (default: 100:10 up to 40000:4000,
 * then 40,000 cases with fewer workers, when places run short)
 * Each size runs in its own process, so that its peak memory is its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../src/domain/match.h"

/* Shares of new arrivals by preferred language (index 1..12; 0 is English),
 * after the 2015-2023 Canadian resettlement mix: Arabic, Dari, Ukrainian,
 * Pashto, Tigrinya, Farsi, Somali, Kurdish, Spanish, Swahili, Amharic, French. */
static const double language_share[] = { 0, .30, .14, .12, .08, .08, .06, .05, .04, .04, .03, .03, .03 };
enum { LANGUAGES = 13, COMMUNITIES = 30, DOMAINS = 8 };

static uint64_t rng_state;

static double uniform(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

static int pick(const double *share, int n)
{
	double u = uniform(), sum = 0;

	for (int i = 0; i < n; i++)
		if ((sum += share[i]) > u)
			return i;
	return n - 1;
}

/* Community sizes follow Zipf: a few cities take most arrivals. */
static int community(void)
{
	static double share[COMMUNITIES];

	if (share[0] == 0) {
		double sum = 0;
		for (int i = 0; i < COMMUNITIES; i++)
			sum += share[i] = 1.0 / (i + 1);
		for (int i = 0; i < COMMUNITIES; i++)
			share[i] /= sum;
	}
	return pick(share, COMMUNITIES);
}

static void make_cases(struct match_case *c, int n)
{
	for (int i = 0; i < n; i++) {
		c[i] = (struct match_case){ .id = i + 1, .language = pick(language_share, LANGUAGES) };
		c[i].speaks = UINT64_C(1) << c[i].language;
		if (uniform() < .3)
			c[i].speaks |= UINT64_C(1) << (1 + (int)(uniform() * (LANGUAGES - 1)));
		if (uniform() < .2)
			c[i].speaks |= 1;
		c[i].community = community();
		for (int d = 0; d < DOMAINS; d++)
			if (uniform() < .08)
				c[i].needs |= 1u << d;
		c[i].high_needs = uniform() < .15, c[i].first_time = uniform() < .4;
		c[i].arrival_day = 20400 + (int)(uniform() * 120);
	}
}

/* Agencies hire staff who speak the arrivals' languages, though not in the
 * same proportions: 70% follow the mix, 30% are spread evenly. */
static void make_workers(struct match_worker *w, int *places, int n)
{
	for (int j = 0; j < n; j++) {
		int native = uniform() < .7 ? pick(language_share, LANGUAGES) : 1 + (int)(uniform() * (LANGUAGES - 1));
		w[j] = (struct match_worker){ .id = j + 1, .speaks = 1 | UINT64_C(1) << native };
		if (uniform() < .25)
			w[j].speaks |= UINT64_C(1) << (1 + (int)(uniform() * (LANGUAGES - 1)));
		places[2 * j] = community(), places[2 * j + 1] = community();
		w[j].communities = &places[2 * j], w[j].n_communities = uniform() < .3 ? 2 : 1;
		w[j].virtual_ok = uniform() < .35, w[j].interpretation_ok = uniform() < .5;
		w[j].specialisations = 1u << (int)(uniform() * DOMAINS) | (uniform() < .5 ? 1u << (int)(uniform() * DOMAINS) : 0);
		w[j].capacity = 25, w[j].load = (int)(uniform() * 21);
	}
}

/* The baseline: each case in turn to the first worker with a place who fits. */
static void greedy(const struct match_case *c, int nc, const struct match_worker *w, int nw, int *assign)
{
	int *taken = calloc((size_t)nw, sizeof(int));

	for (int i = 0; i < nc; i++) {
		assign[i] = -1;
		for (int j = 0; j < nw && assign[i] < 0; j++)
			if (w[j].load + taken[j] < w[j].capacity && match_pair_cost(&c[i], &w[j], &match_default_weights) >= 0)
				assign[i] = j, taken[j]++;
	}
	free(taken);
}

/* The tiers the matcher serves, in order: matched, high-needs, first-time
 * sponsors (then arrivals), and the pair and load cost of the matches. */
struct tally {
	int matched, high_needs, first_time, preferred;
	long long cost;
};

static struct tally tally(const struct match_case *c, int nc, const struct match_worker *w, int nw, const int *assign)
{
	struct tally t = { 0, 0, 0, 0, 0 };
	int *taken = calloc((size_t)nw + 1, sizeof(int));

	for (int i = 0; i < nc; i++) {
		int j = assign[i];
		if (j < 0)
			continue;
		t.matched++;
		t.high_needs += c[i].high_needs, t.first_time += c[i].first_time;
		t.preferred += (w[j].speaks >> c[i].language) & 1;
		t.cost += match_pair_cost(&c[i], &w[j], &match_default_weights) +
			  (long long)match_default_weights.load_step * (w[j].load + ++taken[j]);
	}
	free(taken);
	return t;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(int nc, int nw)
{
	struct match_case *c = malloc((size_t)nc * sizeof(*c));
	struct match_worker *w = malloc((size_t)nw * sizeof(*w));
	int *places = malloc(2 * (size_t)nw * sizeof(int)), *base = malloc((size_t)nc * sizeof(int));
	struct match_result r;
	struct tandem_err e;
	struct rusage ru;

	rng_state = 20261123;
	make_cases(c, nc);
	make_workers(w, places, nw);
	double t0 = now();
	if (match_solve(c, (size_t)nc, w, (size_t)nw, &match_default_weights, &r, &e) < 0) {
		fprintf(stderr, "match: %s\n", e.msg);
		return 1;
	}
	double t1 = now();
	getrusage(RUSAGE_SELF, &ru);
	greedy(c, nc, w, nw, base);
	struct tally opt = tally(c, nc, w, nw, r.worker), gr = tally(c, nc, w, nw, base);
	printf("%6d %5d %8.3f %7.1f | %6d %6d %6d %6d %9lld | %6d %6d %6d %6d %9lld\n", nc, nw, t1 - t0,
	       ru.ru_maxrss / 1024.0, opt.matched, opt.high_needs, opt.first_time, opt.preferred, opt.cost, gr.matched,
	       gr.high_needs, gr.first_time, gr.preferred, gr.cost);
	match_result_free(&r);
	free(c), free(w), free(places), free(base);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const char *sizes[] = { "100:10", "1000:100", "4000:400", "10000:1000", "20000:2000", "40000:4000",
				       "40000:3000", "40000:2000" };
	const char **list = argc > 1 ? (const char **)argv + 1 : sizes;
	int n = argc > 1 ? argc - 1 : (int)(sizeof(sizes) / sizeof(*sizes));

	printf("%6s %5s %8s %7s | %6s %6s %6s %6s %9s | %6s %6s %6s %6s %9s\n", "cases", "wkrs", "solve s", "MiB",
	       "match", "high", "first", "pref", "cost", "greedy", "high", "first", "pref", "cost");
	for (int i = 0; i < n; i++) {
		int nc, nw;
		if (sscanf(list[i], "%d:%d", &nc, &nw) != 2 || nc < 0 || nw < 0) {
			fprintf(stderr, "match: '%s' is not CASES:WORKERS\n", list[i]);
			return 2;
		}
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0)
			_exit(run(nc, nw));
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "match: the run of %s failed\n", list[i]);
			return 1;
		}
	}
	return 0;
}
