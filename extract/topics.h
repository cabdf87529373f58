// Call topics: short phrases ("Korean Peninsula", "denuclearization",
// "Ukraine") found in the sentences that report a call.
#ifndef PARLEY_EXTRACT_TOPICS_H_
#define PARLEY_EXTRACT_TOPICS_H_

#include <string>
#include <string_view>
#include <vector>

namespace parley::extract {

// Topic phrases in `text`, in canonical spelling, without repeats.
std::vector<std::string> FindTopics(std::string_view text);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_TOPICS_H_
