import TandemWire
import Testing

/// One message and its hand-computed encoding.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var message: AllTypes
    var bytes: [UInt8]

    init(_ label: String, _ bytes: String, _ set: (inout AllTypes) -> Void) {
        testDescription = label
        var message = AllTypes()
        set(&message)
        self.message = message
        self.bytes = hex(bytes)
    }
}

@Suite("golden bytes")
struct GoldenBytesTests {
    static let scalars: [GoldenCase] = [
        GoldenCase("int32 150", "08 96 01") { $0.int32Value = 150 },
        GoldenCase("int32 -1 is ten bytes", "08 ff ff ff ff ff ff ff ff ff 01") { $0.int32Value = -1 },
        GoldenCase("int32 min is sign-extended", "08 80 80 80 80 f8 ff ff ff ff 01") { $0.int32Value = .min },
        GoldenCase("int32 max", "08 ff ff ff ff 07") { $0.int32Value = .max },
        GoldenCase("string", "12 07 74 65 73 74 69 6e 67") { $0.stringValue = "testing" },
        GoldenCase("double 1.5", "51 00 00 00 00 00 00 f8 3f") { $0.doubleValue = 1.5 },
        GoldenCase("double -0.0 is not the default", "51 00 00 00 00 00 00 00 80") { $0.doubleValue = -0.0 },
        GoldenCase("float 1.5", "5d 00 00 c0 3f") { $0.floatValue = 1.5 },
        GoldenCase("float -0.0 is not the default", "5d 00 00 00 80") { $0.floatValue = -0.0 },
        GoldenCase("int64 min", "60 80 80 80 80 80 80 80 80 80 01") { $0.int64Value = .min },
        GoldenCase("int64 max", "60 ff ff ff ff ff ff ff ff 7f") { $0.int64Value = .max },
        GoldenCase("uint32 max", "68 ff ff ff ff 0f") { $0.uint32Value = .max },
        GoldenCase("uint64 max", "70 ff ff ff ff ff ff ff ff ff 01") { $0.uint64Value = .max },
        GoldenCase("sint32 -1", "78 01") { $0.sint32Value = -1 },
        GoldenCase("sint32 1", "78 02") { $0.sint32Value = 1 },
        GoldenCase("sint32 min", "78 ff ff ff ff 0f") { $0.sint32Value = .min },
        GoldenCase("sint32 max", "78 fe ff ff ff 0f") { $0.sint32Value = .max },
        GoldenCase("sint64 -1, two-byte tag", "80 01 01") { $0.sint64Value = -1 },
        GoldenCase("sint64 min", "80 01 ff ff ff ff ff ff ff ff ff 01") { $0.sint64Value = .min },
        GoldenCase("sint64 max", "80 01 fe ff ff ff ff ff ff ff ff 01") { $0.sint64Value = .max },
        GoldenCase("fixed32 little endian", "8d 01 78 56 34 12") { $0.fixed32Value = 0x1234_5678 },
        GoldenCase("fixed64 little endian", "91 01 08 07 06 05 04 03 02 01") {
            $0.fixed64Value = 0x0102_0304_0506_0708
        },
        GoldenCase("sfixed32 -2", "9d 01 fe ff ff ff") { $0.sfixed32Value = -2 },
        GoldenCase("sfixed64 -2", "a1 01 fe ff ff ff ff ff ff ff") { $0.sfixed64Value = -2 },
        GoldenCase("bool true", "a8 01 01") { $0.boolValue = true },
        GoldenCase("bytes", "b2 01 03 00 ff 80") { $0.bytesValue = [0x00, 0xFF, 0x80] },
        GoldenCase("enum", "b8 01 02") { $0.color = .green },
        GoldenCase("unknown enum value", "b8 01 63") { $0.color = Color(rawValue: 99) },
        GoldenCase("negative enum value is ten bytes", "b8 01 ff ff ff ff ff ff ff ff ff 01") {
            $0.color = Color(rawValue: -1)
        },
    ]

    static let composites: [GoldenCase] = [
        GoldenCase("nested message", "1a 03 08 96 01") { $0.nested = Nested(a: 150) },
        GoldenCase("empty nested message is still present", "1a 00") { $0.nested = Nested() },
        GoldenCase("packed int32", "22 06 03 8e 02 9e a7 05") { $0.packedInt32 = [3, 270, 86942] },
        GoldenCase("packed negative int32", "22 0b 7f ff ff ff ff ff ff ff ff ff 01") { $0.packedInt32 = [127, -1] },
        GoldenCase("packed fixed32", "4a 08 01 00 00 00 ef be ad de") { $0.packedFixed32 = [1, 0xDEAD_BEEF] },
        GoldenCase("repeated strings keep empty elements", "c2 01 01 61 c2 01 00") { $0.repeatedString = ["a", ""] },
        GoldenCase("repeated messages", "ca 01 00 ca 01 02 08 01") { $0.repeatedNested = [Nested(), Nested(a: 1)] },
        GoldenCase("map entries sorted by key", "d2 01 05 0a 01 61 10 01 d2 01 05 0a 01 62 10 02") {
            $0.stringToInt32 = ["b": 2, "a": 1]
        },
        GoldenCase(
            "string map keys sorted by UTF-8 bytes",
            "d2 01 05 0a 01 5a 10 03 d2 01 05 0a 01 7a 10 02 d2 01 06 0a 02 c3 a9 10 01"
        ) { $0.stringToInt32 = ["é": 1, "z": 2, "Z": 3] },
        GoldenCase("map entry of default key and value writes both", "d2 01 04 0a 00 10 00") {
            $0.stringToInt32 = ["": 0]
        },
        GoldenCase(
            "int64 map keys sorted as signed numbers",
            "da 01 0f 08 ff ff ff ff ff ff ff ff ff 01 12 02 08 01 da 01 04 08 05 12 00"
        ) { $0.int64ToNested = [5: Nested(), -1: Nested(a: 1)] },
        GoldenCase("oneof string", "e2 01 02 68 69") { $0.choice = .name("hi") },
        GoldenCase("oneof empty string is still emitted", "e2 01 00") { $0.choice = .name("") },
        GoldenCase("oneof default message is still emitted", "ea 01 00") { $0.choice = .nested(Nested()) },
        GoldenCase("optional zero is emitted", "f0 01 00") { $0.optionalInt32 = 0 },
        GoldenCase("optional empty string is emitted", "fa 01 00") { $0.optionalString = "" },
        GoldenCase(
            "fields in number order, whatever order they were set",
            "08 01 12 01 61 91 01 01 00 00 00 00 00 00 00 fa 01 01 62"
        ) {
            $0.optionalString = "b"
            $0.fixed64Value = 1
            $0.stringValue = "a"
            $0.int32Value = 1
        },
        GoldenCase("implicit-presence defaults are omitted", "") {
            $0.int32Value = 0
            $0.stringValue = ""
            $0.doubleValue = 0
            $0.floatValue = 0
            $0.int64Value = 0
            $0.uint32Value = 0
            $0.uint64Value = 0
            $0.sint32Value = 0
            $0.sint64Value = 0
            $0.fixed32Value = 0
            $0.fixed64Value = 0
            $0.sfixed32Value = 0
            $0.sfixed64Value = 0
            $0.boolValue = false
            $0.bytesValue = []
            $0.color = .unspecified
            $0.packedInt32 = []
            $0.repeatedString = []
            $0.stringToInt32 = [:]
        },
    ]

    @Test("scalar fields", arguments: scalars)
    func scalar(_ golden: GoldenCase) throws {
        try expectGolden(golden)
    }

    @Test("repeated, map, oneof, optional and nested fields", arguments: composites)
    func composite(_ golden: GoldenCase) throws {
        try expectGolden(golden)
    }

    /// Encodes to exactly the golden bytes, and the golden bytes decode to the same message.
    func expectGolden(_ golden: GoldenCase) throws {
        let encoded = golden.message.serializedBytes()
        #expect(encoded == golden.bytes, "got \(encoded.hexDescription)")
        let decoded = try AllTypes(serializedBytes: golden.bytes)
        #expect(decoded == golden.message)
    }

    @Test("a nested message over 127 bytes gets a two-byte length")
    func twoByteLength() throws {
        var message = AllTypes()
        let name = String(repeating: "abcdefghijklmnopqrstuvwxy", count: 8)  // 200 bytes
        message.nested = Nested(a: 0, name: name)
        // body: 12 c8 01 + 200 bytes = 203 = 0xcb → cb 01.
        let expected = hex("1a cb 01 12 c8 01") + Array(name.utf8)
        #expect(message.serializedBytes() == expected)
        #expect(try AllTypes(serializedBytes: expected) == message)
    }

    @Test("a nested message over 16383 bytes gets a three-byte length")
    func threeByteLength() throws {
        var message = AllTypes()
        let name = String(repeating: "0123456789abcdefghij", count: 1000)  // 20000 bytes
        message.nested = Nested(a: 0, name: name)
        // name: 20000 → a0 9c 01; body: 1 + 3 + 20000 = 20004 → a4 9c 01.
        let expected = hex("1a a4 9c 01 12 a0 9c 01") + Array(name.utf8)
        #expect(message.serializedBytes() == expected)
        #expect(try AllTypes(serializedBytes: expected) == message)
    }

    @Test("nested length prefixes that both grow are patched inside out")
    func twoLevelsOfGrowth() throws {
        var inner = Recursive()
        inner.name = String(repeating: "zyxwvutsrqponmlkjihgfedcba", count: 8)  // 208 bytes
        var outer = Recursive()
        outer.child = inner
        var root = Recursive()
        root.child = outer
        // inner body: 12 d0 01 + 208 = 211 (d3 01); outer body: 0a d3 01 + 211 = 214 (d6 01).
        let expected = hex("0a d6 01 0a d3 01 12 d0 01") + Array(inner.name.utf8)
        #expect(root.serializedBytes() == expected)
        #expect(try Recursive(serializedBytes: expected) == root)
    }

    @Test("packed values over 127 bytes get a two-byte length")
    func longPackedRun() throws {
        var message = AllTypes()
        message.packedInt32 = (0..<200).map { Int32($0 % 100) }
        let expected = hex("22 c8 01") + (0..<200).map { UInt8($0 % 100) }
        #expect(message.serializedBytes() == expected)
        #expect(try AllTypes(serializedBytes: expected) == message)
    }

    @Test(
        "WireWriter back-patches every length prefix size and moves the body intact",
        arguments: [
            (0, "00") as (Int, String), (1, "01"), (127, "7f"), (128, "80 01"), (300, "ac 02"), (16383, "ff 7f"),
            (16384, "80 80 01"), (2_097_151, "ff ff 7f"), (2_097_152, "80 80 80 01"),
        ])
    func lengthPrefix(bodyLength: Int, prefix: String) {
        let body = (0..<bodyLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        var writer = WireWriter()
        writer.bytes = [0xAA, 0xBB]
        let start = writer.beginLengthDelimited()
        writer.bytes.append(contentsOf: body)
        writer.endLengthDelimited(start)
        writer.bytes.append(0xCC)
        #expect(writer.bytes == [0xAA, 0xBB] + hex(prefix) + body + [0xCC])
    }

    static let varints: [(UInt64, String)] = [
        (0, "00"), (1, "01"), (127, "7f"), (128, "80 01"), (150, "96 01"), (300, "ac 02"),
        (UInt64(UInt32.max), "ff ff ff ff 0f"), (.max, "ff ff ff ff ff ff ff ff ff 01"),
    ]

    @Test("varints use the fewest bytes", arguments: varints)
    func varint(value: UInt64, bytes: String) {
        var writer = WireWriter()
        writer.writeVarint(value)
        #expect(writer.bytes == hex(bytes))
    }

    @Test("tags for the smallest and largest field numbers")
    func tags() {
        var writer = WireWriter()
        writer.writeTag(1, .varint)
        writer.writeTag(15, .lengthDelimited)
        writer.writeTag(16, .fixed32)
        writer.writeTag(FieldNumber.maximum, .fixed64)
        #expect(writer.bytes == hex("08 7a 85 01 f9 ff ff ff 0f"))
    }
}
