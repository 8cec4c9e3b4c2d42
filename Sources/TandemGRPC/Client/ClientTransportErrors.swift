// Errors that stay inside the client transport: each is turned into an RPCError, or carried
// as its cause, before a caller sees it.

/// The call is over; what a write after it means depends on how it ended.
struct ClientStreamEnded: Error {}

/// Marks an error whose stream the server refused unprocessed (REFUSED_STREAM before any
/// response): the request may be sent again on another connection.
struct StreamRefused: Error {}

/// The connection did not become ready in time.
struct ConnectTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no HTTP/2 SETTINGS from the server within \(timeout)" }
}

/// The server did not answer a keepalive PING in time: the connection is presumed dead.
struct KeepaliveTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no answer to a keepalive PING within \(timeout)" }
}
