import TandemSchema

// Partial views of descriptor.proto messages: only the fields server reflection needs that
// `GoogleProtobuf`'s descriptor types do not read. Decoding with a view keeps every other field
// as unknown bytes, so nothing is lost and nothing else has to be declared.

/// A `FileDescriptorSet` whose files stay serialized exactly as `protoc` wrote them.
struct SerializedFileDescriptorSet: ProtoMessage {
    static let protoName = "google.protobuf.FileDescriptorSet"
    var file: [[UInt8]] = []
    var unknownFields = UnknownFields()
    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitRepeated(ProtoBytes.self, 1, "file", &file)
    }
}

/// The extensions a file declares, at top level and inside its messages.
struct FileExtensionsView: ProtoMessage {
    static let protoName = "google.protobuf.FileDescriptorProto"
    var package: String?
    var messageType: [MessageExtensionsView] = []
    var `extension`: [ExtensionFieldView] = []
    var unknownFields = UnknownFields()
    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitOptional(ProtoString.self, 2, "package", &package)
        try visitor.visitRepeated(MessageCodec<MessageExtensionsView>.self, 4, "message_type", &messageType)
        try visitor.visitRepeated(MessageCodec<ExtensionFieldView>.self, 7, "extension", &`extension`)
    }
}

/// A message's name, nested messages and the extensions declared in its scope.
struct MessageExtensionsView: ProtoMessage {
    static let protoName = "google.protobuf.DescriptorProto"
    var name: String?
    var nestedType: [MessageExtensionsView] = []
    var `extension`: [ExtensionFieldView] = []
    var unknownFields = UnknownFields()
    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitOptional(ProtoString.self, 1, "name", &name)
        try visitor.visitRepeated(MessageCodec<MessageExtensionsView>.self, 3, "nested_type", &nestedType)
        try visitor.visitRepeated(MessageCodec<ExtensionFieldView>.self, 6, "extension", &`extension`)
    }
}

/// An extension field: its name, number and the message it extends.
struct ExtensionFieldView: ProtoMessage {
    static let protoName = "google.protobuf.FieldDescriptorProto"
    var name: String?
    /// Fully qualified with a leading dot, e.g. `.google.protobuf.MessageOptions`.
    var extendee: String?
    var number: Int32?
    var unknownFields = UnknownFields()
    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitOptional(ProtoString.self, 1, "name", &name)
        try visitor.visitOptional(ProtoString.self, 2, "extendee", &extendee)
        try visitor.visitOptional(ProtoInt32.self, 3, "number", &number)
    }
}
