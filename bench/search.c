/* search.c - the directory's search over HTTP with one client, a request at
 * a time on one kept-alive connection: a mix of one-word, multi-word,
 * filtered and misspelled queries, each ROUNDS times. Prints the median and
 * p99 latency of each kind and of all, and fails on any answer but 200.
 * Usage: search PORT TOKEN ROUNDS (bench/search.sh runs it on each store). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { KINDS = 4, ROUNDS_MAX = 1000, PER_KIND = 6 };

static const char *const kinds[KINDS] = { "one word", "several words", "filtered", "misspelled" };
/* The query string of each, percent-encoded. */
static const char *const queries[KINDS][PER_KIND] = {
	{ "q=dentist", "q=food", "q=clinic", "q=housing", "q=counselling", "q=school" },
	{ "q=m%C3%A9decin%20de%20famille%20arabe", "q=Arabic%20family%20doctor", "q=free%20legal%20clinic%20immigration",
	  "q=english%20classes%20with%20childcare", "q=aide%20aux%20devoirs", "q=%D8%B7%D8%A8%D9%8A%D8%A8%20%D8%B9%D8%B1%D8%A8%D9%8A" },
	{ "q=food&community=1", "category=health.dental&language=ar", "q=clinic&virtual=1",
	  "language=ti&community=3", "q=counselling&language=fa&community=4", "category=housing.rental&community=2" },
	{ "q=dentsit", "q=imigration%20lawer", "q=famly%20doctr", "q=hosuing", "q=counseling%20arbic", "q=scool" },
};

static size_t sink(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *ms, size_t n)
{
	qsort(ms, n, sizeof *ms, by_value);
	printf("%-14s %6zu requests  median %7.2f ms  p99 %7.2f ms\n", what, n, ms[n / 2],
	       ms[(size_t)(n * 0.99) < n ? (size_t)(n * 0.99) : n - 1]);
}

int main(int argc, char **argv)
{
	static double ms[KINDS][ROUNDS_MAX * PER_KIND], all[KINDS * ROUNDS_MAX * PER_KIND];
	struct curl_slist *headers = NULL;
	char auth[256], url[512];
	int port, rounds;
	size_t n[KINDS] = { 0 }, total = 0;
	CURL *h;

	if (argc != 4 || (port = atoi(argv[1])) <= 0 || (rounds = atoi(argv[3])) <= 0 || rounds > ROUNDS_MAX) {
		fprintf(stderr, "usage: search PORT TOKEN ROUNDS (ROUNDS up to %d)\n", ROUNDS_MAX);
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", argv[2]);
	headers = curl_slist_append(headers, auth);
	h = curl_easy_init();
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	for (int r = -1; r < rounds; r++)   /* round -1 warms the caches, unmeasured */
		for (int k = 0; k < KINDS; k++)
			for (int q = 0; q < PER_KIND; q++) {
				long status = 0;
				double t0;
				snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/resources?%s&limit=20", port,
					 queries[k][q]);
				curl_easy_setopt(h, CURLOPT_URL, url);
				t0 = now_ms();
				if (curl_easy_perform(h) != CURLE_OK ||
				    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status != 200) {
					fprintf(stderr, "search: %s answered %ld\n", url, status);
					return 1;
				}
				if (r >= 0)
					ms[k][n[k]++] = all[total++] = now_ms() - t0;
			}
	for (int k = 0; k < KINDS; k++)
		report(kinds[k], ms[k], n[k]);
	report("all", all, total);
	curl_easy_cleanup(h);
	curl_slist_free_all(headers);
	curl_global_cleanup();
	return 0;
}
