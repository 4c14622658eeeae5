"""Crawl policy as pure functions: which listing pages to read next, where discovery starts."""
