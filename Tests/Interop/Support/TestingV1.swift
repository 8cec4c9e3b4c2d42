public import TandemSchema

// Swift types for Tests/Interop/proto/tandem/testing/v1/echo.proto, written the way TandemSchema
// writes its messages. They are test-only, so they live beside the interop suite rather than in
// the product's schema.

/// `tandem.testing.v1`: the interop suite's Echo service.
public enum TestingV1 {}

extension TestingV1 {
    public struct EchoRequest: ProtoMessage {
        public static let protoName = "tandem.testing.v1.EchoRequest"
        public var text: String = ""
        public var payload: [UInt8] = []
        /// Expand: how many responses to send.
        public var count: Int32 = 0
        /// Sleep this long, cancellably, before answering (in streams, before each response).
        public var delayMs: Int32 = 0
        /// Non-zero: fail the call with this status code and `failMessage`.
        public var failCode: Int32 = 0
        public var failMessage: String = ""
        /// Non-zero: responses carry a payload of this many bytes instead of the request's.
        public var responseBytes: Int32 = 0
        /// Wait until the call is cancelled, and count it in the server's stats.
        public var waitForCancel: Bool = false
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "text", &text)
            try visitor.visitSingular(ProtoBytes.self, 2, "payload", &payload)
            try visitor.visitSingular(ProtoInt32.self, 3, "count", &count)
            try visitor.visitSingular(ProtoInt32.self, 4, "delay_ms", &delayMs)
            try visitor.visitSingular(ProtoInt32.self, 5, "fail_code", &failCode)
            try visitor.visitSingular(ProtoString.self, 6, "fail_message", &failMessage)
            try visitor.visitSingular(ProtoInt32.self, 7, "response_bytes", &responseBytes)
            try visitor.visitSingular(ProtoBool.self, 8, "wait_for_cancel", &waitForCancel)
        }
    }

    public struct EchoResponse: ProtoMessage {
        public static let protoName = "tandem.testing.v1.EchoResponse"
        public var text: String = ""
        public var payload: [UInt8] = []
        public var index: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "text", &text)
            try visitor.visitSingular(ProtoBytes.self, 2, "payload", &payload)
            try visitor.visitSingular(ProtoInt32.self, 3, "index", &index)
        }
    }

    public struct StatsRequest: ProtoMessage {
        public static let protoName = "tandem.testing.v1.StatsRequest"
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
    }

    public struct StatsResponse: ProtoMessage {
        public static let protoName = "tandem.testing.v1.StatsResponse"
        /// Calls with `wait_for_cancel` that saw their cancellation.
        public var cancelledCalls: Int64 = 0
        /// Calls with `wait_for_cancel` waiting for it now.
        public var waitingCalls: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt64.self, 1, "cancelled_calls", &cancelledCalls)
            try visitor.visitSingular(ProtoInt64.self, 2, "waiting_calls", &waitingCalls)
        }
    }

    public enum Echo {
        public static let name = "tandem.testing.v1.Echo"
        public static let get = MethodDescriptor<EchoRequest, EchoResponse>(
            service: name, method: "Get", kind: .unary)
        public static let expand = MethodDescriptor<EchoRequest, EchoResponse>(
            service: name, method: "Expand", kind: .serverStreaming)
        public static let collect = MethodDescriptor<EchoRequest, EchoResponse>(
            service: name, method: "Collect", kind: .clientStreaming)
        public static let update = MethodDescriptor<EchoRequest, EchoResponse>(
            service: name, method: "Update", kind: .bidirectionalStreaming)
        public static let stats = MethodDescriptor<StatsRequest, StatsResponse>(
            service: name, method: "Stats", kind: .unary)
        public static let descriptor = ServiceDescriptor(
            name: name, methods: [get.info, expand.info, collect.info, update.info, stats.info])
    }

    public static var messageTypes: [any ProtoMessage.Type] {
        [EchoRequest.self, EchoResponse.self, StatsRequest.self, StatsResponse.self]
    }
    public static var enumTypes: [any ProtoEnum.Type] { [] }
    public static var services: [ServiceDescriptor] { [Echo.descriptor] }
}

extension TestingV1: SchemaNamespace {}

/// Metadata conventions of the Echo service, shared by the Swift server and client.
public enum EchoMetadata {
    /// Request metadata with a key of this prefix is echoed back.
    public static let echoPrefix = "x-echo-"
    /// Echoed request metadata comes back in the trailers with this prefix added to its key.
    public static let trailerPrefix = "x-trailer-"
    /// Trailer naming the client address the server sees.
    public static let peerKey = "x-peer"
    /// Trailer naming the client certificate's common name, over mutual TLS.
    public static let peerIdentityKey = "x-peer-identity"
}
