import NIOCore
public import TandemRPC
public import TandemSchema

/// Sends the request messages of a client-streaming or bidirectional call. `write` returns once
/// the connection has room for more, so a slow server slows the writer down.
public struct RequestWriter<Request: ProtoMessage>: Sendable {
    let stream: ClientStream
    let compression: Compression?

    /// Sends one message. Throws the call's ``RPCError`` once it has failed; after the server has
    /// ended the call with OK, the message is dropped.
    public func write(_ message: Request) async throws(RPCError) {
        let frame = try MessageFramer().frame(message.serializedBytes(), compression: compression)
        try await stream.write(frame)
    }

    /// Sends every message of `messages`, in order.
    public func write(contentsOf messages: some Sequence<Request>) async throws(RPCError) {
        for message in messages { try await write(message) }
    }

    /// Ends the requests: the server sees the end of its request stream. A client-streaming call
    /// does this itself when its closure returns; a bidirectional call must, unless it cancels.
    public func finish() {
        stream.finishRequest()
    }
}
