public import NIOCore

/// The transport's half of one server call: where the response goes.
///
/// The RPC core calls these from the handler's task; a transport hops to its own thread.
public protocol ServerCallSink: Sendable {
    /// Sends the response headers with the initial metadata; at most once, before any message.
    func sendHeaders(_ metadata: Metadata, compression: Compression?) async throws
    /// Sends one framed message, suspending while the stream's outbound buffer is full.
    func sendMessage(_ frame: ByteBuffer) async throws
    /// Ends the call with trailers, or with a trailers-only response when no headers were sent.
    func finish(_ status: Status, trailers: Metadata) async
}
