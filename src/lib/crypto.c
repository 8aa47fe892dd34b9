/* crypto.c - libsodium behind the few calls tandem makes. */
#include "crypto.h"
#include "err.h"

#include <pthread.h>
#include <stdio.h>

#include <sodium.h>
#include <string.h>

static char burn_hash[CRYPTO_PWHASH_MAX];
static pthread_once_t burn_once = PTHREAD_ONCE_INIT;

int crypto_setup(void)
{
	return sodium_init() < 0 ? TANDEM_EIO : 0;
}

int crypto_password_hash(char out[CRYPTO_PWHASH_MAX], const char *password)
{
	if (crypto_pwhash_str(out, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return TANDEM_ENOMEM;
	return 0;
}

bool crypto_password_verify(const char *encoded, const char *password)
{
	return crypto_pwhash_str_verify(encoded, password, strlen(password)) == 0;
}

static void burn_init(void)
{
	char secret[CRYPTO_SECRET_HEX];

	crypto_secret_hex(secret);
	if (crypto_password_hash(burn_hash, secret))
		burn_hash[0] = '\0';
}

void crypto_password_burn(const char *password)
{
	pthread_once(&burn_once, burn_init);
	if (burn_hash[0])
		(void)crypto_password_verify(burn_hash, password);
}

void crypto_secret_hex(char out[CRYPTO_SECRET_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, CRYPTO_SECRET_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void crypto_uuid(char out[CRYPTO_UUID_LEN])
{
	unsigned char raw[16];
	char hex[33];

	randombytes_buf(raw, sizeof raw);
	raw[6] = (unsigned char)((raw[6] & 0x0F) | 0x40);
	raw[8] = (unsigned char)((raw[8] & 0x3F) | 0x80);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	snprintf(out, CRYPTO_UUID_LEN, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

void crypto_sha256(unsigned char out[CRYPTO_HASH_BYTES], const void *p, size_t n)
{
	crypto_hash_sha256(out, p, n);
}

void crypto_sha256_hex(char out[CRYPTO_HASH_HEX], const void *p, size_t n)
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, p, n);
	sodium_bin2hex(out, CRYPTO_HASH_HEX, digest, sizeof digest);
}

bool crypto_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

unsigned crypto_random_below(unsigned bound)
{
	return randombytes_uniform(bound);
}
