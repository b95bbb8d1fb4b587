"""The temporal-expression tagger: find dates in English news and resolve them to TIMEX3 values.

`lexicon` holds every word list, `rule` the Rule record, `resolve` the context and date arithmetic,
`rules` the rules as records with examples, `tagger` the engine that runs them.
"""

from __future__ import annotations

from briefing.timex.tagger import GRANULARITIES, Mention, extract_mentions

__all__ = ["GRANULARITIES", "Mention", "extract_mentions"]
