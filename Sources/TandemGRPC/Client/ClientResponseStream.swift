import NIOCore
public import TandemRPC
public import TandemSchema

/// The response messages of a server-streaming or bidirectional call, decoded as they arrive.
///
/// Iterate it once. Iteration ends (`nil`) when the server ends the call with OK, and throws the
/// call's ``RPCError`` otherwise: the server's status, message and trailing metadata,
/// DEADLINE_EXCEEDED, CANCELLED, or UNAVAILABLE when the connection is lost. Flow control follows
/// the reader: a server that sends faster than the messages are taken is made to wait.
public struct ClientResponseStream<Response: ProtoMessage>: AsyncSequence, Sendable {
    public typealias Element = Response

    let stream: ClientStream
    let maximumMessageSize: Int

    /// The metadata of the response HEADERS, once they arrive (empty for a trailers-only response).
    /// Throws the call's error if it ends before any response.
    public var initialMetadata: Metadata {
        get async throws(RPCError) {
            do {
                return try await stream.responseHead().metadata
            } catch {
                throw RPCError.converting(error)
            }
        }
    }

    /// The trailing metadata of a call that ended OK; throws the call's error otherwise. Known
    /// once the call has ended: read the messages first, or this waits for a server that waits
    /// for its messages to be read.
    public var trailingMetadata: Metadata {
        get async throws(RPCError) {
            do {
                return try await stream.outcome()
            } catch {
                throw RPCError.converting(error)
            }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ClientStream
        let maximumMessageSize: Int
        var body: RequestBodyStream.AsyncIterator
        /// Made when the response HEADERS name the compression.
        var deframer: MessageDeframer?
        var finished = false

        public mutating func next() async throws(RPCError) -> Response? {
            do {
                return try await nextMessage()
            } catch {
                throw RPCError.converting(error)
            }
        }

        private mutating func nextMessage() async throws -> Response? {
            if finished { return nil }
            if deframer == nil {
                let head = try await stream.responseHead()
                deframer = MessageDeframer(maximumMessageSize: maximumMessageSize, compression: head.compression)
            }
            while true {
                if let message = try deframer!.next() {
                    return try GRPCClient.decode(message, as: Response.self)
                }
                guard let chunk = try await body.next() else {
                    // The body ends after the outcome is known: this does not wait.
                    _ = try await stream.outcome()
                    try deframer!.finish()
                    finished = true
                    stream.markEnded()
                    return nil
                }
                deframer!.append(chunk)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: stream, maximumMessageSize: maximumMessageSize, body: stream.body.makeAsyncIterator())
    }
}
