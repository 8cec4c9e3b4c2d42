/// Every message, enum and service of `proto/`, for code that needs to enumerate the contract:
/// the schema tests, and server reflection.
public enum Schema {
    public static var namespaces: [any SchemaNamespace.Type] {
        [
            GoogleProtobuf.self, CommonV1.self, TasksV1.self, ProjectsV1.self, NotifyV1.self, AdminV1.self,
            GRPCHealthV1.self, GRPCReflectionV1.self, GRPCReflectionV1Alpha.self,
        ]
    }

    public static var messageTypes: [any ProtoMessage.Type] { namespaces.flatMap { $0.messageTypes } }
    public static var enumTypes: [any ProtoEnum.Type] { namespaces.flatMap { $0.enumTypes } }
    public static var services: [ServiceDescriptor] { namespaces.flatMap { $0.services } }
}

/// One protobuf package's Swift types.
public protocol SchemaNamespace {
    static var messageTypes: [any ProtoMessage.Type] { get }
    static var enumTypes: [any ProtoEnum.Type] { get }
    static var services: [ServiceDescriptor] { get }
}

extension GoogleProtobuf: SchemaNamespace {
    /// The well-known types `proto/` imports. The descriptor messages are read by Tandem but are
    /// not part of its contract.
    public static var messageTypes: [any ProtoMessage.Type] { [Timestamp.self, FieldMask.self] }
    public static var enumTypes: [any ProtoEnum.Type] { [] }
    public static var services: [ServiceDescriptor] { [] }
}

extension GRPCHealthV1: SchemaNamespace {}
extension GRPCReflection.Messages: SchemaNamespace {}
