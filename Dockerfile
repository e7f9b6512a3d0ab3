# Multi-stage build of govreports. The runtime image talks to a ClickHouse server (see
# docker-compose.yml); the embedded chDB target is not included (its library is 566 MB).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/govreports ./cmd/govreports

FROM debian:bookworm-slim
# LibreOffice reads DOC/WPS attachments (parser/doc); without it such reports are recorded as
# input.converter_missing. PDF and DOCX need nothing outside the binary.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata libreoffice-writer-nogui fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/govreports /usr/local/bin/govreports
COPY testdata/corpus /usr/share/govreports/samples
WORKDIR /var/lib/govreports
ENTRYPOINT ["govreports"]
CMD ["--help"]
