# Multi-stage build of govreports. The runtime image talks to a ClickHouse server (see
# docker-compose.yml); the embedded chDB target is not included (its library is 566 MB).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/govreports ./cmd/govreports

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/govreports /usr/local/bin/govreports
COPY testdata/corpus /usr/share/govreports/samples
WORKDIR /var/lib/govreports
ENTRYPOINT ["govreports"]
CMD ["--help"]
