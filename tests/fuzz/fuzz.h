/* fuzz.h - what each fuzz harness defines: libFuzzer's two entry points,
 * and fuzz_cleanup, which the replay driver calls at the end so that the
 * sanitizers see everything freed. */
#ifndef TANDEM_FUZZ_H
#define TANDEM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void fuzz_cleanup(void);

#endif
