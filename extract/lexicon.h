// Word lists the stages share: titles, generic sources, organisation head
// nouns, stop words. Kept as code because they are few and closed-class;
// each is a set of actors::NormWord forms.
#ifndef PARLEY_EXTRACT_LEXICON_H_
#define PARLEY_EXTRACT_LEXICON_H_

#include <string_view>

namespace parley::extract::lexicon {

// Words that make up office titles ("deputy", "foreign", "minister").
bool IsTitleWord(std::string_view w);
// Words that can end a title ("minister", "spokesman", "president").
bool IsTitleHead(std::string_view w);
// Titles that identify a head of state or government or a foreign minister
// ("president", "prime minister"): those resolve through offices.tsv.
bool IsOfficeTitle(std::string_view title);
// Nouns naming an unidentifiable source ("officials", "experts", "media").
bool IsGenericSource(std::string_view w);
// Head nouns of organisations ("ministry", "council", "agency").
bool IsOrgWord(std::string_view w);
// Head nouns of places, events and documents ("islands", "festival", "treaty").
bool IsThingWord(std::string_view w);
// Capitalised words that are not names ("The", "Monday", "However").
bool IsNameStopWord(std::string_view w);

}  // namespace parley::extract::lexicon

#endif  // PARLEY_EXTRACT_LEXICON_H_
