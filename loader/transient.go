package loader

// transientCodes are the ClickHouse error codes (18.16's ErrorCodes.cpp; the same numbers on
// newer servers) that mean "a server or ZooKeeper behind this one is unreachable or busy right
// now", not "this statement is wrong": an insert that meets one is retried and, when the retries
// are spent, counts as an outage (ErrUnreachable: the write-ahead spool keeps the batch). They come from a
// cluster: a Distributed insert with insert_distributed_sync=1 to a shard that is down fails with
// 279 or 210, a replica that lost ZooKeeper refuses writes with 242. Re-sending is safe: rows
// replace their earlier copies (ReplacingMergeTree), so a batch that half-arrived doubles nothing.
var transientCodes = map[int32]string{
	32:  "ATTEMPT_TO_READ_AFTER_EOF",
	159: "TIMEOUT_EXCEEDED",
	202: "TOO_MANY_SIMULTANEOUS_QUERIES",
	209: "SOCKET_TIMEOUT",
	210: "NETWORK_ERROR",
	225: "NO_ZOOKEEPER",
	242: "TABLE_IS_READ_ONLY",
	252: "TOO_MANY_PARTS",
	279: "ALL_CONNECTION_TRIES_FAILED",
	285: "TOO_FEW_LIVE_REPLICAS",
	286: "UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE",
	319: "UNKNOWN_STATUS_OF_INSERT",
	999: "KEEPER_EXCEPTION",
}
