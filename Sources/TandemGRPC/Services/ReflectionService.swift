public import TandemRPC
public import TandemSchema

/// gRPC server reflection, `grpc.reflection.v1.ServerReflection` or its predecessor
/// `grpc.reflection.v1alpha.ServerReflection` (same messages, other package), so that tools such
/// as grpcurl can call the server without its `.proto` files. A server serves both versions:
/// `ReflectionService<GRPCReflection.V1>` and `ReflectionService<GRPCReflection.V1Alpha>`.
///
/// Each request on the stream gets one response, an error included: a name that is not found is
/// answered with an `ErrorResponse` (NOT_FOUND) and the stream goes on.
public struct ReflectionService<Version: GRPCReflection.Version>: RPCService {
    public typealias Request = GRPCReflection.Messages<Version>.ServerReflectionRequest
    public typealias Response = GRPCReflection.Messages<Version>.ServerReflectionResponse
    typealias Messages = GRPCReflection.Messages<Version>

    /// What `list_services` answers, sorted.
    public let serviceNames: [String]
    let descriptors: DescriptorIndex

    /// - Parameters:
    ///   - serviceNames: full names of the services the server serves, the reflection services
    ///     themselves and health included (e.g. `ServerRouter.serviceNames`).
    ///   - descriptors: the files that describe them.
    public init(serviceNames: some Sequence<String>, descriptors: DescriptorIndex) {
        self.serviceNames = Set(serviceNames).sorted()
        self.descriptors = descriptors
    }

    /// Reflection over the descriptor set of `proto/` compiled into TandemSchema.
    public init(serviceNames: some Sequence<String>) throws(WireError) {
        self.init(serviceNames: serviceNames, descriptors: try DescriptorIndex())
    }

    public var methods: [ServiceMethod] {
        [
            .bidirectional(Messages.ServerReflection.serverReflectionInfo) { [self] requests, writer, _ in
                for try await request in requests {
                    try await writer.write(answer(request))
                }
            }
        ]
    }

    /// The response to one request of the stream.
    func answer(_ request: Request) -> Response {
        var response = Response()
        response.validHost = request.host
        response.originalRequest = request
        response.messageResponse = messageResponse(to: request)
        return response
    }

    private func messageResponse(to request: Request) -> Response.MessageResponse {
        switch request.messageRequest {
        case .fileByFilename(let name):
            guard let files = descriptors.serializedFileWithImports(named: name) else {
                return Self.error(.notFound, "file not found: \(name)")
            }
            return Self.fileDescriptors(files)
        case .fileContainingSymbol(let symbol):
            guard let name = descriptors.fileName(definingSymbol: symbol),
                let files = descriptors.serializedFileWithImports(named: name)
            else {
                return Self.error(.notFound, "symbol not found: \(symbol)")
            }
            return Self.fileDescriptors(files)
        case .fileContainingExtension(let request):
            guard descriptors.extensionNumbers(ofType: request.containingType) != nil else {
                return Self.error(.notFound, "type not found: \(request.containingType)")
            }
            guard
                let name = descriptors.fileName(
                    definingExtension: request.extensionNumber, ofType: request.containingType),
                let files = descriptors.serializedFileWithImports(named: name)
            else {
                return Self.error(
                    .notFound, "extension \(request.extensionNumber) of \(request.containingType) not found")
            }
            return Self.fileDescriptors(files)
        case .allExtensionNumbersOfType(let type):
            guard let numbers = descriptors.extensionNumbers(ofType: type) else {
                return Self.error(.notFound, "type not found: \(type)")
            }
            return .allExtensionNumbersResponse(
                Messages.ExtensionNumberResponse {
                    $0.baseTypeName = type
                    $0.extensionNumber = numbers
                })
        case .listServices:
            return .listServicesResponse(
                Messages.ListServiceResponse { list in
                    list.service = serviceNames.map { name in Messages.ServiceResponse { $0.name = name } }
                })
        case nil:
            // A request kind added to reflection after this schema arrives as an unknown field.
            if request.unknownFields.isEmpty {
                return Self.error(.invalidArgument, "the request asks nothing")
            }
            return Self.error(.unimplemented, "this kind of request is not supported")
        }
    }

    private static func fileDescriptors(_ files: [[UInt8]]) -> Response.MessageResponse {
        .fileDescriptorResponse(Messages.FileDescriptorResponse { $0.fileDescriptorProto = files })
    }

    private static func error(_ code: Status.Code, _ message: String) -> Response.MessageResponse {
        .errorResponse(
            Messages.ErrorResponse {
                $0.errorCode = Int32(code.rawValue)
                $0.errorMessage = message
            })
    }
}
