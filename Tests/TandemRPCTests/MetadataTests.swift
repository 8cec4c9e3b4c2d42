import Testing

@testable import TandemRPC
import TandemSchema

/// Each entry as `key=value`, binary values as `key=[hex]`, so order and types show in one list.
private func entries(_ metadata: Metadata) -> [String] {
    metadata.map { entry in
        switch entry.value {
        case .string(let text): "\(entry.key)=\(text)"
        case .binary(let bytes): "\(entry.key)=[\(bytes.map { String($0, radix: 16) }.joined(separator: " "))]"
        }
    }
}

@Suite("Metadata")
struct MetadataTests {
    @Test("keys are lowercased and entries keep their order, duplicates included")
    func orderAndCase() throws {
        var metadata = Metadata()
        try metadata.add("X-Request-Id", "r1")
        try metadata.add("authorization", "Bearer k")
        try metadata.add("x-request-id", "r2")
        try metadata.add("Trace-Bin", [1, 2, 0xff])
        #expect(
            entries(metadata) == ["x-request-id=r1", "authorization=Bearer k", "x-request-id=r2", "trace-bin=[1 2 ff]"])
        #expect(metadata[string: "X-REQUEST-ID"] == "r1")
        #expect(metadata.values(forKey: "x-request-id") == [.string("r1"), .string("r2")])
        #expect(metadata[binary: "trace-bin"] == [1, 2, 0xff])
        #expect(metadata[string: "trace-bin"] == nil)
        #expect(metadata[string: "missing"] == nil)
        #expect(metadata.count == 4)
        #expect(metadata.contains(key: "Authorization"))
    }

    @Test("replaceOrAdd replaces the first value in place and drops the others")
    func replaceOrAdd() throws {
        var metadata = Metadata()
        try metadata.add("a", "1")
        try metadata.add("b", "2")
        try metadata.add("a", "3")
        try metadata.add("c", "4")
        try metadata.replaceOrAdd("A", "9")
        #expect(entries(metadata) == ["a=9", "b=2", "c=4"])
        try metadata.replaceOrAdd("d", "5")
        #expect(entries(metadata) == ["a=9", "b=2", "c=4", "d=5"])
    }

    @Test("removeAll removes every value of one key only")
    func removeAll() throws {
        var metadata = Metadata()
        try metadata.add("a", "1")
        try metadata.add("b", "2")
        try metadata.add("a", "3")
        metadata.removeAll("A")
        #expect(entries(metadata) == ["b=2"])
    }

    @Test("merge appends the other metadata after this one's")
    func merge() throws {
        var first = Metadata()
        try first.add("a", "1")
        var second = Metadata()
        try second.add("b-bin", [7])
        try second.add("a", "2")
        first.merge(second)
        #expect(entries(first) == ["a=1", "b-bin=[7]", "a=2"])
    }

    @Test(
        "invalid keys are refused with INTERNAL",
        arguments: ["", "x y", "x:y", ":path", "ü", "-bin", "x/y", "x\u{0}", "tab\t"])
    func invalidKeys(key: String) {
        var metadata = Metadata()
        let error = #expect(throws: RPCError.self) { try metadata.add(key, "v") }
        #expect(error?.code == .internalError)
        #expect(metadata.isEmpty)
    }

    @Test(
        "keys the transport owns are refused",
        arguments: ["grpc-status", "Grpc-Message", "content-type", "te", "grpc-timeout"])
    func reservedKeys(key: String) {
        var metadata = Metadata()
        #expect(throws: RPCError.self) { try metadata.add(key, "0") }
        #expect(throws: RPCError.self) { try metadata.replaceOrAdd(key, "0") }
        #expect(metadata.isEmpty)
    }

    @Test(
        "text values outside printable ASCII are refused",
        arguments: ["a\nb", "a\rb", "tab\there", "é", "\u{7F}", "\u{0}"])
    func invalidStringValues(value: String) {
        var metadata = Metadata()
        let error = #expect(throws: RPCError.self) { try metadata.add("x", value) }
        #expect(error?.code == .internalError)
    }

    @Test("printable ASCII, space and the empty string are valid text values")
    func validStringValues() throws {
        var metadata = Metadata()
        let printable = String(decoding: (0x20...0x7E).map { UInt8($0) }, as: UTF8.self)
        try metadata.add("x", printable)
        try metadata.add("x", "")
        #expect(metadata.values(forKey: "x") == [.string(printable), .string("")])
    }

    @Test("-bin keys take binary values and only they do")
    func binarySuffix() throws {
        var metadata = Metadata()
        #expect(throws: RPCError.self) { try metadata.add("x-bin", "text") }
        #expect(throws: RPCError.self) { try metadata.add("x", [1]) }
        try metadata.add("X-BIN", [1])
        #expect(metadata[binary: "x-bin"] == [1])
        let received = try Metadata(headers: [("bin", "t"), ("abin", "u"), ("a-bin", "AQ"), ("a-bi", "v")])
        #expect(entries(received) == ["bin=t", "abin=u", "a-bin=[1]", "a-bi=v"])
    }

    @Test("received headers: pseudo and transport headers are skipped, the rest kept in order")
    func fromHeaders() throws {
        let metadata = try Metadata(headers: [
            (":method", "POST"), (":path", "/tandem.tasks.v1.TaskService/GetTask"), (":authority", "localhost"),
            (":scheme", "http"), ("te", "trailers"), ("content-type", "application/grpc"),
            ("x-tandem-actor", "ada"), ("grpc-timeout", "1S"), ("grpc-encoding", "gzip"),
            ("grpc-accept-encoding", "gzip"), ("user-agent", "grpc-go/1.60.0"), ("authorization", "Bearer k"),
            ("grpc-status", "0"), ("grpc-message", "x"), ("x-tandem-actor", "bob"),
        ])
        #expect(
            entries(metadata) == [
                "x-tandem-actor=ada", "user-agent=grpc-go/1.60.0", "authorization=Bearer k", "x-tandem-actor=bob",
            ])
    }

    static let binaryHeaders: [(header: String, values: [[UInt8]])] = [
        ("AQID", [[1, 2, 3]]),
        ("AQI", [[1, 2]]),
        ("AQI=", [[1, 2]]),
        ("AQ", [[1]]),
        ("AQ==", [[1]]),
        ("", [[]]),
        ("AQ==,AQI", [[1], [1, 2]]),
        ("AQ, AQID ,AQI=", [[1], [1, 2, 3], [1, 2]]),
        ("/+8", [[0xFF, 0xEF]]),
    ]

    @Test("-bin headers decode padded and unpadded base64, several per header", arguments: Self.binaryHeaders)
    func binaryFromHeaders(header: String, values: [[UInt8]]) throws {
        let metadata = try Metadata(headers: [("trace-bin", header)])
        #expect(metadata.values(forKey: "trace-bin") == values.map { .binary($0) })
    }

    @Test(
        "-bin headers that are not base64 are refused",
        arguments: ["A", "AQ=", "AQ===", "A=Q=", "AQ!D", "AQ-D", "AQ_D", "=AQI"])
    func invalidBase64(header: String) {
        let error = #expect(throws: RPCError.self) { try Metadata(headers: [("trace-bin", header)]) }
        #expect(error?.code == .internalError)
    }

    @Test("received header names in capitals are lowercased; reserved ones in capitals are still skipped")
    func capitalizedHeaders() throws {
        let metadata = try Metadata(headers: [
            ("X-Tandem-Actor", "ada"), ("Content-Type", "application/grpc"), ("GRPC-Status", "0"), ("Trace-Bin", "AQI"),
        ])
        #expect(entries(metadata) == ["x-tandem-actor=ada", "trace-bin=[1 2]"])
        #expect(throws: RPCError.self) { try Metadata(headers: [("X Y", "v")]) }
    }

    @Test("received header names outside the gRPC set are refused", arguments: ["x y", "x@y", "é", "-bin"])
    func invalidHeaderNames(name: String) {
        #expect(throws: RPCError.self) { try Metadata(headers: [(name, "v")]) }
    }

    @Test("a received text value HTTP allows but gRPC does not is dropped, not an error")
    func invalidReceivedValue() throws {
        let metadata = try Metadata(headers: [("x-a", "caf\u{E9}"), ("x-b", "ok"), ("x-c", "a\u{1}b")])
        #expect(entries(metadata) == ["x-b=ok"])
    }

    @Test("received text values lose spaces and tabs at their ends")
    func trimmed() throws {
        let metadata = try Metadata(headers: [
            ("x-a", "  spaced\t"), ("x-b", " "), ("x-c", "in side"), ("x-d", "\tleft"), ("x-e", "right  "),
            ("x-f", "\t \t"), ("x-g", " caf\u{E9}\t"), ("x-h", ""), ("x-i", "\u{E9} "),
        ])
        #expect(entries(metadata) == ["x-a=spaced", "x-b=", "x-c=in side", "x-d=left", "x-e=right", "x-f=", "x-h="])
    }

    @Test("header fields send binary as unpadded base64 and read back the same metadata")
    func headerFieldsRoundTrip() throws {
        var metadata = Metadata()
        try metadata.add("x-a", "1")
        try metadata.add("trace-bin", [1])
        try metadata.add("trace-bin", [1, 2])
        try metadata.add("trace-bin", [1, 2, 3])
        try metadata.add("empty-bin", [])
        let fields = metadata.headerFields
        #expect(fields.map(\.name) == ["x-a", "trace-bin", "trace-bin", "trace-bin", "empty-bin"])
        #expect(fields.map(\.value) == ["1", "AQ", "AQI", "AQID", ""])
        #expect(try Metadata(headers: fields) == metadata)
    }

    @Test("every byte value survives the base64 round trip")
    func allBytes() throws {
        let bytes = (0...255).map { UInt8($0) }
        for count in 0...bytes.count {
            var metadata = Metadata()
            try metadata.add("all-bin", Array(bytes.prefix(count)))
            #expect(try Metadata(headers: metadata.headerFields)[binary: "all-bin"] == Array(bytes.prefix(count)))
        }
    }
}

@Suite("Base64")
struct Base64Tests {
    static let testVectors: [(plain: String, padded: String, unpadded: String)] = [
        ("", "", ""), ("f", "Zg==", "Zg"), ("fo", "Zm8=", "Zm8"), ("foo", "Zm9v", "Zm9v"),
        ("foob", "Zm9vYg==", "Zm9vYg"), ("fooba", "Zm9vYmE=", "Zm9vYmE"), ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
    ]

    @Test("RFC 4648 test vectors, padded and not", arguments: Self.testVectors)
    func vectors(plain: String, padded: String, unpadded: String) {
        let bytes = Array(plain.utf8)
        #expect(Base64.encode(bytes, padded: true) == padded)
        #expect(Base64.encode(bytes) == unpadded)
        #expect(Base64.decode(padded) == bytes)
        #expect(Base64.decode(unpadded) == bytes)
    }
}
