"""Project commands of `scrapy` (setting `COMMANDS_MODULE`)."""
