"""Scrapy spiders of the govreports crawler (one: ``reports``)."""
