import Foundation
import TandemSchema
import Testing

@Suite("Schema against the committed descriptor set")
struct SchemaTests {
    static let set: GoogleProtobuf.FileDescriptorSet = {
        do { return try DescriptorSet.load() } catch { fatalError("proto/descriptors.binpb does not decode: \(error)") }
    }()
    static let swiftMessages: [String: any ProtoMessage.Type] = Dictionary(
        Schema.messageTypes.map { ($0.protoName, $0) }, uniquingKeysWith: { first, _ in first })
    static let swiftEnums: [String: any ProtoEnum.Type] = Dictionary(
        Schema.enumTypes.map { ($0.protoName, $0) }, uniquingKeysWith: { first, _ in first })

    @Test("proto/descriptors.binpb is what protoc builds from proto/ today")
    func committedDescriptorSetIsCurrent() throws {
        let fresh = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-descriptors-\(UUID().uuidString).binpb")
        defer { try? FileManager.default.removeItem(at: fresh) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            DescriptorSet.repositoryRoot.appendingPathComponent("scripts/update-descriptors").path, fresh.path,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "protoc failed to compile proto/")
        let rebuilt = try Data(contentsOf: fresh)
        let committed = try Data(contentsOf: DescriptorSet.committedURL)
        #expect(rebuilt == committed, "proto/descriptors.binpb is stale: run scripts/update-descriptors")
    }

    @Test("the descriptor set covers the whole contract")
    func descriptorSetHasEveryPackage() {
        let packages = Set(Self.set.file.compactMap(\.package))
        for expected in [
            "tandem.common.v1", "tandem.tasks.v1", "tandem.projects.v1", "tandem.notify.v1", "tandem.admin.v1",
            "grpc.health.v1", "grpc.reflection.v1", "grpc.reflection.v1alpha", "google.protobuf",
        ] {
            #expect(packages.contains(expected), "missing package \(expected)")
        }
    }

    @Test("every message has a Swift type with the same fields", arguments: DescriptorSet.messages(in: set))
    func messageMatches(_ message: DescriptorSet.Message) throws {
        let type = try #require(Self.swiftMessages[message.fullName], "no Swift type for \(message.fullName)")
        let mapEntries = DescriptorSet.mapEntries(in: Self.set)
        let expected = message.proto.field.compactMap { DescriptorSet.expectedField($0, mapEntries: mapEntries) }
            .sorted { $0.number < $1.number }
        #expect(expected.count == message.proto.field.count, "a field of \(message.fullName) has no known type")
        let actual = FieldInventory.fields(of: type)
        #expect(actual == expected)
        #expect(actual.map(\.number) == actual.map(\.number).sorted(), "fields must be visited in number order")
    }

    @Test("every enum has a Swift type with the same values", arguments: DescriptorSet.enums(in: set))
    func enumMatches(_ value: DescriptorSet.Enum) throws {
        let type = try #require(Self.swiftEnums[value.fullName], "no Swift type for \(value.fullName)")
        let expected = Dictionary(
            value.proto.value.map { ($0.number ?? 0, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(type.valueNames == expected)
    }

    @Test("every service has a Swift descriptor with the same methods")
    func servicesMatch() throws {
        let swiftServices = Dictionary(Schema.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = 0
        for file in Self.set.file {
            for service in file.service {
                let name = "\(file.package ?? "").\(service.name ?? "")"
                let swift = try #require(swiftServices[name], "no Swift descriptor for \(name)")
                let expected = service.method.map { method in
                    MethodInfo(
                        service: name, method: method.name ?? "",
                        kind: Self.kind(
                            client: method.clientStreaming ?? false, server: method.serverStreaming ?? false),
                        requestType: String((method.inputType ?? "").dropFirst()),
                        responseType: String((method.outputType ?? "").dropFirst()))
                }
                #expect(swift.methods == expected, "\(name)")
                seen += 1
            }
        }
        #expect(seen == Schema.services.count, "Swift declares services the descriptor set does not have")
    }

    @Test("Swift type names are unique")
    func namesAreUnique() {
        let names = Schema.messageTypes.map { $0.protoName }
        #expect(Set(names).count == names.count)
    }

    static func kind(client: Bool, server: Bool) -> RPCKind {
        switch (client, server) {
        case (false, false): .unary
        case (false, true): .serverStreaming
        case (true, false): .clientStreaming
        case (true, true): .bidirectionalStreaming
        }
    }
}
