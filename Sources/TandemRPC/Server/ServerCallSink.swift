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
    /// Ends a call whose only response is `response`: headers, message and trailers at once, so a
    /// unary call costs the transport one hop instead of three.
    func finish(_ status: Status, trailers: Metadata, response: FinalResponse) async
}

/// The one response message of a unary or client-streaming call, held back to go out with the
/// trailers.
public struct FinalResponse: Sendable {
    /// Initial metadata, sent with the response headers.
    public var metadata: Metadata
    public var compression: Compression?
    /// The framed message.
    public var frame: ByteBuffer
}

extension ServerCallSink {
    /// Sends headers, message and trailers one after the other.
    public func finish(_ status: Status, trailers: Metadata, response: FinalResponse) async {
        do {
            try await sendHeaders(response.metadata, compression: response.compression)
            try await sendMessage(response.frame)
        } catch {
            await finish(Status(code: .cancelled, message: "the stream closed"), trailers: Metadata())
            return
        }
        await finish(status, trailers: trailers)
    }
}
