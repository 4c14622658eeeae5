"""Request priorities that let every discovery source advance at the same pace.

A source is what finds articles: the sitemaps of an edition (read one after another), each
feed, each listing (its pages chained one after the other), the site's backend. Scrapy
fetches the highest priority first among the requests to one host (last in, first out within
one). Priorities fixed by the kind of page alone serve one source at a time: a sitemap's
thousand articles go before a listing's next page, or a listing chain before everything else.
Here each source's articles count down a level for every `batch` it has asked for, and its
next discovery page stands one level above its articles: the downloader takes the first
hundred of every source, then the next hundred, and a source that waits on its next page is
overtaken, not waited for. The queue holds what one sitemap and a couple of levels of each
listing named ahead of the others, never the archive.

Levels stop at `-LEVELS`: Scrapy's disk queue (`JOBDIR`) keeps a file open for every priority
in use, and a sitemap of 50,000 URLs would otherwise span 500 of them. Past that depth a
source's articles share the deepest level, below every source that has asked for fewer.
"""

from __future__ import annotations

from collections import Counter

# Articles a source asks for on one priority level, and the deepest level.
BATCH, LEVELS = 100, 30
# Sources besides the listings and feeds (each is its own, named by its first page's URL).
SITEMAPS, BACKEND = "sitemaps", "backend"


class Shares:
    """Per source, the articles asked for so far; from them, the priority of its next request."""

    def __init__(self, batch: int = BATCH, levels: int = LEVELS) -> None:
        self.batch, self.levels = batch, levels
        self.asked: Counter[str] = Counter()

    def article(self, source: str) -> int:
        """The priority of the next article `source` asks for (counted as asked)."""
        level = self.level(source)
        self.asked[source] += 1
        return level

    def discovery(self, source: str) -> int:
        """The priority of `source`'s next listing, sitemap or backend page: above its articles."""
        return self.level(source) + 1

    def level(self, source: str) -> int:
        """0 for a source's first `batch` articles, -1 for the next, and so on to `-levels`."""
        return -min(self.asked[source] // self.batch, self.levels)
