/* reader.c - the load benches' reading client and memory sampler. */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>

static size_t sink(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

CURL *reader_new(int port, const char *path, struct curl_slist *headers)
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

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

size_t reader_run(CURL *h, double *ms, size_t n, time_t until, size_t *failed)
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

void reader_report(const char *label, const double *ms, size_t n, size_t failed)
{
	printf("%-22s %6zu reads  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  not 200: %zu\n", label, n,
	       n ? ms[n / 2] : 0.0, n ? ms[(n * 99) / 100] : 0.0, n ? ms[n - 1] : 0.0, failed);
}

long rss_kib(const char *pid)
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

static void *sample(void *arg)
{
	struct sampler *s = arg;
	const struct timespec tick = { 0, 50 * 1000 * 1000 };

	while (!atomic_load(s->stop)) {
		long kib = rss_kib(s->pid);
		if (kib > s->peak)
			s->peak = kib;
		nanosleep(&tick, NULL);
	}
	return NULL;
}

void sampler_start(struct sampler *s)
{
	pthread_create(&s->thread, NULL, sample, s);
}

void sampler_join(struct sampler *s)
{
	pthread_join(s->thread, NULL);
}
