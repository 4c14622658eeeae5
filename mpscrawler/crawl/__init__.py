"""Crawl policy as pure functions: which listing pages to read next, in what order sources go."""
