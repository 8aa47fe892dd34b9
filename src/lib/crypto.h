/* crypto.h - the project's uses of libsodium: Argon2id password hashes,
 * random secrets, SHA-256 digests and constant-time comparison. */
#ifndef TANDEM_CRYPTO_H
#define TANDEM_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

enum {
	CRYPTO_HASH_BYTES = 32,    /* SHA-256 */
	CRYPTO_HASH_HEX = 65,      /* SHA-256 as hex, with NUL */
	CRYPTO_SECRET_HEX = 65,    /* 256 random bits as hex, with NUL */
	CRYPTO_PWHASH_MAX = 128,   /* an encoded Argon2id string, with NUL */
	CRYPTO_UUID_LEN = 37       /* a UUID as text, with NUL */
};

/* Must run once before any other call; returns 0 or TANDEM_EIO. */
int crypto_setup(void);

/* out receives an encoded Argon2id hash; returns 0 or a TANDEM_E* code. */
int crypto_password_hash(char out[CRYPTO_PWHASH_MAX], const char *password);
bool crypto_password_verify(const char *encoded, const char *password);
/* Spends the time of one verification, so that an unknown account answers
 * as slowly as a wrong password. */
void crypto_password_burn(const char *password);

void crypto_secret_hex(char out[CRYPTO_SECRET_HEX]);
/* A random (version 4) UUID, as 8-4-4-4-12 lower-case hex digits. */
void crypto_uuid(char out[CRYPTO_UUID_LEN]);
void crypto_sha256(unsigned char out[CRYPTO_HASH_BYTES], const void *p, size_t n);
void crypto_sha256_hex(char out[CRYPTO_HASH_HEX], const void *p, size_t n);
bool crypto_equal(const char *a, const char *b);
/* A uniformly random number below bound, bound > 0. */
unsigned crypto_random_below(unsigned bound);

#endif
