// JSON renderings of an Extraction.
//
// ToEvalJson() produces exactly the evaluation format of the shared eval
// README ({"article", "calls", "quotes", "sanctions"}; names, ISO dates or
// null, lower-case measures and statuses). It is a pure function of the
// Extraction's fields, so anything that can rebuild an Extraction (the
// services' `parley eval`) gets the identical output.
#ifndef PARLEY_EXTRACT_EVAL_JSON_H_
#define PARLEY_EXTRACT_EVAL_JSON_H_

#include <string_view>

#include "nlohmann/json.hpp"
#include "parley/extract/events.h"

namespace parley::extract {

nlohmann::json ToEvalJson(std::string_view article_id, const Extraction& extraction);

// The richer view for `parley extract FILE`: everything in the eval format
// plus actor ids, kinds, countries, offices, topics, the anchor date and
// provenance spans (byte offsets and evidence text).
nlohmann::json ToDetailedJson(std::string_view article_id, const Extraction& extraction);

// "2021-02-11", or JSON null.
nlohmann::json DateJson(const std::optional<absl::CivilDay>& day);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_EVAL_JSON_H_
