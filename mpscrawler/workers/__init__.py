"""Work the crawl hands to a process of its own: parsing pages and making their WARC records.

The crawl is one Python thread; a page's parse and its records' digests and deflate are CPU
work that a second core can do while the reactor fetches the next pages (`pool.Workers`).
"""
