import TandemWire
import Testing

@Suite("unknown fields")
struct UnknownFieldTests {
    /// Fields `AllTypes` does not declare, one of each wire type, as they must be re-emitted.
    static let unknownRecords: [(String, String)] = [
        ("varint", "28 96 01"),
        ("varint with redundant continuation bytes", "28 80 80 00"),
        ("fixed32", "35 01 02 03 04"),
        ("fixed64", "39 01 02 03 04 05 06 07 08"),
        ("length-delimited", "42 03 61 62 63"),
        ("empty length-delimited", "42 00"),
        ("length-delimited holding invalid UTF-8", "42 02 c3 28"),
        ("tag with redundant continuation bytes", "a8 80 00 01"),
        ("beyond the last field", "80 02 07"),
        ("beyond the last field, length-delimited", "c2 3e 02 00 01"),
        ("beyond the last field, fixed64", "89 02 ff ff ff ff ff ff ff ff"),
        ("largest field number", "fd ff ff ff 0f 01 02 03 04"),
    ]

    /// Where the unknown record sits among two known fields, numbers 1 and 9.
    enum Placement: String, CaseIterable, Sendable {
        case alone, first, betweenKnownFields, afterKnownFields, betweenReversedKnownFields

        static let known1 = "08 01"
        static let known9 = "4a 04 01 00 00 00"

        func input(around unknown: String) -> String {
            switch self {
            case .alone: unknown
            case .first: "\(unknown) \(Self.known1) \(Self.known9)"
            case .betweenKnownFields: "\(Self.known1) \(unknown) \(Self.known9)"
            case .afterKnownFields: "\(Self.known1) \(Self.known9) \(unknown)"
            case .betweenReversedKnownFields: "\(Self.known9) \(unknown) \(Self.known1)"
            }
        }
    }

    @Test(
        "unknown fields are kept and re-emitted after the known fields byte for byte",
        arguments: unknownRecords, Placement.allCases)
    func retained(unknown: (String, String), placement: Placement) throws {
        let input = hex(placement.input(around: unknown.1))
        let decoded = try AllTypes(serializedBytes: input)
        var expected = AllTypes()
        if placement != .alone {
            expected.int32Value = 1
            expected.packedFixed32 = [1]
        }
        expected.unknownFields = UnknownFields(bytes: hex(unknown.1))
        #expect(decoded == expected)
        let reencoded = placement == .alone ? unknown.1 : "\(Placement.known1) \(Placement.known9) \(unknown.1)"
        #expect(decoded.serializedBytes() == hex(reencoded))
    }

    @Test("several unknown fields keep their input order, after the known fields")
    func manyUnknown() throws {
        let input = hex(
            "08 01 28 96 01 12 01 61 35 01 02 03 04 39 01 02 03 04 05 06 07 08 42 03 61 62 63"
                + " 4a 04 01 00 00 00 80 02 07 c2 3e 00 fd ff ff ff 0f 01 02 03 04")
        let decoded = try AllTypes(serializedBytes: input)
        #expect(decoded.int32Value == 1)
        #expect(decoded.stringValue == "a")
        #expect(decoded.packedFixed32 == [1])
        let unknown = hex(
            "28 96 01 35 01 02 03 04 39 01 02 03 04 05 06 07 08 42 03 61 62 63 80 02 07 c2 3e 00"
                + " fd ff ff ff 0f 01 02 03 04")
        #expect(decoded.unknownFields.bytes == unknown)
        #expect(decoded.serializedBytes() == hex("08 01 12 01 61 4a 04 01 00 00 00") + unknown)
    }

    @Test("unknown fields of a nested message stay with that message")
    func nestedUnknown() throws {
        let input = hex("1a 04 08 01 18 07 28 05")
        let decoded = try AllTypes(serializedBytes: input)
        #expect(decoded.nested?.a == 1)
        #expect(decoded.nested?.unknownFields.bytes == hex("18 07"))
        #expect(decoded.unknownFields.bytes == hex("28 05"))
        #expect(decoded.serializedBytes() == input)
    }

    @Test("unknown fields of merged occurrences of a message accumulate")
    func mergedUnknown() throws {
        let decoded = try AllTypes(serializedBytes: hex("1a 02 18 01 1a 02 18 02"))
        #expect(decoded.nested?.unknownFields.bytes == hex("18 01 18 02"))
    }

    @Test("a message without fields keeps every byte of any valid input")
    func noFields() throws {
        let inputs = [
            AllTypes.populated.serializedBytes(),
            Recursive.chain(depth: 5).serializedBytes(),
            hex("fd ff ff ff 0f 01 02 03 04 08 01 28 96 01"),
        ]
        for input in inputs {
            let decoded = try NoFields(serializedBytes: input)
            #expect(decoded.unknownFields.bytes == input)
            #expect(decoded.serializedBytes() == input)
        }
        #expect(try NoFields(serializedBytes: []) == NoFields())
    }

    @Test("a message without fields still refuses malformed input")
    func noFieldsMalformed() {
        let error = #expect(throws: WireError.self) { try NoFields(serializedBytes: hex("0b")) }
        #expect(error?.code == .groupNotSupported)
        #expect(error?.fieldNumber == 1)
        #expect(error?.message == NoFields.protoName)
    }
}
