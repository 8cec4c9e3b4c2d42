import TandemWire
import Testing

/// Input another encoder may legitimately send, and the message it must decode to.
struct DecodeCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var bytes: [UInt8]
    var expected: AllTypes

    init(_ label: String, _ bytes: String, _ set: (inout AllTypes) -> Void) {
        testDescription = label
        self.bytes = hex(bytes)
        var expected = AllTypes()
        set(&expected)
        self.expected = expected
    }
}

@Suite("decoding what other encoders may send")
struct LenientDecodingTests {
    static let repeatedForms: [DecodeCase] = [
        DecodeCase("packed", "22 06 03 8e 02 9e a7 05") { $0.packedInt32 = [3, 270, 86942] },
        DecodeCase("unpacked", "20 03 20 8e 02 20 9e a7 05") { $0.packedInt32 = [3, 270, 86942] },
        DecodeCase("packed and unpacked mixed", "22 01 03 20 8e 02 22 04 9e a7 05 7f") {
            $0.packedInt32 = [3, 270, 86942, 127]
        },
        DecodeCase("an empty packed run", "22 00") { $0.packedInt32 = [] },
        DecodeCase("interrupted by another field", "20 01 08 05 22 01 02") {
            $0.packedInt32 = [1, 2]
            $0.int32Value = 5
        },
        DecodeCase("fixed32 unpacked then packed", "4d 01 00 00 00 4a 08 02 00 00 00 03 00 00 00") {
            $0.packedFixed32 = [1, 2, 3]
        },
    ]

    static let lastOneWins: [DecodeCase] = [
        DecodeCase("int32", "08 01 08 02") { $0.int32Value = 2 },
        DecodeCase("string", "12 01 61 12 01 62") { $0.stringValue = "b" },
        DecodeCase("bool, even when the last is the default", "a8 01 01 a8 01 00") { $0.boolValue = false },
        DecodeCase("double", "51 00 00 00 00 00 00 f0 3f 51 00 00 00 00 00 00 00 40") { $0.doubleValue = 2 },
        DecodeCase("enum", "b8 01 01 b8 01 63") { $0.color = Color(rawValue: 99) },
        DecodeCase("optional int32", "f0 01 05 f0 01 00") { $0.optionalInt32 = 0 },
        DecodeCase("oneof: message after string", "e2 01 01 61 ea 01 02 08 01") { $0.choice = .nested(Nested(a: 1)) },
        DecodeCase("oneof: string after message", "ea 01 02 08 01 e2 01 01 61") { $0.choice = .name("a") },
        DecodeCase("map key repeated across entries", "d2 01 05 0a 01 61 10 01 d2 01 05 0a 01 61 10 02") {
            $0.stringToInt32 = ["a": 2]
        },
        DecodeCase("int32 written as a 10-byte varint with high bits set", "08 82 80 80 80 f0 ff ff ff ff 01") {
            $0.int32Value = 2
        },
    ]

    static let mapEntries: [DecodeCase] = [
        DecodeCase("entry without key or value", "d2 01 00") { $0.stringToInt32 = ["": 0] },
        DecodeCase("entry without key", "d2 01 02 10 05") { $0.stringToInt32 = ["": 5] },
        DecodeCase("entry with value before key", "d2 01 05 10 02 0a 01 61") { $0.stringToInt32 = ["a": 2] },
        DecodeCase("entry with an unknown field", "d2 01 07 0a 01 61 18 09 10 02") { $0.stringToInt32 = ["a": 2] },
        DecodeCase("message value without value", "da 01 02 08 07") { $0.int64ToNested = [7: Nested()] },
    ]

    static let messagesMerge: [DecodeCase] = [
        DecodeCase("different fields combine", "1a 02 08 01 1a 03 12 01 78") { $0.nested = Nested(a: 1, name: "x") },
        DecodeCase("the same field is replaced", "1a 02 08 01 1a 02 08 02") { $0.nested = Nested(a: 2) },
        DecodeCase("an empty occurrence changes nothing", "1a 02 08 01 1a 00") { $0.nested = Nested(a: 1) },
        DecodeCase("a oneof message member", "ea 01 02 08 01 ea 01 03 12 01 78") {
            $0.choice = .nested(Nested(a: 1, name: "x"))
        },
        DecodeCase("a map value repeated in one entry", "da 01 0b 08 01 12 02 08 04 12 03 12 01 78") {
            $0.int64ToNested = [1: Nested(a: 4, name: "x")]
        },
        DecodeCase("repeated messages stay separate elements", "ca 01 02 08 01 ca 01 02 08 02") {
            $0.repeatedNested = [Nested(a: 1), Nested(a: 2)]
        },
    ]

    @Test("repeated scalars arrive packed, unpacked or both", arguments: repeatedForms)
    func repeatedForm(_ decode: DecodeCase) throws {
        #expect(try AllTypes(serializedBytes: decode.bytes) == decode.expected)
    }

    @Test("a repeated occurrence of a singular field keeps the last", arguments: lastOneWins)
    func lastWins(_ decode: DecodeCase) throws {
        #expect(try AllTypes(serializedBytes: decode.bytes) == decode.expected)
    }

    @Test("map entries with missing, reordered or unknown parts", arguments: mapEntries)
    func mapEntry(_ decode: DecodeCase) throws {
        #expect(try AllTypes(serializedBytes: decode.bytes) == decode.expected)
    }

    @Test("a repeated occurrence of a singular message merges", arguments: messagesMerge)
    func messageMerge(_ decode: DecodeCase) throws {
        #expect(try AllTypes(serializedBytes: decode.bytes) == decode.expected)
    }

    @Test("fields in reverse number order decode to the same message")
    func reverseOrder() throws {
        let encoded = AllTypes.populated.serializedBytes()
        let records = WireRecord.split(encoded)
        // Reverse the fields but keep each repeated field's elements in their order.
        let reversed = records.enumerated()
            .sorted { ($0.element.number, -$0.offset) > ($1.element.number, -$1.offset) }
            .flatMap { encoded[$0.element.start..<$0.element.end] }
        #expect(reversed != encoded)
        let decoded = try AllTypes(serializedBytes: reversed)
        #expect(decoded == .populated)
        #expect(decoded.serializedBytes() == encoded)
    }

    @Test("fields in any order decode to the same message", arguments: 1...20)
    func shuffledOrder(seed: Int) throws {
        let encoded = AllTypes.populated.serializedBytes()
        var generator = XorShift(seed: UInt64(seed))
        // Shuffle whole fields; a repeated field's elements keep their relative order.
        var byNumber: [Int: [WireRecord]] = [:]
        for record in WireRecord.split(encoded) { byNumber[record.number, default: []].append(record) }
        var pending = byNumber.keys.sorted().map { byNumber[$0]! }
        var shuffled: [UInt8] = []
        while !pending.isEmpty {
            let pick = Int.random(in: 0..<pending.count, using: &generator)
            let record = pending[pick].removeFirst()
            shuffled += encoded[record.start..<record.end]
            if pending[pick].isEmpty { pending.remove(at: pick) }
        }
        let decoded = try AllTypes(serializedBytes: shuffled)
        #expect(decoded == .populated)
        #expect(decoded.serializedBytes() == encoded)
    }

    static let unknownEnumValues: [(String, Int32)] = [
        ("b8 01 63", 99), ("b8 01 03", 3), ("b8 01 ff ff ff ff ff ff ff ff ff 01", -1),
        ("b8 01 80 80 80 80 f8 ff ff ff ff 01", .min), ("b8 01 ff ff ff ff 07", .max),
    ]

    @Test("an unknown enum value survives decode and re-encode", arguments: unknownEnumValues)
    func unknownEnum(bytes: String, rawValue: Int32) throws {
        let decoded = try AllTypes(serializedBytes: hex(bytes))
        #expect(decoded.color.rawValue == rawValue)
        #expect(!decoded.color.isKnown)
        #expect(decoded.color.description == "\(rawValue)")
        #expect(decoded.unknownFields.isEmpty)
        #expect(decoded.serializedBytes() == hex(bytes))
    }

    @Test("a known enum value is known and named")
    func knownEnum() throws {
        let decoded = try AllTypes(serializedBytes: hex("b8 01 02"))
        #expect(decoded.color == .green)
        #expect(decoded.color.isKnown)
        #expect(decoded.color.description == "COLOR_GREEN")
        #expect(Color.unspecified.isKnown)
    }
}
