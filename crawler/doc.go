// Package crawler finds and fetches the 政府信息公开工作年度报告 published on a
// government portal, politely, resumably and with every byte archived.
//
// # Use
//
//	c, err := crawler.New(cfg, logger)      // cfg from flags or Sites.Config
//	sum, err := c.Run(ctx, func(p crawler.Page) error {
//		if !p.IsReport || !p.Complete() { return nil } // attachments, lists, duplicates, truncated
//		return parseAndLoad(p)
//	})
//	err = crawler.ReadWARC(dir, func(p crawler.Page) error { … }) // offline re-parse
//
// # Shape
//
// One dispatcher goroutine owns all crawl state: the per-host queues
// (three, served in order: links titled like a report and attachments, then
// other on-topic links such as columns and pagers, then off-topic links;
// frontier.go), the visited set (64-bit URL hashes), retries, the state
// journal. It is the frontier of an async colly.Collector: it hands the
// collector a request (at most Config.Workers in flight) only when the
// request's host is ready (no request of it in flight, not paused by a
// Retry-After), and colly fetches it on a goroutine of its own, paced by the
// host's LimitRule (one rule per host, hosts.go); discovery runs in colly's
// OnHTML callback over the goquery document (discover.go), and OnScraped or
// OnError sends the result back (fetch.go). The dispatcher queues the links
// found, emits the page and journals it. emit therefore runs on one
// goroutine, in order. The visited set and the cookies are the collector's
// storage.Storage (storage.go).
//
// Under colly sits recordingTransport (transport.go), colly's extension
// point for what it cannot do itself: an explicit body limit that marks pages
// truncated (colly's MaxBodySize cuts silently), a gunzip limit, an idle read
// timeout, the wire bytes for the archive, and charset decoding with
// internal/charset before colly parses (colly's own conversion trusts a lying
// Content-Type header and its DetectCharset misreads GBK). robots.txt is
// fetched by the dispatcher as the first request to a host, through the
// host's LimitRule and the archive, and its Crawl-delay set on that rule by
// the transport (colly's robots support is off: it fetches outside the
// pacing and knows no Crawl-delay). Redirects are not followed by net/http
// (SetRedirectHandler): each hop goes back to the dispatcher, which applies
// allowed hosts, robots, traps and the visited set.
//
// # Politeness (defaults)
//
// robots.txt obeyed (5xx/unreachable → host disallowed for the run); one
// request at a time per host, 1s apart, or the Crawl-delay if longer (capped
// at 30s); 429/503 Retry-After honoured host-wide (capped at 5m); up to 3
// retries with exponential backoff and jitter (cenkalti/backoff) for
// timeouts, network errors, 429, 5xx and bodies cut short; connect 15s, idle read 30s, request
// 3m; a User-Agent naming the tool and its URL. Pacing is colly's LimitRule
// and nothing else: after each response the worker sleeps the host's delay
// while holding the host's slot, so the next request to it starts at least a
// delay after the previous one ended, whatever the worker and connection
// latency. With a delay a host gets one request at a time (Parallelism
// applies to hosts without one). The robots.txt response sets the rule's
// delay to its Crawl-delay inside the transport, before colly waits it out
// (colly's own robots support knows no Crawl-delay). A cancelled crawl ends
// once the requests in flight and their delays are over.
//
// # Many sites
//
// Sites crawled at once share a Fleet (fleet.go): a cap on requests on the
// wire over all sites (taken after the host's delay, so a slow host holds
// none), a cap on sites at once, one progress line.
//
// # Discovery
//
// Links whose text, title= or image alt or URL speaks of
// 政府信息公开/年报/年度报告 (or match the site's patterns), and pagers of
// on-topic pages (index_N.html, ?page=N, 下一页/尾页, TRS pager scripts:
// createPageHTML in both signatures and the document.write pager with var
// countPage), are on-topic; other links are followed for at most MaxStray
// hops in a row. A page whose title, breadcrumb (当前位置…) or <meta
// name="ColumnName"> names 年报/年度报告 is on topic by itself, whatever led
// to it (a year column 2022年 under 政府信息公开年报). Links only scripts know
// are read where the URL is a literal (scripts.go): a redirect stub's
// location.href, window.open in onclick, Hanweb datastore records. Lists that
// only scripts page are read from the page's script text, without a
// JavaScript engine, each bounded and noted in Summary.ScriptPagers when seen
// but not followable: Hanweb jpage columns past their inline group, through
// POSTs to the data proxy (dataproxy.jsp?startrecord=…&endrecord=…&perpage=…,
// the ajaxParam or <nextgroup> parameters as the form) one batch at a time
// until the column's total or an empty batch (hanweb.go, jpage_fetch.go);
// goPage(n)/toPage(n) pagers whose function builds the URL, <select onchange>
// pickers whose options carry URLs, zTree/JSON column trees inline or loaded
// from a URL (scriptpagers.go). A POST is a fetch like any other: the host's
// queue and LimitRule, robots.txt, the archive (request body included), the
// fetch log (kind data_proxy, RequestBody), the journal (by URL and body); a
// recrawl sends it again unconditionally (a POST cannot be conditional, and
// Hanweb's proxy sends no validators). Summary.Columns says per column (a list
// page with its pagers and batches) how many reports it declared, listed and
// had fetched (columns.go). A page is
// a report when its title, a heading or <meta name="ArticleTitle"> names a
// 信息公开 annual report (a notice about the reports, 关于做好…的通知, does
// not) and it carries at least three of the form's table labels.
// PDF/DOC/DOCX/WPS linked (or embedded, or shown in a pdf.js viewer, or
// behind a download link whose text names the file) from report pages, or
// pages titled like one (a report published only as a PDF), are fetched as
// attachments. On-topic links to hosts outside AllowedHosts are not followed
// but counted by host in Summary.OffsiteHosts (at most 50), so an 信息公开
// platform on another host shows up. A report whose whitespace-free main text matches
// an earlier one (a _wap or mirror copy) is emitted with DuplicateOf and not
// followed.
// Traps (calendar pages, query-string explosions, looping paths) and session
// ids (;jsessionid=, ?sid=) are handled in URL normalisation and trap.go.
//
// # State and resume
//
// With StateDir set, state.go keeps an append-only JSON-lines journal (see
// there for the format). The visited set and the cookies are colly's
// storage.Storage (storage.go) backed by that journal. kill -9 and run
// again: the run resumes with the same visited set, cookies and queue; a page is journaled done only after emit returned,
// so delivery is at-least-once and at most the pages in flight are fetched
// again. After a completed run, the next one is a recrawl: it sends
// If-None-Match/If-Modified-Since with the validators of the last run, and a
// 304 on a column page replays the links that page had, so an unchanged site
// answers 304 throughout. A journal write that fails (a full disk) stops the
// site with ErrJournal.
//
// # Archive
//
// With ArchiveDir set, every request and response goes into WARC 1.1 files,
// written by colly's OnResponse callback (OnError when no response came)
// from what the transport kept of the wire (archive.go); the files are
// nlnwa/gowarc's, gzip per record, rotated at 1 GiB, named
// govreports-<site>-<time>-<pid>-<random>-<serial>.warc.gz: unique per
// process and site, so crawlers sharing a directory never overwrite each
// other (warc.go). A record that cannot be written (a full disk) stops the
// site with ErrArchive; the page stays pending for a resumed run. Bodies are
// stored as received (content-coding kept, chunking removed); truncated ones
// carry WARC-Truncated. ReadWARC re-reads them into Pages.
//
// # Limits
//
// Memory follows the limits, not the input: bodies over BodyLimit on the
// wire or DecompressLimit after gunzip (16 MiB, the parser's input limit)
// are archived as truncated and no DOM is built of them; other pages are
// analysed up to parser.MaxMarkupTags tags (analysis_limits.go). Connections
// to loopback, private and link-local addresses are refused at dial time
// unless AllowPrivateNetworks is set (dialguard.go).
package crawler
