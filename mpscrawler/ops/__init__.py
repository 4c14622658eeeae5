"""The operations side: the `mpscrawler` command, run report, health verdict, dataset, demo."""
