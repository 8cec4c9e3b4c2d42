import TandemSchema

/// The canonical dump of a field value, and back: the conversions both sides of the
/// conformance check agree on (see Tests/Conformance/conformance.py for the format).
///
/// Generic over codecs: the value's Swift type is recovered from `C.fieldType` with dynamic
/// casts, and nested messages and enums are opened as `any ProtoMessage` / `any ProtoEnum`.
enum CanonicalValue {
    static func dump<C: FieldCodec>(_ codec: C.Type, _ value: C.Value) throws(ConformanceError) -> JSON {
        switch C.fieldType {
        case .int32, .sint32, .sfixed32: return .string(String(try cast(value, Int32.self, C.self)))
        case .int64, .sint64, .sfixed64: return .string(String(try cast(value, Int64.self, C.self)))
        case .uint32, .fixed32: return .string(String(try cast(value, UInt32.self, C.self)))
        case .uint64, .fixed64: return .string(String(try cast(value, UInt64.self, C.self)))
        case .double: return .string(hex(try cast(value, Double.self, C.self).bitPattern, digits: 16))
        case .float: return .string(hex(UInt64(try cast(value, Float.self, C.self).bitPattern), digits: 8))
        case .bool: return .bool(try cast(value, Bool.self, C.self))
        case .string: return .string(try cast(value, String.self, C.self))
        case .bytes: return .string(hex(try cast(value, [UInt8].self, C.self)))
        case .enum:
            guard let value = value as? any ProtoEnum else { throw mismatch(C.self, "a ProtoEnum") }
            return .string(String(value.rawValue))
        case .message:
            guard let value = value as? any ProtoMessage else { throw mismatch(C.self, "a ProtoMessage") }
            return try dumpMessage(value)
        case .group: throw ConformanceError("\(C.self): groups are not part of proto3")
        }
    }

    static func load<C: FieldCodec>(_ codec: C.Type, _ json: JSON, at path: String) throws(ConformanceError) -> C.Value
    {
        let value: Any
        switch C.fieldType {
        case .int32, .sint32, .sfixed32: value = try integer(json, Int32.self, at: path)
        case .int64, .sint64, .sfixed64: value = try integer(json, Int64.self, at: path)
        case .uint32, .fixed32: value = try integer(json, UInt32.self, at: path)
        case .uint64, .fixed64: value = try integer(json, UInt64.self, at: path)
        case .double: value = Double(bitPattern: try bits(json, digits: 16, at: path))
        case .float: value = Float(bitPattern: UInt32(try bits(json, digits: 8, at: path)))
        case .bool:
            guard case .bool(let bool) = json else { throw unexpected(json, "true or false", at: path) }
            value = bool
        case .string:
            guard case .string(let string) = json else { throw unexpected(json, "a string", at: path) }
            value = string
        case .bytes:
            guard case .string(let text) = json else { throw unexpected(json, "a hex string", at: path) }
            value = try unhex(text, at: path)
        case .enum:
            guard let type = C.Value.self as? any ProtoEnum.Type else { throw mismatch(C.self, "a ProtoEnum") }
            value = type.init(rawValue: try integer(json, Int32.self, at: path))
        case .message:
            guard let type = C.Value.self as? any ProtoMessage.Type else { throw mismatch(C.self, "a ProtoMessage") }
            value = try loadMessage(type, json, at: path)
        case .group: throw ConformanceError("\(C.self): groups are not part of proto3")
        }
        guard let typed = value as? C.Value else { throw mismatch(C.self, "\(type(of: value))") }
        return typed
    }

    /// A message's dump: its fields through ``DumpVisitor``, then its unknown fields.
    static func dumpMessage<M: ProtoMessage>(_ message: M) throws(ConformanceError) -> JSON {
        var message = message
        var visitor = DumpVisitor()
        try message.visitFields(&visitor)
        if !message.unknownFields.isEmpty {
            visitor.fields["_unknown"] = .string(hex(message.unknownFields.bytes))
        }
        return .object(visitor.fields)
    }

    /// Builds a message from its dump alone, refusing keys the Swift type does not declare.
    static func loadMessage<M: ProtoMessage>(_ type: M.Type, _ json: JSON, at path: String) throws(ConformanceError)
        -> M
    {
        guard case .object(let object) = json else { throw unexpected(json, "an object", at: path) }
        var message = M()
        var visitor = LoadVisitor(object: object, path: path)
        try message.visitFields(&visitor)
        for key in object.keys where key != "_unknown" && !visitor.used.contains(key) {
            throw ConformanceError(
                "\(join(path, key)): the dump has this field but \(M.protoName) does not declare it")
        }
        if let unknown = object["_unknown"] {
            guard case .string(let text) = unknown else { throw unexpected(unknown, "a hex string", at: path) }
            message.unknownFields = UnknownFields(bytes: try unhex(text, at: join(path, "_unknown")))
        }
        return message
    }

    /// The canonical order of map keys: strings by UTF-8 bytes, integers numerically, false first.
    static func keyPrecedes(_ type: ProtoFieldType, _ left: JSON, _ right: JSON) -> Bool {
        switch (left, right) {
        case (.bool(let left), .bool(let right)): return !left && right
        case (.string(let left), .string(let right)):
            switch type {
            case .string: return left.utf8.lexicographicallyPrecedes(right.utf8)
            case .uint32, .uint64, .fixed32, .fixed64: return UInt64(left)! < UInt64(right)!
            default: return Int64(left)! < Int64(right)!
            }
        default: return false
        }
    }

    static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    // MARK: - Conversions

    private static func cast<T, C: FieldCodec>(_ value: C.Value, _ type: T.Type, _ codec: C.Type)
        throws(ConformanceError) -> T
    {
        guard let typed = value as? T else { throw mismatch(C.self, "\(T.self)") }
        return typed
    }

    private static func mismatch<C: FieldCodec>(_ codec: C.Type, _ expected: String) -> ConformanceError {
        ConformanceError("\(C.self) declares type \(C.fieldType) but its value type \(C.Value.self) is not \(expected)")
    }

    private static func unexpected(_ json: JSON, _ expected: String, at path: String) -> ConformanceError {
        ConformanceError("\(path.isEmpty ? "(message)" : path): expected \(expected), found \(json.short())")
    }

    private static func integer<T: FixedWidthInteger>(_ json: JSON, _ type: T.Type, at path: String)
        throws(ConformanceError) -> T
    {
        guard case .string(let text) = json, let value = T(text) else {
            throw unexpected(json, "a decimal \(T.self) string", at: path)
        }
        return value
    }

    private static func bits(_ json: JSON, digits: Int, at path: String) throws(ConformanceError) -> UInt64 {
        guard case .string(let text) = json, text.hasPrefix("0x"), text.utf8.count == digits + 2,
            let value = UInt64(text.dropFirst(2), radix: 16)
        else { throw unexpected(json, "0x and \(digits) hex digits", at: path) }
        return value
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func unhex(_ text: String, at path: String) throws(ConformanceError) -> [UInt8] {
        func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw unexpected(.string(text), "lowercase hex", at: path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                throw unexpected(.string(text), "lowercase hex", at: path)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
