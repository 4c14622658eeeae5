"""An article URL's slug and the headline it names: a page served at another article's URL.

The portal makes each article's URL from its headline when it publishes it:
`/news-events/commits-14th-som-takes-place-in-hanoi-t7564.html` for "COMMIT’s 14th SOM takes
place in Hanoi", `/bai-viet/hop-tac-dao-tao-…-1791199677` for "Hợp tác đào tạo, …". A page
whose headline and lead share no more than a few of its URL's words is not that article: a
CDN's or a proxy's mix-up (another article's page), a maintenance or error page at 200.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from mpscrawler.urls import original_url

# The last part of an article path less its id: `…/{slug}-t7564.html`, `…/{slug}-1791199677`,
# `/bai-viet/{slug}-d12-t345.html`.
SLUG = re.compile(r"/(?P<slug>[^/]+?)-(?:d\d+-)?t?\d+(?:\.html?)?/?$")
WORD = re.compile(r"[a-z0-9]+")
# A slug this short names nothing to compare (a short link, `x-t1.html`).
MIN_WORDS = 3
# The share of the slug's words its article's headline and lead hold, at the least. The
# portal's own pages: 59 % and more (Vietnamese retitled ones), 86 % in English; an
# unrelated page about none. Formulaic headlines share more ("MPS reviews task performance
# in April", "… October task performance"): this catches the page that is plainly another's.
MIN_SHARE = 1 / 3


def slug_words(url: str) -> list[str]:
    """The words of an article URL's slug, folded as `words` folds."""
    match = SLUG.search(urlsplit(original_url(url)).path)
    return WORD.findall(match["slug"].lower()) if match else []


def words(text: str) -> set[str]:
    """The words of a text as a slug spells them: lower case, no diacritics, `đ` as `d`."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
        text = decomposed.encode("ascii", "ignore").decode("ascii")  # the marks, in C
    return set(WORD.findall(text.lower()))


def names(url: str, *texts: str | None) -> bool:
    """True unless the URL's slug names another article than the one `texts` tell.

    `texts`: the headline and the lead, read in turn until they hold enough of the slug. The
    Vietnamese site retitles some articles after the slug is made ("Giúp người nghèo có giấy
    phép lái xe: …" at `/bai-viet/gia-lai-to-chuc-13-ky-sat-hach-mo-to-mien-phi-cho-nguoi-
    dan-…`): its lead still tells the slug's story.
    """
    slug = slug_words(url)
    if len(slug) < MIN_WORDS:
        return True
    held: set[str] = set()
    for text in texts:
        held |= words(text or "")
        if sum(word in held for word in slug) >= MIN_SHARE * len(slug):
            return True
    return False
