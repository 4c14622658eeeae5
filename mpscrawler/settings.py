"""Scrapy settings of mpscrawler, grouped; project settings are prefixed `MPS_`."""

# Project
BOT_NAME = "mpscrawler"
SPIDER_MODULES = ["mpscrawler.spiders"]
NEWSPIDER_MODULE = "mpscrawler.spiders"
COMMANDS_MODULE = "mpscrawler.commands"
MPS_CONTACT_URL = "https://github.com/mpscrawler/mpscrawler"
MPS_RETRY_AFTER_MAX = 300  # seconds: the longest Retry-After the crawler will wait

# Politeness: the portal is a government site behind a CDN
USER_AGENT = f"mpscrawler/0.1 (+{MPS_CONTACT_URL})"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
TELNETCONSOLE_ENABLED = False

# Retries: Retry-After is honoured before the retry is sent
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "mpscrawler.middlewares.RetryAfterMiddleware": 550,
}

# Items: normalise, validate, deduplicate
ITEM_PIPELINES = {
    "mpscrawler.pipelines.NormalizePipeline": 100,
    "mpscrawler.pipelines.ValidatePipeline": 200,
    "mpscrawler.pipelines.DedupePipeline": 300,
}

# Output: one JSON Lines file per run; `-o`/`-O` on the command line replace it
FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf8"},
}
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
