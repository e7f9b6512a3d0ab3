package simulator

import _ "embed"

// Real documents for the attachments of the county portal's PDF-only reports
// (documents/README.md says how they were made).
var (
	//go:embed documents/report.pdf
	countyReportPDF []byte
	//go:embed documents/report.docx
	countyReportDOCX []byte
)
