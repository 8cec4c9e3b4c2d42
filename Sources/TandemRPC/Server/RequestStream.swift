import NIOCore
public import TandemSchema

/// The request messages of a client-streaming or bidirectional call, decoded as they arrive.
///
/// A message that does not decode ends the stream with INVALID_ARGUMENT naming the field; one
/// larger than the server's limit ends it with RESOURCE_EXHAUSTED before it is buffered.
public struct RequestStream<Request: ProtoMessage>: AsyncSequence, Sendable {
    public typealias Element = Request

    let body: RequestBodyStream
    let deframer: MessageDeframer

    public struct AsyncIterator: AsyncIteratorProtocol {
        var body: RequestBodyStream.AsyncIterator
        var deframer: MessageDeframer
        var finished = false

        public mutating func next() async throws -> Request? {
            while true {
                if let message = try deframer.next() {
                    return try Self.decode(message)
                }
                if finished { return nil }
                guard let chunk = try await body.next() else {
                    finished = true
                    try deframer.finish()
                    continue
                }
                deframer.append(chunk)
            }
        }

        static func decode(_ message: ByteBuffer) throws(RPCError) -> Request {
            try Request.decoded(from: message)
                .mapError { RPCError(code: .invalidArgument, message: "request does not decode: \($0)") }.get()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body.makeAsyncIterator(), deframer: deframer)
    }
}
