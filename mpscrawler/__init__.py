"""mpscrawler: a Scrapy crawler for the news portal of Vietnam's Ministry of Public Security."""

__version__ = "0.2.0"
