/// A JSON value, as the canonical dumps use it (they hold no numbers: integers are strings there).
enum JSON: Sendable {
    case null
    case bool(Bool)
    /// Kept as its text; only the manifest could hold one.
    case number(String)
    case string(String)
    case array([JSON])
    case object([String: JSON])
}

extension JSON: Equatable {
    /// Strings compare by their UTF-8 bytes: Swift's `String ==` would call canonically
    /// equivalent strings equal ("é" and "e" + U+0301) and hide a normalisation bug.
    static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.number(let left), .number(let right)): left.utf8.elementsEqual(right.utf8)
        case (.string(let left), .string(let right)): left.utf8.elementsEqual(right.utf8)
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)):
            left.count == right.count && left.allSatisfy { key, value in right[key] == value }
        default: false
        }
    }
}

extension JSON {
    subscript(key: String) -> JSON? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    var arrayValue: [JSON]? {
        if case .array(let array) = self { array } else { nil }
    }

    /// Compact JSON text, object keys in UTF-8 byte order.
    var rendered: String {
        var text = ""
        render(into: &text)
        return text
    }

    private func render(into text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let value): text += value
        case .string(let value): JSON.renderString(value, into: &text)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.render(into: &text)
            }
            text += "]"
        case .object(let object):
            text += "{"
            let keys = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { text += "," }
                JSON.renderString(key, into: &text)
                text += ":"
                object[key]!.render(into: &text)
            }
            text += "}"
        }
    }

    private static func renderString(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// The rendering, cut to `limit` characters for a one-line message.
    func short(limit: Int = 80) -> String {
        let text = rendered
        return text.count <= limit ? text : "\(text.prefix(limit))... (\(text.count) chars)"
    }
}

extension JSON {
    /// One line naming the first place where `actual` (Swift's) and `expected` (Python's) differ.
    static func firstDifference(_ actual: JSON, _ expected: JSON, path: String = "") -> String? {
        let place = path.isEmpty ? "(message)" : path
        switch (actual, expected) {
        case (.object(let left), .object(let right)):
            let keys = Set(left.keys).union(right.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for key in keys {
                let sub = path.isEmpty ? key : "\(path).\(key)"
                switch (left[key], right[key]) {
                case (nil, let value?): return "\(sub): missing on the Swift side, Python has \(value.short())"
                case (let value?, nil): return "\(sub): Swift has \(value.short()), absent on the Python side"
                case (let value?, let other?):
                    if let found = firstDifference(value, other, path: sub) { return found }
                default: break
                }
            }
            return nil
        case (.array(let left), .array(let right)):
            // A different count says more than the first element it shifts.
            if left.count != right.count {
                return "\(place): \(left.count) elements on the Swift side, \(right.count) on the Python side"
            }
            for (index, (value, other)) in zip(left, right).enumerated() {
                if let found = firstDifference(value, other, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return actual == expected ? nil : "\(place): Swift \(actual.short()), Python \(expected.short())"
        }
    }
}

/// A strict parser for the JSON the corpus files hold.
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0

    static func parse(_ bytes: [UInt8]) throws(ConformanceError) -> JSON {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ problem: String) -> ConformanceError {
        ConformanceError("invalid JSON at byte \(position): \(problem)")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ literal: String) throws(ConformanceError) {
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw error("expected \(literal)") }
            position += 1
        }
    }

    private mutating func value() throws(ConformanceError) -> JSON {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var object: [String: JSON] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                let key = try string()
                skipWhitespace()
                try expect(":")
                guard object.updateValue(try value(), forKey: key) == nil else { throw error("duplicate key \(key)") }
                skipWhitespace()
                guard position < bytes.count else { throw error("unterminated object") }
                position += 1
                if bytes[position - 1] == UInt8(ascii: "}") { return .object(object) }
                guard bytes[position - 1] == UInt8(ascii: ",") else { throw error("expected , or }") }
            }
        case UInt8(ascii: "["):
            position += 1
            var array: [JSON] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(array)
            }
            while true {
                array.append(try value())
                skipWhitespace()
                guard position < bytes.count else { throw error("unterminated array") }
                position += 1
                if bytes[position - 1] == UInt8(ascii: "]") { return .array(array) }
                guard bytes[position - 1] == UInt8(ascii: ",") else { throw error("expected , or ]") }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default:
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            guard position > start else { throw error("unexpected character") }
            return .number(String(decoding: bytes[start..<position], as: UTF8.self))
        }
    }

    private mutating func string() throws(ConformanceError) -> String {
        try expect("\"")
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        try expect("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("lone surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    UTF8.encode(scalar) { utf8.append($0) }
                default: throw error("invalid escape")
                }
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func hex4() throws(ConformanceError) -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw error("invalid \\u escape") }
        position += 4
        return value
    }
}
