public import TandemRPC
public import TandemSchema

/// The one response of a unary or client-streaming call, with the metadata that came with it.
public struct ClientResponse<Response: ProtoMessage>: Sendable {
    public var message: Response
    /// The metadata of the response HEADERS.
    public var initialMetadata: Metadata
    /// The metadata of the trailers, beside `grpc-status`.
    public var trailingMetadata: Metadata

    public init(message: Response, initialMetadata: Metadata, trailingMetadata: Metadata) {
        self.message = message
        self.initialMetadata = initialMetadata
        self.trailingMetadata = trailingMetadata
    }
}
