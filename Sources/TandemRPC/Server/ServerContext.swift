import Synchronization
public import TandemSchema

/// What a handler knows about its call, and the metadata it sends back besides messages.
public final class ServerContext: Sendable {
    public let method: MethodInfo
    /// The request's custom metadata (`-bin` values decoded).
    public let requestMetadata: Metadata
    public let peer: Peer
    /// When the caller stops waiting; the handler is cancelled then.
    public let deadline: ContinuousClock.Instant?
    /// The call's trace and request id (bound to ``CallTrace/current`` while the handler runs).
    public let trace: CallTrace

    private struct ResponseMetadata {
        var initial = Metadata()
        var trailing = Metadata()
        var tenant: String?
    }
    private let response = Mutex(ResponseMetadata())

    public init(
        method: MethodInfo, requestMetadata: Metadata, peer: Peer, deadline: ContinuousClock.Instant?,
        trace: CallTrace? = nil
    ) {
        self.method = method
        self.requestMetadata = requestMetadata
        self.peer = peer
        self.deadline = deadline
        self.trace = trace ?? CallTrace.incoming(traceparent: nil, requestID: nil)
    }

    /// The tenant the call acts for, once the authenticator knows it; logged with the call.
    public var tenant: String? {
        get { response.withLock { $0.tenant } }
        set { response.withLock { $0.tenant = newValue } }
    }

    /// Metadata sent with the response headers; takes effect only before the first message.
    public func addInitialMetadata(_ key: String, _ value: Metadata.Value) throws(RPCError) {
        var metadata = Metadata()
        try metadata.add(key, value)
        response.withLock { $0.initial.merge(metadata) }
    }

    /// Metadata sent with the trailers, after the handler returns or throws.
    public func addTrailingMetadata(_ key: String, _ value: Metadata.Value) throws(RPCError) {
        var metadata = Metadata()
        try metadata.add(key, value)
        response.withLock { $0.trailing.merge(metadata) }
    }

    var initialMetadata: Metadata { response.withLock { $0.initial } }
    var trailingMetadata: Metadata { response.withLock { $0.trailing } }
}
