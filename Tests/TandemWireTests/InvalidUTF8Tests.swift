import TandemWire
import Testing

/// A string field somewhere in a message, and how a decoding error there must name it.
enum StringLocation: String, CaseIterable, Sendable {
    case stringField, repeatedString, oneofMember, optionalString, nestedField, repeatedMessageField
    case mapKey, mapValueField, recursiveChild, recursiveGrandchild

    /// The encoding of a message holding `utf8` (a string of at most 120 bytes) at this location.
    func bytes(holding utf8: [UInt8]) -> [UInt8] {
        let string = [UInt8(utf8.count)] + utf8
        func nested(_ tag: [UInt8], _ body: [UInt8]) -> [UInt8] { tag + [UInt8(body.count)] + body }
        return switch self {
        case .stringField: [0x12] + string
        case .repeatedString: [0xC2, 0x01] + string
        case .oneofMember: [0xE2, 0x01] + string
        case .optionalString: [0xFA, 0x01] + string
        case .nestedField: nested([0x1A], [0x12] + string)
        case .repeatedMessageField: nested([0xCA, 0x01], [0x12] + string)
        case .mapKey: nested([0xD2, 0x01], [0x0A] + string)
        case .mapValueField: nested([0xDA, 0x01], [0x08, 0x01] + nested([0x12], [0x12] + string))
        case .recursiveChild: nested([0x0A], [0x12] + string)
        case .recursiveGrandchild: nested([0x0A], nested([0x0A], [0x12] + string))
        }
    }

    var fieldPath: [String] {
        switch self {
        case .stringField: ["string_value"]
        case .repeatedString: ["repeated_string"]
        case .oneofMember: ["choice_name"]
        case .optionalString: ["optional_string"]
        case .nestedField: ["nested", "name"]
        case .repeatedMessageField: ["repeated_nested", "name"]
        case .mapKey: ["string_to_int32"]
        case .mapValueField: ["int64_to_nested", "name"]
        case .recursiveChild: ["child", "name"]
        case .recursiveGrandchild: ["child", "child", "name"]
        }
    }

    var fieldNumber: Int {
        switch self {
        case .stringField, .nestedField, .repeatedMessageField, .mapValueField, .recursiveChild,
            .recursiveGrandchild:
            2
        case .repeatedString: 24
        case .oneofMember: 28
        case .optionalString: 31
        case .mapKey: 26
        }
    }

    var isRecursive: Bool { self == .recursiveChild || self == .recursiveGrandchild }
}

@Suite("invalid UTF-8")
struct InvalidUTF8Tests {
    static let invalid: [String] = [
        "c3 28",  // a two-byte lead followed by ASCII
        "ed a0 80",  // a lone surrogate, U+D800
        "c0 80",  // an overlong encoding of U+0000
        "e0 80 af",  // an overlong encoding of '/'
        "80",  // a lone continuation byte
        "f4 90 80 80",  // above U+10FFFF
        "ff",  // never valid
        "e2 82",  // a three-byte sequence cut short
        "61 62 63 c3",  // valid text, then a cut-short sequence
    ]

    @Test(
        "a string field holding invalid UTF-8 is refused, naming the field", arguments: invalid, StringLocation.allCases
    )
    func refused(_ sequence: String, location: StringLocation) {
        let bytes = location.bytes(holding: hex(sequence))
        if location.isRecursive {
            expectWireError(
                Recursive.self, bytes, .invalidUTF8, fieldPath: location.fieldPath, fieldNumber: location.fieldNumber)
        } else {
            expectWireError(
                AllTypes.self, bytes, .invalidUTF8, fieldPath: location.fieldPath, fieldNumber: location.fieldNumber)
        }
    }

    @Test("valid UTF-8 at the same locations decodes", arguments: StringLocation.allCases)
    func accepted(location: StringLocation) throws {
        let text = "a é 日 😀"
        let bytes = location.bytes(holding: Array(text.utf8))
        if location.isRecursive {
            #expect(try Recursive(serializedBytes: bytes).serializedBytes() == bytes)
        } else if location == .mapKey {
            // The encoder writes the entry's value too, so compare the map rather than the bytes.
            #expect(try AllTypes(serializedBytes: bytes).stringToInt32 == [text: 0])
        } else {
            #expect(try AllTypes(serializedBytes: bytes).serializedBytes() == bytes)
        }
    }

    @Test("bytes fields and unknown fields are not checked for UTF-8", arguments: invalid)
    func bytesAreNotText(_ sequence: String) throws {
        let value = hex(sequence)
        let bytesField = try AllTypes(serializedBytes: [0xB2, 0x01, UInt8(value.count)] + value)
        #expect(bytesField.bytesValue == value)
        let unknown = [0x42, UInt8(value.count)] + value
        #expect(try AllTypes(serializedBytes: unknown).unknownFields.bytes == unknown)
    }

    @Test("the error description names the place but never echoes the input")
    func description() {
        let bytes = StringLocation.recursiveChild.bytes(holding: Array("secret".utf8) + [0xC3, 0x28])
        let error = #expect(throws: WireError.self) { try Recursive(serializedBytes: bytes) }
        #expect(error?.description == "tandem.wiretest.Recursive.child.name: invalid UTF-8 in a string field")
        #expect(error?.field == "child.name")
    }
}
