/* signin_flood.c - a sign-in flood against a running tandem serve: CLIENTS
 * connections post sign-ins with random e-mails (each from its own address
 * through X-Forwarded-For, as behind a trusted proxy) while one more client
 * reads a case with a Bearer token. Prints the reader's p50/p99 latency at
 * rest and during the flood, the flood's answers by status, and the server's
 * peak resident memory. Usage: signin_flood PORT SERVER_PID TOKEN CASE_ID SECONDS
 * (bench/signin.sh starts the server and runs it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

enum { CLIENTS = 64, READS_MAX = 100000, REST_READS = 300 };

static int port;
static atomic_bool stop;
static atomic_long by_status[600];

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
	h = reader_new(port, "/api/v1/session", hs);
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
	pthread_t threads[CLIENTS];
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
	smp = (struct sampler){ .pid = argv[2], .stop = &stop };
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", argv[3]);
	snprintf(path, sizeof path, "/api/v1/cases/%s", argv[4]);
	hs = curl_slist_append(hs, auth);
	reader = reader_new(port, path, hs);
	n_rest = reader_run(reader, rest, REST_READS, 0, &failed_rest);
	rss_rest = rss_kib(argv[2]);
	sampler_start(&smp);
	for (long i = 0; i < CLIENTS; i++)
		pthread_create(&threads[i], NULL, flood, (void *)i);
	n_during = reader_run(reader, during, READS_MAX, time(NULL) + atoi(argv[5]), &failed_during);
	atomic_store(&stop, true);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(threads[i], NULL);
	sampler_join(&smp);
	reader_report("reader at rest", rest, n_rest, failed_rest);
	reader_report("reader during flood", during, n_during, failed_during);
	printf("flood answers: %ld x 401, %ld x 429, %ld other\n", atomic_load(&by_status[401]),
	       atomic_load(&by_status[429]), others());
	printf("server RSS: %ld MiB at rest, %ld MiB peak during the flood\n", rss_rest / 1024, smp.peak / 1024);
	curl_easy_cleanup(reader);
	curl_slist_free_all(hs);
	curl_global_cleanup();
	return 0;
}
