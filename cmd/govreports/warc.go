package main

import (
	"errors"
	"log/slog"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/inputs"
	"github.com/govreports/govreports/internal/pipeline"
)

// warcReader lets parse, load and validate read archives written by crawl: every complete report
// page in them, as crawled. A file torn by a killed crawl is read up to the tear, with a warning.
func warcReader(log *slog.Logger) inputs.WARCReader {
	return func(path string, fn func(inputs.Doc) error) error {
		err := crawler.ReadWARC(path, func(p crawler.Page) error {
			if !p.IsReport || !p.Complete() {
				return nil
			}
			return fn(inputs.Doc{Data: p.Body, Source: pipeline.SourceOf(p, nil)})
		})
		if errors.Is(err, crawler.ErrTornWARC) {
			log.Warn("archive ends inside a record (a crawl was killed while writing it); read up to there", "path", path, "err", err)
			return nil
		}
		return err
	}
}
