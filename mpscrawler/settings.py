"""Scrapy settings of mpscrawler, grouped; project settings are prefixed `MPS_`.

This module is the one owner of every default: components read these settings without
defaults of their own.
"""

from mpscrawler import __version__

# Project
BOT_NAME = "mpscrawler"
SPIDER_MODULES = ["mpscrawler.spiders"]
NEWSPIDER_MODULE = "mpscrawler.spiders"
COMMANDS_MODULE = "mpscrawler.commands"
# `scrapy check`: `@url` takes a path, checked at the mirror (`-a base_url=` or this), never live
SPIDER_CONTRACTS = {
    "scrapy.contracts.default.UrlContract": None,
    "mpscrawler.contracts.MirrorUrlContract": 1,
}
MPS_CHECK_BASE_URL = None
MPS_CONTACT_URL = "https://github.com/mpscrawler/mpscrawler"
MPS_EDITION = "en"  # set by the spider from `-a edition=`; fills `%(edition)s` in the paths below
MPS_RETRY_AFTER_MAX = 300  # seconds: the longest Retry-After (or backoff) the crawler waits
MPS_RETRY_BACKOFF = 2.0  # seconds: the first retry waits up to this, then twice as long each time

# Politeness: the portal is a government site behind a CDN
USER_AGENT = f"mpscrawler/{__version__} (+{MPS_CONTACT_URL})"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 2  # the portal spans hosts (en., www., the backend): 2 in all
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control: an HTTP endpoint on localhost that runs Python code in the
# crawl, its token in a file under ~/.local/state. An unattended crawl needs neither.
REMOTE_CONTROL_ENABLED = False
# Scrapy re-reads the source of every generator callback on every response to warn about
# `return value` (its cache is keyed by short-lived bound methods): 0.5 ms a page, measured.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy starts CONCURRENT_ITEMS asyncio workers for every response with output (default 100);
# our pipelines are synchronous and a page yields one item or a few links: 0.7 ms a page.
CONCURRENT_ITEMS = 4

# Web archives are someone else's service: `-a archive=wayback` crawls one request at a time
MPS_ARCHIVE_DELAY = 5  # seconds between requests to the archive (AutoThrottle may wait longer)

# Safety: bounded responses (after decompression), short redirect chains, http(s) only
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # current pages are 370-470 KB
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

# Retries: Retry-After is honoured before the retry is sent
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "mpscrawler.middlewares.RetryAfterMiddleware": 550,
    "mpscrawler.middlewares.RedirectGuardMiddleware": 610,  # sees 3xx before the redirect
    "mpscrawler.robots.UnreachableRobotsMiddleware": 540,  # robots.txt 5xx after retries: none
    # Scrapy's meta refresh decodes every page to look at its head: the head alone is read
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "mpscrawler.refresh.HeadMetaRefreshMiddleware": 580,
}

# Items: final from the parsers; validated, then versioned and deduplicated
ITEM_PIPELINES = {
    "mpscrawler.pipelines.ValidatePipeline": 200,
    "mpscrawler.pipelines.VersionPipeline": 400,
}

# Incremental runs: state between runs (one per edition, locked: one run at a time), failures
# retried, listings read until known articles
EXTENSIONS = {
    "mpscrawler.state.State": 100,
    "mpscrawler.workers.pool.Workers": 200,
    "mpscrawler.ops.progress.Progress": 800,
    "mpscrawler.ops.report.RunReport": 900,
}
MPS_STATE_ENABLED = True
MPS_STATE_PATH = "output/state/mps_news-%(edition)s.sqlite3"  # its lock: the same path + .lock
MPS_REPORT_DIR = "output/reports/mps_news/%(edition)s"
MPS_PROGRESS_INTERVAL = 60  # seconds between progress lines in the log (0: none)
MPS_RETRY_LIMIT = 5  # runs that may retry a failed URL
MPS_RETRY_LATER = 24 * 3600  # then it is tried again once a day (seconds), never dropped
MPS_OVERLAP_PAGES = 0  # listing pages read past the first one holding only known articles
MPS_FULL = False  # `-a full=1`: fetch known articles again
MPS_EXPLICIT = False  # `-a urls=`: pages asked for by URL are emitted even if unchanged

# Bounds: what the site can hold; a page past them is cut, counted in the report
MPS_MAX_LISTING_PAGES = 5000  # the largest section seen has 206 pages of ten
MPS_MAX_SITEMAP_DEPTH = 3  # sitemap indexes within sitemap indexes
MPS_MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's limit; more is a failure, cut
MPS_MAX_INDEX_PAGES = 1000  # pages of an archive's CDX index a host (5,000 captures each)

# Retention (`mpscrawler prune`, also run at the end of `mpscrawler run`): years of hourly runs
# in bounded room; no record is lost (old run files are merged by month, not deleted)
MPS_RUNS_DIR = "output/mps_news"  # the run files, one folder per edition (as FEEDS writes them)
MPS_RETENTION_DAYS = 30  # reports deleted, run files merged into <YYYY-MM>.jsonl, past this age
MPS_LOG_PATH = "output/logs/cron.log"  # the log the README's cron line appends to
MPS_LOG_MAX_BYTES = 10 * 1024 * 1024  # rotated (cron.log.1, …) past this size
MPS_LOG_KEEP = 5  # rotated logs kept

# Health of a run (`mpscrawler run` exits 1 when any is crossed)
# failed pages / pages that should have given a record: any failure is a page not kept this
# run (it is retried next run), so a run with one is unhealthy; raise it to tolerate a few
MPS_HEALTH_MAX_FAILURE_RATE = 0.0
MPS_HEALTH_MAX_FALLBACK_RATE = 0.10  # records parsed by the generic fallback layout
MPS_HEALTH_MIN_COVERAGE = {"byline": 0.30, "captions": 0.20}  # of records (captions: with photos)
MPS_HEALTH_MIN_RECORDS = 10  # coverage floors apply from this many records up

# Worker processes: each page's parse and WARC records made beside the reactor, on another core
MPS_WORKERS = 1  # processes (0: everything in the crawl's own process)
MPS_WORKER_TIMEOUT = 60  # seconds a worker may take over one page before it is killed
# Pages waiting for the worker, in bytes, before Scrapy stops downloading (its default 5 MB
# is a dozen current pages: the worker's bursts on them stalled the downloader)
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 10_000_000

# Raw pages: every article and listing response parsed, kept as WARC (ISO 28500), so improved
# parsers can re-parse the archive offline (`mpscrawler reparse`) and records cite their bytes
SPIDER_MIDDLEWARES = {"mpscrawler.warc.middleware.WarcMiddleware": 100}
MPS_WARC_ENABLED = True
MPS_WARC_DIR = "output/warc"  # files under <dir>/<edition>/, rolled by size
MPS_WARC_MAX_SIZE = 100 * 1024 * 1024  # bytes of a WARC file before the next one starts

# Output: one JSON Lines file per run; `-o`/`-O` on the command line replace it
FEEDS = {
    "output/%(name)s/%(edition)s/%(run)s.jsonl": {"format": "jsonlines", "encoding": "utf8"},
}
FEED_URI_PARAMS = "mpscrawler.feedstorage.uri_params"  # %(run)s: the run id; %(edition)s
FEED_EXPORT_ENCODING = "utf-8"
# `-o out.csv`: lists and nested fields (images, captions, tags) as JSON text in their cells
FEED_EXPORTERS = {"csv": "mpscrawler.exporters.JsonCellCsvItemExporter"}
FEED_STORE_EMPTY = False  # a run with nothing new leaves no empty file
# Files are written under a temporary name and renamed into place when the run closes.
FEED_STORAGES = {
    "": "mpscrawler.feedstorage.AtomicFileFeedStorage",
    "file": "mpscrawler.feedstorage.AtomicFileFeedStorage",
}
LOG_LEVEL = "INFO"
