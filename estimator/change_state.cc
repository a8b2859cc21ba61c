#include "estimator/change_state.h"

namespace bgprof {

std::string_view ChangeStateName(ChangeState state) {
  switch (state) {
    case ChangeState::kFresh:
      return "fresh";
    case ChangeState::kChanged:
      return "changed";
    case ChangeState::kUnchanged:
      return "unchanged";
    case ChangeState::kUnknown:
      break;
  }
  return "";
}

}  // namespace bgprof
