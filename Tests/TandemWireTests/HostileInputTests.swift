import TandemWire
import Testing

/// Malformed input for `AllTypes` and the exact error it must give.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var bytes: [UInt8]
    var code: WireError.Code
    var fieldPath: [String]
    var fieldNumber: Int?

    init(_ label: String, _ bytes: String, _ code: WireError.Code, _ fieldPath: [String], _ fieldNumber: Int?) {
        testDescription = label
        self.bytes = hex(bytes)
        self.code = code
        self.fieldPath = fieldPath
        self.fieldNumber = fieldNumber
    }
}

/// Decodes `bytes` as `M` and checks that it fails exactly as described.
func expectWireError<M: ProtoMessage>(
    _ type: M.Type, _ bytes: [UInt8], _ code: WireError.Code, fieldPath: [String], fieldNumber: Int?,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = #expect(throws: WireError.self, sourceLocation: sourceLocation) {
        _ = try M(serializedBytes: bytes)
    }
    guard let error else { return }
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message == M.protoName, sourceLocation: sourceLocation)
    #expect(error.fieldPath == fieldPath, sourceLocation: sourceLocation)
    #expect(error.fieldNumber == fieldNumber, sourceLocation: sourceLocation)
}

@Suite("hostile input")
struct HostileInputTests {
    static let varints: [HostileCase] = [
        HostileCase("11-byte varint", "08 ff ff ff ff ff ff ff ff ff ff 01", .overlongVarint, ["int32_value"], 1),
        HostileCase(
            "11-byte varint of zero groups", "08 80 80 80 80 80 80 80 80 80 80 00", .overlongVarint, ["int32_value"], 1),
        HostileCase(
            "10-byte varint ending 0x02", "70 ff ff ff ff ff ff ff ff ff 02", .overlongVarint, ["uint64_value"], 14),
        HostileCase(
            "10-byte varint ending 0x7f", "70 80 80 80 80 80 80 80 80 80 7f", .overlongVarint, ["uint64_value"], 14),
        HostileCase("overlong tag", "ff ff ff ff ff ff ff ff ff ff 01", .overlongVarint, [], nil),
        HostileCase("overlong length prefix", "12 ff ff ff ff ff ff ff ff ff 7f", .overlongVarint, ["string_value"], 2),
        HostileCase(
            "overlong varint in an unknown field", "28 ff ff ff ff ff ff ff ff ff ff 01", .overlongVarint, [], 5),
        HostileCase(
            "overlong varint in a packed run", "22 0b ff ff ff ff ff ff ff ff ff 02 00", .overlongVarint,
            ["packed_int32"], 4),
        HostileCase(
            "overlong varint in a nested message", "1a 0b 08 ff ff ff ff ff ff ff ff ff 02", .overlongVarint,
            ["nested", "a"], 1),
    ]

    static let truncations: [HostileCase] = [
        HostileCase("tag cut short", "96", .truncated, [], nil),
        HostileCase("two-byte tag cut short", "80", .truncated, [], nil),
        HostileCase("tag without a value", "08", .truncated, ["int32_value"], 1),
        HostileCase("varint cut short", "08 96", .truncated, ["int32_value"], 1),
        HostileCase("double cut short", "51 00 00", .truncated, ["double_value"], 10),
        HostileCase("fixed32 cut short", "8d 01 78 56 34", .truncated, ["fixed32_value"], 17),
        HostileCase("fixed64 cut short", "91 01 01 02 03 04 05 06 07", .truncated, ["fixed64_value"], 18),
        HostileCase("length prefix cut short", "12 80", .truncated, ["string_value"], 2),
        HostileCase("unknown fixed64 cut short", "39 01 02", .truncated, [], 7),
        HostileCase("unknown varint cut short", "80 02 80", .truncated, [], 32),
        HostileCase("packed fixed32 of length 5", "4a 05 01 02 03 04 05", .truncated, ["packed_fixed32"], 9),
        HostileCase("packed varint running past its run", "22 01 80 01", .truncated, ["packed_int32"], 4),
        HostileCase("nested varint running past its message", "1a 01 08 96 01", .truncated, ["nested", "a"], 1),
        HostileCase(
            "map entry varint running past its entry", "d2 01 03 0a 00 10 96 01", .truncated, ["string_to_int32"], 26),
    ]

    static let lengths: [HostileCase] = [
        HostileCase("string past the end", "12 05 61", .lengthOutOfBounds, ["string_value"], 2),
        HostileCase("length 2^64 - 1", "12 ff ff ff ff ff ff ff ff ff 01 61", .lengthOutOfBounds, ["string_value"], 2),
        HostileCase("length Int64.max", "12 ff ff ff ff ff ff ff ff 7f 61", .lengthOutOfBounds, ["string_value"], 2),
        HostileCase("bytes past the end", "b2 01 02 00", .lengthOutOfBounds, ["bytes_value"], 22),
        HostileCase("nested message past the end", "1a 03 08 01", .lengthOutOfBounds, ["nested"], 3),
        HostileCase(
            "nested message of length 2^64 - 1", "1a ff ff ff ff ff ff ff ff ff 01", .lengthOutOfBounds, ["nested"], 3),
        HostileCase("packed run past the end", "22 04 01 02", .lengthOutOfBounds, ["packed_int32"], 4),
        HostileCase(
            "packed run of length 2^64 - 1", "22 ff ff ff ff ff ff ff ff ff 01", .lengthOutOfBounds, ["packed_int32"], 4
        ),
        HostileCase("unknown field past the end", "42 03 61", .lengthOutOfBounds, [], 8),
        HostileCase("map entry past the end", "d2 01 09 0a 01 61", .lengthOutOfBounds, ["string_to_int32"], 26),
        HostileCase(
            "map key past its entry", "d2 01 02 0a 05 61 62 63 64 65", .lengthOutOfBounds, ["string_to_int32"], 26),
        HostileCase(
            "nested string past its message", "1a 03 12 05 61 62 63 64 65", .lengthOutOfBounds, ["nested", "name"], 2),
    ]

    static let wrongWireTypes: [HostileCase] = [
        HostileCase("string sent as varint", "10 01", .wrongWireType, ["string_value"], 2),
        HostileCase("int32 sent as fixed32", "0d 01 00 00 00", .wrongWireType, ["int32_value"], 1),
        HostileCase("singular int32 sent length-delimited", "0a 01 01", .wrongWireType, ["int32_value"], 1),
        HostileCase("double sent as fixed32", "55 00 00 00 00", .wrongWireType, ["double_value"], 10),
        HostileCase("fixed32 sent as fixed64", "89 01 00 00 00 00 00 00 00 00", .wrongWireType, ["fixed32_value"], 17),
        HostileCase("enum sent length-delimited", "ba 01 01 01", .wrongWireType, ["color"], 23),
        HostileCase("message sent as varint", "18 01", .wrongWireType, ["nested"], 3),
        HostileCase("packed int32 sent as fixed64", "21 00 00 00 00 00 00 00 00", .wrongWireType, ["packed_int32"], 4),
        HostileCase("repeated string sent as varint", "c0 01 01", .wrongWireType, ["repeated_string"], 24),
        HostileCase("repeated message sent as fixed32", "cd 01 00 00 00 00", .wrongWireType, ["repeated_nested"], 25),
        HostileCase("map sent as varint", "d0 01 01", .wrongWireType, ["string_to_int32"], 26),
        HostileCase("map key sent as varint", "d2 01 02 08 01", .wrongWireType, ["string_to_int32"], 26),
        HostileCase("map value sent length-delimited", "d2 01 02 12 00", .wrongWireType, ["string_to_int32"], 26),
        HostileCase("oneof string sent as varint", "e0 01 01", .wrongWireType, ["choice_name"], 28),
        HostileCase(
            "oneof message sent as fixed64", "e9 01 00 00 00 00 00 00 00 00", .wrongWireType, ["choice_nested"], 29),
        HostileCase("optional int32 sent as fixed32", "f5 01 00 00 00 00", .wrongWireType, ["optional_int32"], 30),
        HostileCase("nested string sent as varint", "1a 02 10 01", .wrongWireType, ["nested", "name"], 2),
    ]

    static let groups: [HostileCase] = [
        HostileCase("start group on int32", "0b", .groupNotSupported, ["int32_value"], 1),
        HostileCase("end group on int32", "0c", .groupNotSupported, ["int32_value"], 1),
        HostileCase("start group on string", "13", .groupNotSupported, ["string_value"], 2),
        HostileCase("start group on a message", "1b 0c", .groupNotSupported, ["nested"], 3),
        HostileCase("start group on a packed field", "23", .groupNotSupported, ["packed_int32"], 4),
        HostileCase("end group on a repeated string", "c4 01", .groupNotSupported, ["repeated_string"], 24),
        HostileCase("start group on a map", "d3 01", .groupNotSupported, ["string_to_int32"], 26),
        HostileCase("start group in a map entry", "d2 01 01 0b", .groupNotSupported, ["string_to_int32"], 26),
        HostileCase("start group on a oneof member", "eb 01", .groupNotSupported, ["choice_nested"], 29),
        HostileCase("start group, unknown number between fields", "2b 2c", .groupNotSupported, [], 5),
        HostileCase("end group, unknown number between fields", "2c", .groupNotSupported, [], 5),
        HostileCase("start group, unknown number beyond the last", "a3 06", .groupNotSupported, [], 100),
        HostileCase("end group, unknown number beyond the last", "a4 06", .groupNotSupported, [], 100),
        HostileCase("start group, unknown number in a nested message", "1a 01 2b", .groupNotSupported, ["nested"], 5),
    ]

    static let invalidWireTypes: [HostileCase] = [
        HostileCase("wire type 6, unknown number", "2e", .invalidWireType, [], 5),
        HostileCase("wire type 7, unknown number", "2f", .invalidWireType, [], 5),
        HostileCase("wire type 6, beyond the last field", "a6 06", .invalidWireType, [], 100),
        HostileCase("wire type 6 on int32", "0e", .invalidWireType, ["int32_value"], 1),
        HostileCase("wire type 7 on int32", "0f", .invalidWireType, ["int32_value"], 1),
        HostileCase("wire type 6 on string", "16", .invalidWireType, ["string_value"], 2),
        HostileCase("wire type 7 on a packed field", "27", .invalidWireType, ["packed_int32"], 4),
        HostileCase("wire type 6 on a map", "d6 01", .invalidWireType, ["string_to_int32"], 26),
        HostileCase("wire type 7 in a map entry", "d2 01 01 0f", .invalidWireType, ["string_to_int32"], 26),
    ]

    static let fieldNumbers: [HostileCase] = [
        HostileCase("field 0", "00 00", .invalidFieldNumber, [], 0),
        HostileCase("field 0, length-delimited", "02 00", .invalidFieldNumber, [], 0),
        HostileCase("field 0 after a valid field", "08 01 00", .invalidFieldNumber, [], 0),
        HostileCase("field 2^29", "80 80 80 80 10 00", .invalidFieldNumber, [], 1 << 29),
        HostileCase("field 2^61 - 1", "f8 ff ff ff ff ff ff ff ff 01", .invalidFieldNumber, [], nil),
        HostileCase("field 0 in a nested message", "1a 02 00 00", .invalidFieldNumber, ["nested"], 0),
        HostileCase("field 0 in a map entry", "d2 01 02 00 00", .invalidFieldNumber, ["string_to_int32"], 0),
    ]

    @Test("overlong varints", arguments: varints)
    func overlong(_ hostile: HostileCase) { expectHostile(hostile) }

    @Test("input that stops in the middle of a value", arguments: truncations)
    func truncated(_ hostile: HostileCase) { expectHostile(hostile) }

    @Test("lengths past the end of their enclosing bytes", arguments: lengths)
    func length(_ hostile: HostileCase) { expectHostile(hostile) }

    @Test("a known field with a wire type its type cannot have", arguments: wrongWireTypes)
    func wrongWireType(_ hostile: HostileCase) { expectHostile(hostile) }

    @Test("group wire types, known and unknown numbers", arguments: groups)
    func group(_ hostile: HostileCase) { expectHostile(hostile) }

    @Test("wire types 6 and 7", arguments: invalidWireTypes)
    func invalidWireType(_ hostile: HostileCase) { expectHostile(hostile) }

    @Test("field numbers outside 1...2^29-1", arguments: fieldNumbers)
    func invalidFieldNumber(_ hostile: HostileCase) { expectHostile(hostile) }

    func expectHostile(_ hostile: HostileCase, sourceLocation: SourceLocation = #_sourceLocation) {
        expectWireError(
            AllTypes.self, hostile.bytes, hostile.code, fieldPath: hostile.fieldPath,
            fieldNumber: hostile.fieldNumber, sourceLocation: sourceLocation)
    }

    static let descriptions: [(String, String)] = [
        ("00 00", "tandem.wiretest.AllTypes (field number 0): invalid field number"),
        ("2b", "tandem.wiretest.AllTypes (field number 5): group wire type is not supported"),
        ("12 05 61", "tandem.wiretest.AllTypes.string_value: length past the end of the input"),
        ("1a 02 10 01", "tandem.wiretest.AllTypes.nested.name: wrong wire type"),
        ("96", "tandem.wiretest.AllTypes: truncated input"),
    ]

    @Test("error descriptions name the message and the field, never the input", arguments: descriptions)
    func description(bytes: String, description: String) {
        let error = #expect(throws: WireError.self) { try AllTypes(serializedBytes: hex(bytes)) }
        #expect(error?.description == description)
    }

    @Test("the largest field number is accepted")
    func largestFieldNumber() throws {
        let decoded = try AllTypes(serializedBytes: hex("f8 ff ff ff 0f 00"))
        #expect(decoded.unknownFields.bytes == hex("f8 ff ff ff 0f 00"))
    }

    @Test("a 10-byte varint ending 0x01 is the largest accepted")
    func largestVarint() throws {
        let decoded = try AllTypes(serializedBytes: hex("70 ff ff ff ff ff ff ff ff ff 01"))
        #expect(decoded.uint64Value == .max)
    }

    @Test("every prefix of a valid encoding decodes at a field boundary and fails cleanly elsewhere")
    func everyPrefix() {
        var message = AllTypes.populated
        message.unknownFields = UnknownFields(bytes: hex("80 02 07 c2 3e 02 00 01"))
        expectPrefixes(of: message)
        var recursive = Recursive.chain(depth: 3)
        recursive.value = 300
        expectPrefixes(of: recursive)
    }

    func expectPrefixes<M: ProtoMessage>(of message: M) {
        let encoded = message.serializedBytes()
        let names = Dictionary(uniqueKeysWithValues: FieldInventory.fields(of: M.self).map { ($0.number, $0.name) })
        let records = WireRecord.split(encoded)
        let boundaries = Set([0] + records.map(\.end))
        for cut in 0...encoded.count {
            let prefix = Array(encoded[..<cut])
            if boundaries.contains(cut) {
                // A field boundary: a valid message, which encodes back to the same bytes.
                let decoded = try? M(serializedBytes: prefix)
                #expect(decoded?.serializedBytes() == prefix, "prefix of \(cut) bytes")
                continue
            }
            let record = records.first { $0.start < cut && cut < $0.end }!
            let code: WireError.Code
            var fieldPath: [String] = []
            var fieldNumber: Int?
            if cut < record.valueStart {
                code = .truncated
            } else {
                let cutInLengthPrefix = cut < record.payloadStart
                code = record.wireType == 2 && !cutInLengthPrefix ? .lengthOutOfBounds : .truncated
                // An unknown field is named by number only.
                fieldPath = names[record.number].map { [$0] } ?? []
                fieldNumber = record.number
            }
            expectWireError(M.self, prefix, code, fieldPath: fieldPath, fieldNumber: fieldNumber)
        }
    }

    @Test("100 nested messages decode; the 101st is refused")
    func nestingLimit() throws {
        #expect(WireReader.maximumDepth == 100)
        let deepest = Recursive.chain(depth: 100)
        #expect(try Recursive(serializedBytes: deepest.serializedBytes()) == deepest)
        expectWireError(
            Recursive.self, Recursive.chain(depth: 101).serializedBytes(), .nestingTooDeep,
            fieldPath: Array(repeating: "child", count: 101), fieldNumber: 1)
    }

    @Test("a deeply nested bomb is refused at the limit without exhausting the stack")
    func nestingBomb() {
        var body: [UInt8] = []
        for _ in 0..<2000 {
            var writer = WireWriter()
            writer.writeTag(1, .lengthDelimited)
            writer.writeVarint(UInt64(body.count))
            body = writer.bytes + body
        }
        expectWireError(
            Recursive.self, body, .nestingTooDeep, fieldPath: Array(repeating: "child", count: 101), fieldNumber: 1)
    }
}
