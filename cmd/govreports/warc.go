package main

import (
	"errors"
	"log/slog"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/internal/pipeline"
)

// warcReader lets parse, load and validate read archives written by crawl: every complete report
// page in them, as crawled, and every attachment (PDF, DOC, DOCX, WPS) as its page's report, as
// run and serve read them. A file torn by a killed crawl is read up to the tear, with a warning.
func warcReader(log *slog.Logger) inputs.WARCReader {
	return func(path string, fn func(inputs.Doc) error) error {
		linker := pipeline.NewAttachmentLinker()
		err := crawler.ReadWARC(path, func(p crawler.Page) error {
			if p.Attachment && p.Complete() {
				return fn(inputs.Doc{Data: p.Body, Source: linker.Source(p, nil)})
			}
			if !p.IsReport || !p.Complete() {
				linker.Stub(p, pipeline.SourceOf(p, nil))
				return nil
			}
			src := pipeline.SourceOf(p, nil)
			linker.Page(p, src)
			return fn(inputs.Doc{Data: p.Body, Source: src})
		})
		if errors.Is(err, crawler.ErrTornWARC) {
			log.Warn("archive ends inside a record (a crawl was killed while writing it); read up to there", "path", path, "err", err)
			return nil
		}
		return err
	}
}
