import Testing

@testable import TandemSchema

@Suite("The descriptor set compiled into TandemSchema")
struct EmbeddedDescriptorSetTests {
    @Test("Schema.descriptorSetBytes is proto/descriptors.binpb")
    func embeddedBytesMatchCommittedSet() throws {
        let committed = try DescriptorSet.committedBytes()
        let embedded = Schema.descriptorSetBytes
        // Compared without printing 46 KB of bytes when they differ.
        let firstDifference = zip(embedded, committed).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        let identical = embedded.count == committed.count && firstDifference == nil
        #expect(
            identical,
            """
            Sources/TandemSchema/DescriptorSet+Embedded.swift is stale (\(embedded.count) bytes, the committed \
            set \(committed.count), first difference at \(firstDifference.map(String.init) ?? "the end")): \
            run scripts/update-descriptors
            """)
    }

    @Test("the embedded set decodes and names every file of proto/")
    func embeddedSetDecodes() throws {
        let set = try GoogleProtobuf.FileDescriptorSet(serializedBytes: Schema.descriptorSetBytes)
        let names = Set(set.file.compactMap(\.name))
        for expected in [
            "tandem/tasks/v1/tasks.proto", "tandem/common/v1/common.proto", "grpc/health/v1/health.proto",
            "grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto",
            "google/protobuf/timestamp.proto",
        ] {
            #expect(names.contains(expected), "missing \(expected)")
        }
    }

    @Test(
        "base64 decoding follows RFC 4648",
        arguments: [
            ("", [UInt8]()),
            ("Zg==", Array("f".utf8)),
            ("Zg", Array("f".utf8)),
            ("Zm8=", Array("fo".utf8)),
            ("Zm9v", Array("foo".utf8)),
            ("Zm9vYg==", Array("foob".utf8)),
            ("Zm9vYmE=", Array("fooba".utf8)),
            ("Zm9vYmFy", Array("foobar".utf8)),
            ("Zm9v\n        YmFy\n", Array("foobar".utf8)),
            ("+/8=", [0xFB, 0xFF]),
        ] as [(String, [UInt8])])
    func base64Decodes(_ text: String, _ expected: [UInt8]) {
        #expect(Base64Decoding.decode(text) == expected)
    }

    @Test(
        "base64 decoding refuses what no encoder writes",
        arguments: ["Z", "Zg=", "Zg===", "Z===", "Zm9v!", "Zg==Zg==", "Zh=="])
    func base64Refuses(_ text: String) {
        #expect(Base64Decoding.decode(text) == nil)
    }
}
