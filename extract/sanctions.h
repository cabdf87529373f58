// Sanction extraction: imposer, target, measure (the guide's fixed list),
// items (goods or sectors named for the measure) and status, one record per
// (imposer, target, measure).
#ifndef PARLEY_EXTRACT_SANCTIONS_H_
#define PARLEY_EXTRACT_SANCTIONS_H_

#include <vector>

#include "mentions.h"
#include "parley/extract/events.h"
#include "segmenter.h"

namespace parley::extract {

std::vector<Sanction> ExtractSanctions(const Document& doc, const Mentions& mentions);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_SANCTIONS_H_
