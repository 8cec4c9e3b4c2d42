// The parts of google/protobuf/descriptor.proto that Tandem reads: enough to inspect the
// committed descriptor set and to answer reflection queries. Fields Tandem does not read are
// kept as unknown fields, so a descriptor decodes and re-encodes without loss.

extension GoogleProtobuf {
    public struct FileDescriptorSet: ProtoMessage {
        public static let protoName = "google.protobuf.FileDescriptorSet"
        public var file: [FileDescriptorProto] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<FileDescriptorProto>.self, 1, "file", &file)
        }
    }

    public struct FileDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.FileDescriptorProto"
        public var name: String?
        public var package: String?
        public var dependency: [String] = []
        public var messageType: [DescriptorProto] = []
        public var enumType: [EnumDescriptorProto] = []
        public var service: [ServiceDescriptorProto] = []
        public var syntax: String?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitOptional(ProtoString.self, 2, "package", &package)
            try visitor.visitRepeated(ProtoString.self, 3, "dependency", &dependency)
            try visitor.visitRepeated(MessageCodec<DescriptorProto>.self, 4, "message_type", &messageType)
            try visitor.visitRepeated(MessageCodec<EnumDescriptorProto>.self, 5, "enum_type", &enumType)
            try visitor.visitRepeated(MessageCodec<ServiceDescriptorProto>.self, 6, "service", &service)
            try visitor.visitOptional(ProtoString.self, 12, "syntax", &syntax)
        }
    }

    public struct DescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.DescriptorProto"
        public var name: String?
        public var field: [FieldDescriptorProto] = []
        public var nestedType: [DescriptorProto] = []
        public var enumType: [EnumDescriptorProto] = []
        public var options: MessageOptions?
        public var oneofDecl: [OneofDescriptorProto] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitRepeated(MessageCodec<FieldDescriptorProto>.self, 2, "field", &field)
            try visitor.visitRepeated(MessageCodec<DescriptorProto>.self, 3, "nested_type", &nestedType)
            try visitor.visitRepeated(MessageCodec<EnumDescriptorProto>.self, 4, "enum_type", &enumType)
            try visitor.visitOptional(MessageCodec<MessageOptions>.self, 7, "options", &options)
            try visitor.visitRepeated(MessageCodec<OneofDescriptorProto>.self, 8, "oneof_decl", &oneofDecl)
        }
    }

    public struct MessageOptions: ProtoMessage {
        public static let protoName = "google.protobuf.MessageOptions"
        /// Set on the synthetic entry message of a map field.
        public var mapEntry: Bool?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoBool.self, 7, "map_entry", &mapEntry)
        }
    }

    public struct FieldDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.FieldDescriptorProto"

        public struct Label: ProtoEnum {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }
            public static let optional = Self(rawValue: 1)
            public static let required = Self(rawValue: 2)
            public static let repeated = Self(rawValue: 3)
            public static let protoName = "google.protobuf.FieldDescriptorProto.Label"
            public static let valueNames: [Int32: String] = [
                1: "LABEL_OPTIONAL", 2: "LABEL_REQUIRED", 3: "LABEL_REPEATED",
            ]
        }

        /// Numbered as ``ProtoFieldType``.
        public struct FieldType: ProtoEnum {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }
            public static let protoName = "google.protobuf.FieldDescriptorProto.Type"
            public static let valueNames: [Int32: String] = Dictionary(
                uniqueKeysWithValues: ProtoFieldType.allCases.map {
                    (Int32($0.rawValue), "TYPE_\(String(describing: $0).uppercased())")
                })
            public var fieldType: ProtoFieldType? { ProtoFieldType(rawValue: Int(rawValue)) }
        }

        public var name: String?
        public var number: Int32?
        public var label: Label?
        public var type: FieldType?
        /// Fully qualified with a leading dot, e.g. `.tandem.common.v1.Date`.
        public var typeName: String?
        public var oneofIndex: Int32?
        public var jsonName: String?
        public var proto3Optional: Bool?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitOptional(ProtoInt32.self, 3, "number", &number)
            try visitor.visitOptional(EnumCodec<Label>.self, 4, "label", &label)
            try visitor.visitOptional(EnumCodec<FieldType>.self, 5, "type", &type)
            try visitor.visitOptional(ProtoString.self, 6, "type_name", &typeName)
            try visitor.visitOptional(ProtoInt32.self, 9, "oneof_index", &oneofIndex)
            try visitor.visitOptional(ProtoString.self, 10, "json_name", &jsonName)
            try visitor.visitOptional(ProtoBool.self, 17, "proto3_optional", &proto3Optional)
        }
    }

    public struct OneofDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.OneofDescriptorProto"
        public var name: String?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
        }
    }

    public struct EnumDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.EnumDescriptorProto"
        public var name: String?
        public var value: [EnumValueDescriptorProto] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitRepeated(MessageCodec<EnumValueDescriptorProto>.self, 2, "value", &value)
        }
    }

    public struct EnumValueDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.EnumValueDescriptorProto"
        public var name: String?
        public var number: Int32?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitOptional(ProtoInt32.self, 2, "number", &number)
        }
    }

    public struct ServiceDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.ServiceDescriptorProto"
        public var name: String?
        public var method: [MethodDescriptorProto] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitRepeated(MessageCodec<MethodDescriptorProto>.self, 2, "method", &method)
        }
    }

    public struct MethodDescriptorProto: ProtoMessage {
        public static let protoName = "google.protobuf.MethodDescriptorProto"
        public var name: String?
        public var inputType: String?
        public var outputType: String?
        public var clientStreaming: Bool?
        public var serverStreaming: Bool?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(ProtoString.self, 1, "name", &name)
            try visitor.visitOptional(ProtoString.self, 2, "input_type", &inputType)
            try visitor.visitOptional(ProtoString.self, 3, "output_type", &outputType)
            try visitor.visitOptional(ProtoBool.self, 5, "client_streaming", &clientStreaming)
            try visitor.visitOptional(ProtoBool.self, 6, "server_streaming", &serverStreaming)
        }
    }
}
