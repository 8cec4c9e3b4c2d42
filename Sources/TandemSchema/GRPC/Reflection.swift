/// gRPC server reflection. `grpc.reflection.v1` and `grpc.reflection.v1alpha` declare the same
/// messages under two package names, so each message is written once, generic over the package.
public enum GRPCReflection {
    /// Which of the two reflection packages a message belongs to.
    public protocol Version: Sendable {
        static var package: String { get }
    }

    public enum V1: Version {
        public static var package: String { "grpc.reflection.v1" }
    }

    public enum V1Alpha: Version {
        public static var package: String { "grpc.reflection.v1alpha" }
    }
}

public typealias GRPCReflectionV1 = GRPCReflection.Messages<GRPCReflection.V1>
public typealias GRPCReflectionV1Alpha = GRPCReflection.Messages<GRPCReflection.V1Alpha>

extension GRPCReflection {
    /// The reflection messages of one package.
    public enum Messages<P: Version> {
        public struct ServerReflectionRequest: ProtoMessage {
            public static var protoName: String { P.package + ".ServerReflectionRequest" }

            public enum MessageRequest: Hashable, Sendable {
                case fileByFilename(String)
                case fileContainingSymbol(String)
                case fileContainingExtension(ExtensionRequest)
                case allExtensionNumbersOfType(String)
                case listServices(String)
            }

            public var host: String = ""
            public var messageRequest: MessageRequest?
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitSingular(ProtoString.self, 1, "host", &host)
                try visitor.visitOneofMember(
                    ProtoString.self, 3, "file_by_filename", &messageRequest,
                    extract: { if case .fileByFilename(let value) = $0 { value } else { nil } },
                    embed: MessageRequest.fileByFilename)
                try visitor.visitOneofMember(
                    ProtoString.self, 4, "file_containing_symbol", &messageRequest,
                    extract: { if case .fileContainingSymbol(let value) = $0 { value } else { nil } },
                    embed: MessageRequest.fileContainingSymbol)
                try visitor.visitOneofMember(
                    MessageCodec<ExtensionRequest>.self, 5, "file_containing_extension", &messageRequest,
                    extract: { if case .fileContainingExtension(let value) = $0 { value } else { nil } },
                    embed: MessageRequest.fileContainingExtension)
                try visitor.visitOneofMember(
                    ProtoString.self, 6, "all_extension_numbers_of_type", &messageRequest,
                    extract: { if case .allExtensionNumbersOfType(let value) = $0 { value } else { nil } },
                    embed: MessageRequest.allExtensionNumbersOfType)
                try visitor.visitOneofMember(
                    ProtoString.self, 7, "list_services", &messageRequest,
                    extract: { if case .listServices(let value) = $0 { value } else { nil } },
                    embed: MessageRequest.listServices)
            }
        }

        public struct ExtensionRequest: ProtoMessage {
            public static var protoName: String { P.package + ".ExtensionRequest" }
            public var containingType: String = ""
            public var extensionNumber: Int32 = 0
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitSingular(ProtoString.self, 1, "containing_type", &containingType)
                try visitor.visitSingular(ProtoInt32.self, 2, "extension_number", &extensionNumber)
            }
        }

        public struct ServerReflectionResponse: ProtoMessage {
            public static var protoName: String { P.package + ".ServerReflectionResponse" }

            public enum MessageResponse: Hashable, Sendable {
                case fileDescriptorResponse(FileDescriptorResponse)
                case allExtensionNumbersResponse(ExtensionNumberResponse)
                case listServicesResponse(ListServiceResponse)
                case errorResponse(ErrorResponse)
            }

            public var validHost: String = ""
            public var originalRequest: ServerReflectionRequest?
            public var messageResponse: MessageResponse?
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitSingular(ProtoString.self, 1, "valid_host", &validHost)
                try visitor.visitOptional(
                    MessageCodec<ServerReflectionRequest>.self, 2, "original_request", &originalRequest)
                try visitor.visitOneofMember(
                    MessageCodec<FileDescriptorResponse>.self, 4, "file_descriptor_response", &messageResponse,
                    extract: { if case .fileDescriptorResponse(let value) = $0 { value } else { nil } },
                    embed: MessageResponse.fileDescriptorResponse)
                try visitor.visitOneofMember(
                    MessageCodec<ExtensionNumberResponse>.self, 5, "all_extension_numbers_response",
                    &messageResponse,
                    extract: { if case .allExtensionNumbersResponse(let value) = $0 { value } else { nil } },
                    embed: MessageResponse.allExtensionNumbersResponse)
                try visitor.visitOneofMember(
                    MessageCodec<ListServiceResponse>.self, 6, "list_services_response", &messageResponse,
                    extract: { if case .listServicesResponse(let value) = $0 { value } else { nil } },
                    embed: MessageResponse.listServicesResponse)
                try visitor.visitOneofMember(
                    MessageCodec<ErrorResponse>.self, 7, "error_response", &messageResponse,
                    extract: { if case .errorResponse(let value) = $0 { value } else { nil } },
                    embed: MessageResponse.errorResponse)
            }
        }

        /// Serialized `FileDescriptorProto`s: the requested file and what it imports.
        public struct FileDescriptorResponse: ProtoMessage {
            public static var protoName: String { P.package + ".FileDescriptorResponse" }
            public var fileDescriptorProto: [[UInt8]] = []
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitRepeated(ProtoBytes.self, 1, "file_descriptor_proto", &fileDescriptorProto)
            }
        }

        public struct ExtensionNumberResponse: ProtoMessage {
            public static var protoName: String { P.package + ".ExtensionNumberResponse" }
            public var baseTypeName: String = ""
            public var extensionNumber: [Int32] = []
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitSingular(ProtoString.self, 1, "base_type_name", &baseTypeName)
                try visitor.visitRepeated(ProtoInt32.self, 2, "extension_number", &extensionNumber)
            }
        }

        public struct ListServiceResponse: ProtoMessage {
            public static var protoName: String { P.package + ".ListServiceResponse" }
            public var service: [ServiceResponse] = []
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitRepeated(MessageCodec<ServiceResponse>.self, 1, "service", &service)
            }
        }

        public struct ServiceResponse: ProtoMessage {
            public static var protoName: String { P.package + ".ServiceResponse" }
            public var name: String = ""
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitSingular(ProtoString.self, 1, "name", &name)
            }
        }

        public struct ErrorResponse: ProtoMessage {
            public static var protoName: String { P.package + ".ErrorResponse" }
            /// A gRPC status code.
            public var errorCode: Int32 = 0
            public var errorMessage: String = ""
            public var unknownFields = UnknownFields()
            public init() {}

            @inlinable
            public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
                try visitor.visitSingular(ProtoInt32.self, 1, "error_code", &errorCode)
                try visitor.visitSingular(ProtoString.self, 2, "error_message", &errorMessage)
            }
        }

        public enum ServerReflection {
            public static var name: String { P.package + ".ServerReflection" }
            public static var serverReflectionInfo: MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse>
            {
                MethodDescriptor(service: name, method: "ServerReflectionInfo", kind: .bidirectionalStreaming)
            }
            public static var descriptor: ServiceDescriptor {
                ServiceDescriptor(name: name, methods: [serverReflectionInfo.info])
            }
        }

        public static var messageTypes: [any ProtoMessage.Type] {
            [
                ServerReflectionRequest.self, ExtensionRequest.self, ServerReflectionResponse.self,
                FileDescriptorResponse.self, ExtensionNumberResponse.self, ListServiceResponse.self,
                ServiceResponse.self, ErrorResponse.self,
            ]
        }
        public static var enumTypes: [any ProtoEnum.Type] { [] }
        public static var services: [ServiceDescriptor] { [ServerReflection.descriptor] }
    }
}
