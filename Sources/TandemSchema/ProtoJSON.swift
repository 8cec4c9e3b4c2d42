/// The proto3 JSON mapping of a message (protobuf's "JSON Mapping"), as webhook bodies carry it.
///
/// Field names in lowerCamelCase; fields without presence left out when they hold their default;
/// 64-bit integers as strings; enums by name (by number when this schema does not know the
/// value); bytes as standard base64; `google.protobuf.Timestamp` as RFC 3339 in UTC and
/// `google.protobuf.FieldMask` as comma-joined lowerCamelCase paths. Unknown fields are not
/// written. The output is compact, with fields in number order, so the same message always gives
/// the same bytes (a signature over them is reproducible).
public enum ProtoJSON {
    /// `message` as one JSON object.
    public static func encode<M: ProtoMessage>(_ message: M) -> String {
        var output = ""
        write(message, to: &output)
        return output
    }

    static func write<M: ProtoMessage>(_ message: M, to output: inout String) {
        if let timestamp = message as? GoogleProtobuf.Timestamp {
            output += "\"" + rfc3339(timestamp) + "\""
            return
        }
        if let mask = message as? GoogleProtobuf.FieldMask {
            appendString(mask.paths.map(camelCase).joined(separator: ","), to: &output)
            return
        }
        var copy = message
        var visitor = JSONFieldWriter()
        copy.visitFields(&visitor)  // the writer never fails: its Failure is Never
        output += "{" + visitor.output + "}"
    }

    /// A value of a field of codec `C`.
    static func writeValue<C: FieldCodec>(_ codec: C.Type, _ value: C.Value, to output: inout String) {
        switch C.fieldType {
        case .int64, .sint64, .sfixed64, .uint64, .fixed64:
            output += "\"\(value)\""
        case .int32, .sint32, .sfixed32, .uint32, .fixed32:
            output += "\(value)"
        case .double, .float:
            let number = (value as? Double) ?? Double((value as? Float) ?? 0)
            if number.isNaN {
                output += "\"NaN\""
            } else if number.isInfinite {
                output += number < 0 ? "\"-Infinity\"" : "\"Infinity\""
            } else {
                output += C.fieldType == .float ? "\((value as? Float) ?? 0)" : "\(number)"
            }
        case .bool:
            output += (value as? Bool) == true ? "true" : "false"
        case .string:
            appendString((value as? String) ?? "", to: &output)
        case .bytes:
            output += "\"" + Base64.encode((value as? [UInt8]) ?? [], padded: true) + "\""
        case .enum:
            if let value = value as? any ProtoEnum {
                if value.isKnown { appendString(value.description, to: &output) } else { output += "\(value.rawValue)" }
            } else {
                output += "0"
            }
        case .message, .group:
            if let value = value as? any ProtoMessage { writeMessage(value, to: &output) } else { output += "{}" }
        }
    }

    private static func writeMessage(_ message: some ProtoMessage, to output: inout String) {
        write(message, to: &output)
    }

    /// A map key: always a JSON string.
    static func writeKey<K: FieldCodec>(_ codec: K.Type, _ key: K.Value, to output: inout String) {
        if let string = key as? String { appendString(string, to: &output) } else { output += "\"\(key)\"" }
    }

    /// `snake_case` to `lowerCamelCase`, as protoc derives a field's JSON name.
    public static func camelCase(_ name: String) -> String {
        var result = ""
        var upper = false
        for character in name {
            if character == "_" {
                upper = true
            } else if upper {
                result += character.uppercased()
                upper = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped, and
    /// U+2028 and U+2029 too, so the text is also a valid JavaScript literal.
    public static func appendString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z`, with as few fraction digits as keep the value.
    static func rfc3339(_ timestamp: GoogleProtobuf.Timestamp) -> String {
        let days = timestamp.seconds.floorDivided(by: 86_400), secondOfDay = timestamp.seconds.modulo(86_400)
        let day = CalendarDay(daysSinceEpoch: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(day)T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        let nanos = Int(max(0, min(999_999_999, timestamp.nanos)))
        if nanos != 0 {
            let digits: Int, value: Int
            if nanos % 1_000_000 == 0 {
                (digits, value) = (3, nanos / 1_000_000)
            } else if nanos % 1000 == 0 {
                (digits, value) = (6, nanos / 1000)
            } else {
                (digits, value) = (9, nanos)
            }
            let fraction = String(value)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text + "Z"
    }
}

/// Writes the members of one JSON object, `"name":value` separated by commas.
struct JSONFieldWriter: FieldVisitor {
    typealias Failure = Never
    var output = ""

    private mutating func key(_ name: StaticString) {
        if !output.isEmpty { output += "," }
        output += "\"" + ProtoJSON.camelCase(name.description) + "\":"
    }

    mutating func visitSingular<C: FieldCodec>(_ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value) {
        if C.isDefault(value) { return }
        key(name)
        ProtoJSON.writeValue(C.self, value, to: &output)
    }

    mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?
    ) {
        guard let value else { return }
        key(name)
        ProtoJSON.writeValue(C.self, value, to: &output)
    }

    mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]
    ) {
        if value.isEmpty { return }
        key(name)
        output += "["
        for (index, element) in value.enumerated() {
            if index > 0 { output += "," }
            ProtoJSON.writeValue(C.self, element, to: &output)
        }
        output += "]"
    }

    mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]
    ) {
        if value.isEmpty { return }
        key(name)
        output += "{"
        for (index, entry) in value.sorted(by: { K.sortsBefore($0.key, $1.key) }).enumerated() {
            if index > 0 { output += "," }
            ProtoJSON.writeKey(K.self, entry.key, to: &output)
            output += ":"
            ProtoJSON.writeValue(V.self, entry.value, to: &output)
        }
        output += "}"
    }

    mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof
    ) {
        guard let oneof, let value = extract(oneof) else { return }
        key(name)
        ProtoJSON.writeValue(C.self, value, to: &output)
    }
}
