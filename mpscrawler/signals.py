"""The project's own signals, sent through `crawler.signals`."""

# A page gave no record, or a listing/sitemap could not be read:
# handlers get `url`, `reason` ("parse: …", "fetch: HTTP 404", …) and `kind`
# (`article`, `listing` or `sitemap`). The state keeps it for a retry, the report names it.
page_failed = object()
