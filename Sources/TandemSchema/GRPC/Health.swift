/// `grpc.health.v1`: the standard health-checking service.
public enum GRPCHealthV1 {}

extension GRPCHealthV1 {
    public struct HealthCheckRequest: ProtoMessage {
        public static let protoName = "grpc.health.v1.HealthCheckRequest"
        /// The service to check; empty means the server as a whole.
        public var service: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "service", &service)
        }
    }

    public struct HealthCheckResponse: ProtoMessage {
        public static let protoName = "grpc.health.v1.HealthCheckResponse"

        public struct ServingStatus: ProtoEnum {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }
            public static let unknown = Self(rawValue: 0)
            public static let serving = Self(rawValue: 1)
            public static let notServing = Self(rawValue: 2)
            /// Only Watch answers this, for a service the server does not know.
            public static let serviceUnknown = Self(rawValue: 3)
            public static let protoName = "grpc.health.v1.HealthCheckResponse.ServingStatus"
            public static let valueNames: [Int32: String] = [
                0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN",
            ]
        }

        public var status: ServingStatus = .unknown
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(EnumCodec<ServingStatus>.self, 1, "status", &status)
        }
    }

    public enum Health {
        public static let name = "grpc.health.v1.Health"
        public static let check = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(
            service: name, method: "Check", kind: .unary)
        public static let watch = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(
            service: name, method: "Watch", kind: .serverStreaming)
        public static let descriptor = ServiceDescriptor(name: name, methods: [check.info, watch.info])
    }

    public static var messageTypes: [any ProtoMessage.Type] { [HealthCheckRequest.self, HealthCheckResponse.self] }
    public static var enumTypes: [any ProtoEnum.Type] { [HealthCheckResponse.ServingStatus.self] }
    public static var services: [ServiceDescriptor] { [Health.descriptor] }
}
