/// The four shapes of a gRPC call.
public enum RPCKind: Hashable, Sendable {
    case unary
    case serverStreaming
    case clientStreaming
    case bidirectionalStreaming

    public var clientStreams: Bool { self == .clientStreaming || self == .bidirectionalStreaming }
    public var serverStreams: Bool { self == .serverStreaming || self == .bidirectionalStreaming }
}

/// One RPC of a service, typed by its request and response messages.
public struct MethodDescriptor<Request: ProtoMessage, Response: ProtoMessage>: Hashable, Sendable {
    /// Full service name, e.g. `tandem.tasks.v1.TaskService`.
    public let service: String
    /// Method name, e.g. `CreateTask`.
    public let method: String
    public let kind: RPCKind
    /// The HTTP/2 `:path` of the method: `/tandem.tasks.v1.TaskService/CreateTask`. Made once:
    /// every call of the method sends it.
    public let path: String

    public init(service: String, method: String, kind: RPCKind) {
        self.service = service
        self.method = method
        self.kind = kind
        self.path = "/\(service)/\(method)"
    }
}

/// What every method descriptor says, whatever its message types.
public struct MethodInfo: Hashable, Sendable {
    public let service: String
    public let method: String
    public let kind: RPCKind
    public let requestType: String
    public let responseType: String
    /// The HTTP/2 `:path`, made once: every call's log line and metrics name it.
    public let path: String

    public init(service: String, method: String, kind: RPCKind, requestType: String, responseType: String) {
        self.service = service
        self.method = method
        self.kind = kind
        self.requestType = requestType
        self.responseType = responseType
        self.path = "/\(service)/\(method)"
    }
}

extension MethodDescriptor {
    public var info: MethodInfo {
        MethodInfo(
            service: service, method: method, kind: kind,
            requestType: Request.protoName, responseType: Response.protoName)
    }
}

/// A service of the contract: its full name and every method it declares.
public struct ServiceDescriptor: Hashable, Sendable {
    public let name: String
    public let methods: [MethodInfo]

    public init(name: String, methods: [MethodInfo]) {
        self.name = name
        self.methods = methods
    }
}
