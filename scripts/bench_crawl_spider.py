"""Scrapy's side of scripts/bench-crawl.sh: the same made portal, the same links.

The portal is `govreports simulate` (crawler/simulator's synthetic /big/ column: list pages of 50
report links each, paged by a TRS createPageHTML script). Scrapy does not run scripts, so the
list pages are its start URLs (what the Go crawler reads from the pager script), and from each it
follows the report links, as the Go crawler does. robots.txt obeyed, no delay, 16 requests in
flight (per domain too), no cache, no retries of good pages. Prints "PAGES SECONDS".
"""
import sys
import time

import scrapy
from scrapy.crawler import CrawlerProcess


class Portal(scrapy.Spider):
    name = "portal"

    def __init__(self, base, lists, **kw):
        super().__init__(**kw)
        self.start_urls = [base + "/big/index.html"] + [base + "/big/index_%d.html" % i for i in range(1, lists)]
        self.pages = 0

    def parse(self, response):
        self.pages += 1
        for href in response.css("a::attr(href)").getall():
            if "2023/t_" in href:
                yield response.follow(href, callback=self.report)

    def report(self, response):
        self.pages += 1


def main():
    base, reports = sys.argv[1], int(sys.argv[2])
    lists = (reports + 49) // 50
    process = CrawlerProcess(settings={
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    })
    crawler = process.create_crawler(Portal)
    start = time.monotonic()
    process.crawl(crawler, base=base, lists=lists)
    process.start()
    print(crawler.spider.pages, "%.3f" % (time.monotonic() - start))


if __name__ == "__main__":
    main()
