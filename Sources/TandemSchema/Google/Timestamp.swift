/// Namespace for the `google.protobuf` well-known types the contract uses.
public enum GoogleProtobuf {}

extension GoogleProtobuf {
    /// An instant: seconds and nanoseconds since the Unix epoch, UTC.
    public struct Timestamp: ProtoMessage {
        public static let protoName = "google.protobuf.Timestamp"
        public var seconds: Int64 = 0
        /// 0 to 999,999,999.
        public var nanos: Int32 = 0
        public var unknownFields = UnknownFields()

        public init() {}

        public init(seconds: Int64, nanos: Int32 = 0) {
            self.seconds = seconds
            self.nanos = nanos
        }

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt64.self, 1, "seconds", &seconds)
            try visitor.visitSingular(ProtoInt32.self, 2, "nanos", &nanos)
        }
    }

    /// The paths of the fields an update sets, e.g. `["title", "due_date"]`.
    public struct FieldMask: ProtoMessage {
        public static let protoName = "google.protobuf.FieldMask"
        public var paths: [String] = []
        public var unknownFields = UnknownFields()

        public init() {}

        public init(paths: [String]) { self.paths = paths }

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(ProtoString.self, 1, "paths", &paths)
        }
    }
}
