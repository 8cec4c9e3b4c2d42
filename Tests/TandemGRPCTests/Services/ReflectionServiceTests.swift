import TandemRPC
import TandemSchema
import Testing

@testable import TandemGRPC

/// Which reflection package a test speaks: every test runs against both.
enum ReflectionVersion: String, CaseIterable, Sendable, CustomStringConvertible {
    case v1
    case v1alpha

    var description: String { rawValue }
}

/// One reflection stream with a version-independent view of its answers.
struct ReflectionClient {
    /// What a response carries, whatever its package.
    enum Answer: Equatable {
        case files([GoogleProtobuf.FileDescriptorProto])
        case extensionNumbers(type: String, numbers: [Int32])
        case services([String])
        case error(code: Int32, message: String)
        case none
    }

    struct Exchange {
        var answer: Answer
        var validHost: String
    }

    private let exchange: (ReflectionRequest) async throws -> Exchange?
    private let end: () async throws -> (Status, Int)

    /// A request, built once for either package.
    enum ReflectionRequest {
        case fileByFilename(String)
        case fileContainingSymbol(String)
        case fileContainingExtension(type: String, number: Int32)
        case allExtensionNumbersOfType(String)
        case listServices
    }

    init(_ version: ReflectionVersion, serviceNames: [String], descriptors: DescriptorIndex) throws {
        switch version {
        case .v1:
            (exchange, end) = try Self.make(GRPCReflection.V1.self, serviceNames, descriptors)
        case .v1alpha:
            (exchange, end) = try Self.make(GRPCReflection.V1Alpha.self, serviceNames, descriptors)
        }
    }

    /// Sends one request (with host `reflection.test`) and returns the response to it.
    func ask(_ request: ReflectionRequest) async throws -> Exchange? {
        try await exchange(request)
    }

    /// Ends the client's side; returns the call's status and how many unread responses came.
    func close() async throws -> (Status, Int) {
        try await end()
    }

    private static func make<V: GRPCReflection.Version>(
        _ version: V.Type, _ serviceNames: [String], _ descriptors: DescriptorIndex
    ) throws -> ((ReflectionRequest) async throws -> Exchange?, () async throws -> (Status, Int)) {
        typealias M = GRPCReflection.Messages<V>
        let service = ReflectionService<V>(serviceNames: serviceNames, descriptors: descriptors)
        let call = try InMemoryCall(M.ServerReflection.serverReflectionInfo, on: [service])
        let exchange: (ReflectionRequest) async throws -> Exchange? = { request in
            var message = M.ServerReflectionRequest()
            message.host = "reflection.test"
            switch request {
            case .fileByFilename(let name): message.messageRequest = .fileByFilename(name)
            case .fileContainingSymbol(let symbol): message.messageRequest = .fileContainingSymbol(symbol)
            case .fileContainingExtension(let type, let number):
                message.messageRequest = .fileContainingExtension(
                    M.ExtensionRequest {
                        $0.containingType = type
                        $0.extensionNumber = number
                    })
            case .allExtensionNumbersOfType(let type): message.messageRequest = .allExtensionNumbersOfType(type)
            case .listServices: message.messageRequest = .listServices("*")
            }
            try call.send(message)
            guard let response = try await call.next() else { return nil }
            let answer: Answer
            switch response.messageResponse {
            case .fileDescriptorResponse(let files):
                answer = .files(
                    try files.fileDescriptorProto.map { try GoogleProtobuf.FileDescriptorProto(serializedBytes: $0) })
            case .allExtensionNumbersResponse(let numbers):
                answer = .extensionNumbers(type: numbers.baseTypeName, numbers: numbers.extensionNumber)
            case .listServicesResponse(let list):
                answer = .services(list.service.map(\.name))
            case .errorResponse(let error):
                answer = .error(code: error.errorCode, message: error.errorMessage)
            case nil:
                answer = .none
            }
            #expect(response.originalRequest == message, "the response echoes its request")
            return Exchange(answer: answer, validHost: response.validHost)
        }
        let end: () async throws -> (Status, Int) = {
            call.finishSending()
            let (status, rest) = try await call.finalStatus()
            return (status, rest.count)
        }
        return (exchange, end)
    }
}

@Suite("gRPC server reflection, v1 and v1alpha")
struct ReflectionServiceTests {
    static let index: DescriptorIndex = {
        do {
            return try DescriptorIndex()
        } catch {
            fatalError("the embedded descriptor set does not decode: \(error)")
        }
    }()
    static let served = [
        "tandem.tasks.v1.TaskService", GRPCHealthV1.Health.name, GRPCReflectionV1.ServerReflection.name,
        GRPCReflectionV1Alpha.ServerReflection.name,
    ]

    static func client(_ version: ReflectionVersion) throws -> ReflectionClient {
        try ReflectionClient(version, serviceNames: served, descriptors: index)
    }

    static func fileNames(_ answer: ReflectionClient.Answer?) -> [String]? {
        guard case .files(let files) = answer else { return nil }
        return files.map { $0.name ?? "" }
    }

    @Test("list_services lists exactly the services given, sorted", arguments: ReflectionVersion.allCases)
    func listServices(_ version: ReflectionVersion) async throws {
        let client = try Self.client(version)
        let exchange = try #require(try await client.ask(.listServices))
        #expect(exchange.answer == .services(Self.served.sorted()))
        #expect(exchange.validHost == "reflection.test")
        let (status, unread) = try await client.close()
        #expect(status.code == .ok)
        #expect(unread == 0)
    }

    @Test(
        "file_by_filename answers the file first, then each file it imports, directly or not, once",
        arguments: ReflectionVersion.allCases)
    func fileByFilename(_ version: ReflectionVersion) async throws {
        let client = try Self.client(version)
        let exchange = try #require(try await client.ask(.fileByFilename("tandem/tasks/v1/tasks.proto")))
        let names = try #require(Self.fileNames(exchange.answer), "\(exchange.answer)")
        #expect(names.first == "tandem/tasks/v1/tasks.proto")
        #expect(names.count == Set(names).count, "each file once")
        #expect(
            Set(names) == [
                "tandem/tasks/v1/tasks.proto", "tandem/common/v1/common.proto", "google/protobuf/timestamp.proto",
                "google/protobuf/field_mask.proto",
            ])
        guard case .files(let files) = exchange.answer else { return }
        #expect(files.first?.package == "tandem.tasks.v1")
        #expect(files.first?.service.map(\.name) == ["TaskService"])
        // Each file is the one protoc wrote: the same as in the committed descriptor set.
        let set = try GoogleProtobuf.FileDescriptorSet(serializedBytes: Schema.descriptorSetBytes)
        for file in files {
            #expect(set.file.first { $0.name == file.name } == file, "\(file.name ?? "")")
        }
        #expect(try await client.close().0.code == .ok)
    }

    @Test(
        "file_by_filename of a file that imports a chain of files answers the whole chain",
        arguments: ReflectionVersion.allCases)
    func fileByFilenameTransitive(_ version: ReflectionVersion) async throws {
        let client = try Self.client(version)
        // notify imports events, which imports common: common is reached only through events.
        let exchange = try #require(try await client.ask(.fileByFilename("tandem/notify/v1/notify.proto")))
        let names = try #require(Self.fileNames(exchange.answer))
        #expect(names.first == "tandem/notify/v1/notify.proto")
        #expect(
            Set(names) == [
                "tandem/notify/v1/notify.proto", "tandem/common/v1/events.proto", "tandem/common/v1/common.proto",
                "google/protobuf/timestamp.proto",
            ])
        #expect(names.count == 4)
    }

    @Test(
        "file_containing_symbol finds the file of a service, message, enum, nested type, method, field or enum value",
        arguments: ReflectionVersion.allCases,
        [
            ("tandem.tasks.v1.TaskService", "tandem/tasks/v1/tasks.proto"),
            ("tandem.tasks.v1.Task", "tandem/tasks/v1/tasks.proto"),
            ("tandem.tasks.v1.TaskService.CreateTask", "tandem/tasks/v1/tasks.proto"),
            ("tandem.tasks.v1.TaskStatus", "tandem/tasks/v1/tasks.proto"),
            ("tandem.tasks.v1.Task.title", "tandem/tasks/v1/tasks.proto"),
            ("tandem.tasks.v1.TASK_STATUS_TODO", "tandem/tasks/v1/tasks.proto"),
            ("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto"),
            ("tandem.common.v1.Event.AttributesEntry", "tandem/common/v1/events.proto"),
            ("google.protobuf.Timestamp", "google/protobuf/timestamp.proto"),
            (".tandem.tasks.v1.Task", "tandem/tasks/v1/tasks.proto"),
        ])
    func fileContainingSymbol(_ version: ReflectionVersion, _ expected: (symbol: String, file: String)) async throws {
        let (symbol, file) = expected
        let client = try Self.client(version)
        let exchange = try #require(try await client.ask(.fileContainingSymbol(symbol)))
        let names = try #require(Self.fileNames(exchange.answer), "\(exchange.answer)")
        #expect(names.first == file)
        #expect(names.count == Set(names).count)
        // The answer is the file with its imports: the same as file_by_filename's.
        let byName = try #require(try await client.ask(.fileByFilename(file)))
        #expect(Self.fileNames(byName.answer) == names)
        #expect(try await client.close().0.code == .ok)
    }

    @Test(
        "an unknown symbol or file gets a NOT_FOUND error response and the stream goes on",
        arguments: ReflectionVersion.allCases)
    func unknownNames(_ version: ReflectionVersion) async throws {
        let client = try Self.client(version)
        let symbol = try #require(try await client.ask(.fileContainingSymbol("tandem.tasks.v1.Nope")))
        #expect(symbol.answer == .error(code: 5, message: "symbol not found: tandem.tasks.v1.Nope"))
        // A prefix of a name is not a name: packages are not symbols.
        let package = try #require(try await client.ask(.fileContainingSymbol("tandem.tasks")))
        #expect(package.answer == .error(code: 5, message: "symbol not found: tandem.tasks"))
        let file = try #require(try await client.ask(.fileByFilename("tandem/nope.proto")))
        #expect(file.answer == .error(code: 5, message: "file not found: tandem/nope.proto"))
        let next = try #require(try await client.ask(.fileContainingSymbol("tandem.tasks.v1.Task")))
        #expect(Self.fileNames(next.answer)?.first == "tandem/tasks/v1/tasks.proto")
        let (status, unread) = try await client.close()
        #expect(status.code == .ok)
        #expect(unread == 0)
    }

    @Test(
        "extensions: none are declared, so a known type has an empty list and any extension is NOT_FOUND",
        arguments: ReflectionVersion.allCases)
    func extensionsOfTheContract(_ version: ReflectionVersion) async throws {
        let client = try Self.client(version)
        let numbers = try #require(try await client.ask(.allExtensionNumbersOfType("tandem.tasks.v1.Task")))
        #expect(numbers.answer == .extensionNumbers(type: "tandem.tasks.v1.Task", numbers: []))
        let unknownType = try #require(try await client.ask(.allExtensionNumbersOfType("tandem.tasks.v1.Nope")))
        #expect(unknownType.answer == .error(code: 5, message: "type not found: tandem.tasks.v1.Nope"))
        let notAMessage = try #require(try await client.ask(.allExtensionNumbersOfType("tandem.tasks.v1.TaskService")))
        #expect(notAMessage.answer == .error(code: 5, message: "type not found: tandem.tasks.v1.TaskService"))
        let file = try #require(
            try await client.ask(.fileContainingExtension(type: "tandem.tasks.v1.Task", number: 1000)))
        #expect(file.answer == .error(code: 5, message: "extension 1000 of tandem.tasks.v1.Task not found"))
        #expect(try await client.close().0.code == .ok)
    }

    @Test("extensions a descriptor set declares are found by type and number", arguments: ReflectionVersion.allCases)
    func declaredExtensions(_ version: ReflectionVersion) async throws {
        let client = try ReflectionClient(
            version, serviceNames: [], descriptors: try DescriptorIndex(descriptorSetBytes: ExtensionFixture.set))
        let numbers = try #require(try await client.ask(.allExtensionNumbersOfType("demo.Options")))
        #expect(numbers.answer == .extensionNumbers(type: "demo.Options", numbers: [1000, 1001]))
        let file = try #require(try await client.ask(.fileContainingExtension(type: "demo.Options", number: 1001)))
        #expect(Self.fileNames(file.answer) == ["demo/ext.proto", "demo/options.proto"])
        let symbol = try #require(try await client.ask(.fileContainingSymbol("demo.Holder.nested_ext")))
        #expect(Self.fileNames(symbol.answer) == ["demo/ext.proto", "demo/options.proto"])
        let missing = try #require(try await client.ask(.fileContainingExtension(type: "demo.Options", number: 7)))
        #expect(missing.answer == .error(code: 5, message: "extension 7 of demo.Options not found"))
        // An import the set does not hold is left out, not invented.
        let orphan = try #require(try await client.ask(.fileByFilename("demo/orphan.proto")))
        #expect(Self.fileNames(orphan.answer) == ["demo/orphan.proto"])
        #expect(try await client.close().0.code == .ok)
    }

    @Test("a request that asks nothing gets INVALID_ARGUMENT; one of a newer kind gets UNIMPLEMENTED")
    func emptyAndNewerRequests() {
        let service = ReflectionService<GRPCReflection.V1>(serviceNames: [], descriptors: Self.index)
        let empty = service.answer(GRPCReflectionV1.ServerReflectionRequest())
        guard case .errorResponse(let error) = empty.messageResponse else {
            Issue.record("\(empty)")
            return
        }
        #expect(error.errorCode == 3)
        var newer = GRPCReflectionV1.ServerReflectionRequest()
        newer.unknownFields = UnknownFields(bytes: [0x42, 0x01, 0x78])  // field 8, "x"
        guard case .errorResponse(let error) = service.answer(newer).messageResponse else {
            Issue.record("no error response")
            return
        }
        #expect(error.errorCode == 12)
    }

    @Test("the two versions are separate services at their own paths")
    func paths() {
        let v1 = ReflectionService<GRPCReflection.V1>(serviceNames: [], descriptors: Self.index)
        let v1alpha = ReflectionService<GRPCReflection.V1Alpha>(serviceNames: [], descriptors: Self.index)
        #expect(v1.methods.map(\.info.path) == ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"])
        #expect(
            v1alpha.methods.map(\.info.path) == ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"])
        #expect(v1.methods.first?.info.kind == .bidirectionalStreaming)
        // Both can be served by one server.
        let router = ServerRouter(services: [v1, v1alpha])
        #expect(
            router.serviceNames == [
                GRPCReflectionV1.ServerReflection.name, GRPCReflectionV1Alpha.ServerReflection.name,
            ])
    }
}

/// A small descriptor set with extensions, which `proto/` does not declare.
enum ExtensionFixture {
    static let set: [UInt8] = {
        var options = GoogleProtobuf.FileDescriptorProto()
        options.name = "demo/options.proto"
        options.package = "demo"
        options.messageType = [GoogleProtobuf.DescriptorProto { $0.name = "Options" }]

        var ext = GoogleProtobuf.FileDescriptorProto()
        ext.name = "demo/ext.proto"
        ext.package = "demo"
        ext.dependency = ["demo/options.proto"]
        var holder = MessageExtensionsView()
        holder.name = "Holder"
        holder.extension = [extensionField("nested_ext", 1001)]
        var extensions = FileExtensionsView()
        extensions.messageType = [holder]
        extensions.extension = [extensionField("top_ext", 1000)]

        var orphan = GoogleProtobuf.FileDescriptorProto()
        orphan.name = "demo/orphan.proto"
        orphan.dependency = ["demo/missing.proto"]

        var set = SerializedFileDescriptorSet()
        // The extension declarations go in as the fields protoc writes, merged into the file.
        set.file = [
            options.serializedBytes(), ext.serializedBytes() + extensions.serializedBytes(), orphan.serializedBytes(),
        ]
        return set.serializedBytes()
    }()

    static func extensionField(_ name: String, _ number: Int32) -> ExtensionFieldView {
        var field = ExtensionFieldView()
        field.name = name
        field.extendee = ".demo.Options"
        field.number = number
        return field
    }
}
