// The sentences bgprof tells the model. They state facts (a measured time and what it rests on)
// rather than orders: the model reads them next to the call's result and decides for itself.
#ifndef BGPROF_PROFILER_LEARNING_ADVICE_H_
#define BGPROF_PROFILER_LEARNING_ADVICE_H_

#include <string>

#include "estimator/estimate.h"
#include "profiler/command/signature.h"

namespace bgprof {

// What the estimate rests on: "typical of 6 runs of this command in this project".
std::string EvidenceText(const Signature& signature, const Estimate& estimate);

// The PreToolUse suggestion for a command line predicted to be slow. `signature` is its
// dominant part's; `several_parts` says that the time is the whole line's (`make && make test`),
// not that part's alone.
std::string BackgroundAdvice(const Signature& signature, const Estimate& estimate,
                             bool several_parts = false);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_ADVICE_H_
