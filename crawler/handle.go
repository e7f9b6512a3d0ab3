package crawler

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"
)

// handle turns one worker result into outcomes: retries, redirects, pages,
// links to queue, journal lines and fetch-log records.
func (r *run) handle(ctx context.Context, res *result) {
	j, ex, it := res.job, res.ex, res.job.it
	h := j.host
	h.inflight--
	now := res.finished
	if !ex.started.IsZero() {
		r.sum.Requests++
		r.sum.Bytes += ex.wire
	}

	fr := FetchRecord{
		URL: it.url, Host: h.host, Status: ex.status, Bytes: ex.wire, FetchedAt: ex.started,
		Duration: ex.duration, Attempts: it.attempt + 1, Depth: it.depth,
		Kind: fetchKind(it), Referrer: it.ref, RequestBody: it.post,
	}
	if j.robots {
		fr.Kind = KindRobots
	}
	if ex.html {
		fr.Encoding = ex.decoded.Encoding
	}
	if ex.payload != nil {
		fr.ContentSHA256 = sha256Hex(ex.payload)
	}

	if ex.archive != nil {
		// Not archived, so not done: the page stays pending in the journal, and the site stops
		// before it fetches more that it cannot archive either.
		r.halt(ex.archive)
		return
	}
	if j.robots {
		r.handleRobots(res, fr, now)
		return
	}

	// Requests cut off by our own cancellation are neither done nor failed:
	// they stay pending in the journal and a resumed run sends them again.
	if ex.status == 0 && r.cancelled || ctx.Err() != nil && ex.err != nil {
		return
	}

	switch {
	case ex.started.IsZero() && res.err != nil:
		fr.Outcome, fr.Error = OutcomeInvalidURL, res.err.Error()
		r.finish(it, nil, fr)
		return
	case errors.Is(ex.err, ErrPrivateAddress):
		fr.Outcome, fr.Error = OutcomePrivateAddress, ex.err.Error() // retrying would not change it
		r.finish(it, nil, fr)
		return
	case ex.err != nil:
		outcome := OutcomeNetworkError
		if isTimeout(ex.err) {
			outcome = OutcomeTimeout
		}
		fr.Error = ex.err.Error()
		if r.retry(it, h, fr, now, 0, false) {
			return
		}
		fr.Outcome = outcome
		r.finish(it, nil, fr)
		return
	}

	status := ex.status
	switch {
	case status == http.StatusNotModified:
		fr.Outcome = OutcomeNotModified
		r.sum.NotModified++
		if j.prev != nil {
			if j.prev.report {
				r.sum.ReportsUnchanged++
			}
			// The page did not change, so neither did its links: replay them
			// so the recrawl still reaches (and revalidates) the pages below.
			r.enqueueChildren(it, j.prev.onTopic, j.prev.children)
		}
		r.finish(it, nil, fr)
		return

	case status >= 300 && status < 400 && ex.header.Get("Location") != "":
		r.handleRedirect(it, h, ex, fr)
		return

	case status == http.StatusTooManyRequests || retryableStatus(status):
		ra, ok := parseRetryAfter(ex.header, now)
		fr.Error = http.StatusText(status)
		if (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) && ok {
			// The server asked the whole host to slow down, not just this URL.
			d := ra
			if d > r.cfg.MaxRetryAfter {
				d = r.cfg.MaxRetryAfter
			}
			h.pause(now.Add(d))
		}
		if r.retry(it, h, fr, now, ra, ok) {
			return
		}
		fr.Outcome = OutcomeHTTPError
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			fr.Outcome = OutcomeTooManyRetries
		}
		r.finish(it, nil, fr)
		return

	case status < 200 || status >= 300:
		fr.Outcome, fr.Error = OutcomeHTTPError, (&HTTPError{Status: status, URL: it.url}).Error()
		r.finish(it, nil, fr)
		return
	}

	// 2xx. A body cut short by the connection may come whole on a retry; one
	// over our limit will not.
	if errors.Is(ex.trunc, ErrTruncated) {
		fr.Error = ex.trunc.Error()
		if r.retry(it, h, fr, now, 0, false) {
			return
		}
	}
	r.handlePage(it, j, ex, res.an, fr)
}

func isTimeout(err error) bool {
	if errors.Is(err, ErrReadTimeout) || errors.Is(err, errRequestTimeout) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retry schedules another attempt if the item has retries left, recording
// this attempt as OutcomeRetry. It reports whether it did.
func (r *run) retry(it *item, h *hostState, fr FetchRecord, now time.Time, ra time.Duration, haveRA bool) bool {
	if it.attempt >= r.cfg.MaxRetries {
		return false
	}
	it.attempt++
	it.notBefore = now.Add(retryDelay(r.cfg, it.attempt, ra, haveRA))
	h.retry = append(h.retry, it)
	fr.Outcome = OutcomeRetry
	r.record(fr)
	return true
}

func (r *run) handleRobots(res *result, fr FetchRecord, now time.Time) {
	h, ex := res.job.host, res.ex
	h.robotsBusy = false
	fr.Attempts = h.robotsAttempts + 1 // each robots.txt request is a fresh item; the host counts
	failed := ex.err != nil || ex.status >= 500 || ex.status == http.StatusTooManyRequests
	if failed && h.robotsAttempts < r.cfg.MaxRetries && !errors.Is(ex.err, ErrPrivateAddress) {
		h.robotsAttempts++
		ra, ok := parseRetryAfter(ex.header, now)
		h.pause(now.Add(retryDelay(r.cfg, h.robotsAttempts, ra, ok)))
		fr.Outcome = OutcomeRetry
		if ex.err != nil {
			fr.Error = ex.err.Error()
		}
		r.record(fr)
		return
	}
	status := ex.status
	if ex.err != nil {
		status = 0
	}
	// The transport has read the rules already and set the host's LimitRule
	// delay to their Crawl-delay before colly waited it out (robotsFetched).
	h.robots = ex.robots
	if h.robots == nil {
		h.robots = robotsFromResponse(status, ex.payload, r.cfg.UserAgent)
	}
	h.delay = hostDelay(r.cfg, h.robots)
	fr.Outcome = OutcomeOK
	if status/100 != 2 {
		fr.Outcome = OutcomeHTTPError
		if ex.err != nil {
			fr.Outcome, fr.Error = OutcomeNetworkError, ex.err.Error()
			if errors.Is(ex.err, ErrPrivateAddress) {
				fr.Outcome = OutcomePrivateAddress
			}
		}
	}
	if h.robots.disallowAll {
		r.log.Warn("robots.txt unavailable; host treated as disallowed for this run", "host", h.host, "status", status)
	}
	r.log.Debug("robots.txt", "host", h.host, "rules", h.robots.note, "delay", h.delay)
	r.record(fr)
}

func (r *run) handleRedirect(it *item, h *hostState, ex *exchange, fr FetchRecord) {
	base, _ := url.Parse(it.url)
	target, err := normalizeURL(base, ex.header.Get("Location"))
	switch {
	case err != nil:
		fr.Outcome, fr.Error = OutcomeBadScheme, "redirect to "+ex.header.Get("Location")
	case !hostAllowed(r.cfg.AllowedHosts, target.Host):
		fr.Outcome, fr.Error = OutcomeOffsiteRedirect, "redirect to "+target.String()
	case it.redirects >= 10:
		fr.Outcome, fr.Error = OutcomeTrap, "redirect chain too long"
	default:
		fr.Outcome = OutcomeRedirect
		next := &item{url: target.String(), orig: it.orig, ref: it.ref, depth: it.depth, stray: it.stray,
			attachment: it.attachment, report: it.report, redirects: it.redirects + 1}
		r.enqueue(target, next, true)
	}
	r.finish(it, nil, fr)
}

func (r *run) handlePage(it *item, j *job, ex *exchange, an *pageAnalysis, fr FetchRecord) {
	page := Page{
		URL: it.orig, FinalURL: it.url, Referrer: it.ref, Site: r.cfg.Site, Status: ex.status,
		Header: ex.header, Body: ex.payload, Fetched: ex.started, Depth: it.depth,
		Attachment: it.attachment, Truncated: ex.trunc != nil, ContentSHA256: fr.ContentSHA256,
	}
	if ex.html {
		page.Text, page.Encoding, page.EncodingSource = ex.decoded.Text, ex.decoded.Encoding, ex.decoded.Source
	}
	var children []child
	if an != nil {
		page.Title = an.title
		page.IsReport = an.isReport
		if an.mainText != "" {
			page.MainTextSHA256 = sha256Hex([]byte(an.mainText))
		}
	}
	fr.Outcome, fr.IsReport = OutcomeOK, page.IsReport
	if page.Truncated {
		fr.Outcome, fr.Error = OutcomeTruncated, ex.trunc.Error()
	}

	// Mirrors and _wap copies: the same report text under another URL. Their
	// links lead to more copies, so they are not followed.
	dup := ""
	if !page.Truncated {
		switch {
		case page.IsReport && page.MainTextSHA256 != "":
			if first, ok := r.reportText[shaKey(page.MainTextSHA256)]; ok && first != it.url && first != it.orig {
				dup = first
			} else {
				r.reportText[shaKey(page.MainTextSHA256)] = it.orig
			}
		case page.Attachment && page.ContentSHA256 != "":
			if first, ok := r.attachSHA[page.ContentSHA256]; ok && first != it.url && first != it.orig {
				dup = first
			} else {
				r.attachSHA[page.ContentSHA256] = it.orig
			}
		}
	}
	if dup != "" {
		page.DuplicateOf = dup
		fr.Outcome, fr.Error = OutcomeDuplicate, "same content as "+dup
		r.sum.Duplicates++
	} else if an != nil {
		// A page in a reports column (by its own title or breadcrumb) is
		// on topic whatever link led to it: its off-topic links are one
		// stray hop from it, not one more than the link that got here.
		stray := it.stray
		if an.onTopic {
			stray = 0
		}
		for _, l := range an.links {
			next := &item{url: l.u.String(), ref: it.url, depth: it.depth + 1, attachment: l.attachment, report: l.report, tree: l.tree}
			next.orig = next.url
			if !l.focused {
				next.stray = stray + 1
			}
			if r.childKnown(next) && hostAllowed(r.cfg.AllowedHosts, l.u.Host) {
				c := child{U: next.url, F: l.focused, K: next.kind()}
				children = append(children, c)
			}
			r.enqueue(l.u, next, true)
		}
		if c := r.followJPage(it, an, stray); c != nil {
			children = append(children, *c)
		}
		for _, n := range an.notes {
			r.noteScriptPager(it.url, n.kind, n.reason)
		}
	}

	if err := r.emit(page); err != nil {
		// Not journaled as done: a resumed run fetches and emits it again.
		r.emitErr = err
		return
	}
	r.sum.Pages++
	if r.cfg.Fleet != nil {
		r.cfg.Fleet.prog.emitted(&page)
	}
	switch {
	case page.Attachment && dup == "":
		r.sum.Attachments++
	case page.IsReport && page.Complete():
		r.sum.Reports++
	}
	r.finish(it, &jrec{
		E: ex.header.Get("ETag"), LM: ex.header.Get("Last-Modified"), H: fr.ContentSHA256,
		M: page.MainTextSHA256, Rep: page.IsReport && page.Complete(), C: children,
		On: an != nil && an.onTopic,
	}, fr)
}

// childKnown reports whether a link is within the depth and stray limits;
// such links are kept as the page's children (replayed on a 304) whether or
// not another page queued them first.
func (r *run) childKnown(next *item) bool {
	return next.depth <= r.cfg.MaxDepth && next.stray <= r.cfg.MaxStray
}

// enqueueChildren replays the links of an unchanged page; onTopic is what
// the page's analysis said of itself (see handlePage).
func (r *run) enqueueChildren(parent *item, onTopic bool, cs []child) {
	stray := parent.stray
	if onTopic {
		stray = 0
	}
	for _, c := range cs {
		cu, post := splitID(c.U)
		u, err := url.Parse(cu)
		if err != nil {
			continue
		}
		next := &item{url: cu, orig: cu, ref: parent.url, depth: parent.depth + 1, attachment: c.K == kindAttachment, report: c.K == kindReport, post: post, jpTotal: c.N, tree: c.K == kindTree}
		if post != "" && parent.post != "" {
			next.ref, next.depth = parent.ref, parent.depth // the batch after a batch (followJPage)
		}
		if !c.F {
			next.stray = stray + 1
		}
		r.enqueue(u, next, true)
	}
}
