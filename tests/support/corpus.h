// The corpus of real command lines in tests/data/corpus (a copy of ../shared/corpus with its
// SOURCES.md: agent Bash calls, nl2bash and tldr-pages lines), for robustness tests.
#ifndef BGPROF_TESTS_SUPPORT_CORPUS_H_
#define BGPROF_TESTS_SUPPORT_CORPUS_H_

#include <string>
#include <vector>

namespace bgprof::testing {

// $BGPROF_CORPUS when set, else the copy in the source tree.
std::string CorpusPath();

// Every line of the corpus; empty when the file cannot be read.
std::vector<std::string> CorpusLines();

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_CORPUS_H_
