/* signin_flood.c - a sign-in flood against a running tandem serve: CLIENTS
 * connections post sign-ins with random e-mails (each from its own address
 * through X-Forwarded-For, as behind a trusted proxy) while one more client
 * reads a case with a Bearer token. Prints the reader's p50/p99 latency at
 * rest and during the flood, the flood's answers by status, and the server's
 * peak resident memory. Usage: signin_flood PORT SERVER_PID TOKEN CASE_ID SECONDS
 * (bench/signin.sh starts the server and runs it). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { CLIENTS = 64, READS_MAX = 100000, REST_READS = 300 };

static int port;
static atomic_bool stop;
static atomic_long by_status[600];

static size_t sink(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

static CURL *client_new(const char *path, struct curl_slist *headers)
{
	CURL *h = curl_easy_init();
	char url[256];

	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	return h;
}

static void *flood(void *arg)
{
	long index = (long)arg;
	unsigned seed = (unsigned)index * 7919u + (unsigned)time(NULL);
	char body[160], xff[64];
	struct curl_slist *hs = NULL;
	CURL *h;

	snprintf(xff, sizeof xff, "X-Forwarded-For: 10.1.%ld.%ld", index / 250, index % 250 + 1);
	hs = curl_slist_append(hs, "Content-Type: application/json");
	hs = curl_slist_append(hs, "Expect:");
	hs = curl_slist_append(hs, xff);
	h = client_new("/api/v1/session", hs);
	while (!atomic_load(&stop)) {
		long status = 0;
		snprintf(body, sizeof body, "{\"email\":\"r%u-%u@flood.example\",\"password\":\"guess-%u\"}",
			 rand_r(&seed), rand_r(&seed), rand_r(&seed));
		curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		atomic_fetch_add(&by_status[status > 0 && status < 600 ? status : 0], 1);
	}
	curl_easy_cleanup(h);
	curl_slist_free_all(hs);
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Reads until n reads are done or, when until is not 0, that time has come;
 * returns the count and leaves the latencies (ms) sorted in ms. */
static size_t reads(CURL *h, double *ms, size_t n, time_t until, size_t *failed)
{
	size_t k = 0;

	while (k < n && (!until || time(NULL) < until)) {
		long status = 0;
		double s = 0;
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &s);
		if (status != 200)
			(*failed)++;
		ms[k++] = s * 1000.0;
	}
	qsort(ms, k, sizeof *ms, by_value);
	return k;
}

static long rss_kib(const char *pid)
{
	char path[64], line[256];
	long kib = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%s/status", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

struct sampler {
	const char *pid;
	long peak;
};

static void *sample(void *arg)
{
	struct sampler *s = arg;
	const struct timespec tick = { 0, 50 * 1000 * 1000 };

	while (!atomic_load(&stop)) {
		long kib = rss_kib(s->pid);
		if (kib > s->peak)
			s->peak = kib;
		nanosleep(&tick, NULL);
	}
	return NULL;
}

static void report(const char *label, const double *ms, size_t n, size_t failed)
{
	printf("%-22s %6zu reads  p50 %8.2f ms  p99 %8.2f ms  not 200: %zu\n", label, n,
	       n ? ms[n / 2] : 0.0, n ? ms[(n * 99) / 100] : 0.0, failed);
}

/* Flood answers that are neither 401 nor 429 (none are expected). */
static long others(void)
{
	long n = 0;

	for (int i = 0; i < 600; i++)
		n += i == 401 || i == 429 ? 0 : atomic_load(&by_status[i]);
	return n;
}

int main(int argc, char **argv)
{
	static double rest[REST_READS], during[READS_MAX];
	struct sampler smp;
	pthread_t threads[CLIENTS], sampler;
	struct curl_slist *hs = NULL;
	size_t n_rest, n_during, failed_rest = 0, failed_during = 0;
	char auth[160], path[64];
	long rss_rest;
	CURL *reader;

	if (argc != 6) {
		fprintf(stderr, "usage: signin_flood PORT SERVER_PID TOKEN CASE_ID SECONDS\n");
		return 2;
	}
	port = atoi(argv[1]);
	smp = (struct sampler){ .pid = argv[2] };
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", argv[3]);
	snprintf(path, sizeof path, "/api/v1/cases/%s", argv[4]);
	hs = curl_slist_append(hs, auth);
	reader = client_new(path, hs);
	n_rest = reads(reader, rest, REST_READS, 0, &failed_rest);
	rss_rest = rss_kib(argv[2]);
	pthread_create(&sampler, NULL, sample, &smp);
	for (long i = 0; i < CLIENTS; i++)
		pthread_create(&threads[i], NULL, flood, (void *)i);
	n_during = reads(reader, during, READS_MAX, time(NULL) + atoi(argv[5]), &failed_during);
	atomic_store(&stop, true);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(threads[i], NULL);
	pthread_join(sampler, NULL);
	report("reader at rest", rest, n_rest, failed_rest);
	report("reader during flood", during, n_during, failed_during);
	printf("flood answers: %ld x 401, %ld x 429, %ld other\n", atomic_load(&by_status[401]),
	       atomic_load(&by_status[429]), others());
	printf("server RSS: %ld MiB at rest, %ld MiB peak during the flood\n", rss_rest / 1024, smp.peak / 1024);
	curl_easy_cleanup(reader);
	curl_slist_free_all(hs);
	curl_global_cleanup();
	return 0;
}
