public import Foundation

/// A Swift value that can be bound as a statement parameter, in PostgreSQL's text format.
///
/// The server infers each parameter's type from where it is used, so a Swift `String` binds to a
/// `uuid`, `text` or `date` column alike.
public protocol PostgresEncodable: Sendable {
    /// The text form of the value; nil binds SQL NULL.
    var postgresText: String? { get }
}

/// A Swift value that a column of a result decodes into, from PostgreSQL's text format.
public protocol PostgresDecodable {
    init(postgresText text: String) throws(PostgresError)
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { self }
    public init(postgresText text: String) { self = text }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { self ? "t" : "f" }
    public init(postgresText text: String) throws(PostgresError) {
        switch text {
        case "t": self = true
        case "f": self = false
        default: throw PostgresError(kind: .decoding, message: "\"\(text)\" is not a boolean")
        }
    }
}

extension PostgresDecodable where Self: FixedWidthInteger {
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = Self(text) else {
            throw PostgresError(kind: .decoding, message: "\"\(text)\" is not a \(Self.self)")
        }
        self = value
    }
}

extension Int: PostgresEncodable, PostgresDecodable { public var postgresText: String? { String(self) } }
extension Int64: PostgresEncodable, PostgresDecodable { public var postgresText: String? { String(self) } }
extension Int32: PostgresEncodable, PostgresDecodable { public var postgresText: String? { String(self) } }

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { String(self) }
    public init(postgresText text: String) throws(PostgresError) {
        guard let value = Double(text) else {
            throw PostgresError(kind: .decoding, message: "\"\(text)\" is not a double")
        }
        self = value
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? { self?.postgresText }
}

extension Array: PostgresEncodable where Element == String {
    /// A `text[]` literal: each element quoted, with `"` and `\` escaped.
    public var postgresText: String? {
        "{" + self.map { element in
            var quoted = "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
                quoted.unicodeScalars.append(character)
            }
            return quoted + "\""
        }.joined(separator: ",") + "}"
    }
}

extension Array: PostgresDecodable where Element == String {
    /// A one-dimensional `text[]` as PostgreSQL writes it: `{a,"b c","d\\"e"}`. NULL elements
    /// are refused.
    public init(postgresText text: String) throws(PostgresError) {
        if text == "{}" {
            self = []
            return
        }
        let scalars = [Unicode.Scalar](text.unicodeScalars)
        var malformed: PostgresError { PostgresError(kind: .decoding, message: "\"\(text.prefix(80))\" is not a text[]") }
        guard scalars.count >= 2, scalars.first == "{", scalars.last == "}" else { throw malformed }
        var elements: [String] = []
        var index = 1
        let end = scalars.count - 1
        if index == end {
            self = []
            return
        }
        while index < end {
            var element = String.UnicodeScalarView()
            if scalars[index] == "\"" {
                index += 1
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { throw malformed }
                    element.append(scalars[index])
                    index += 1
                }
                guard index < end else { throw malformed }
                index += 1  // the closing quote
            } else {
                while index < end, scalars[index] != "," {
                    element.append(scalars[index])
                    index += 1
                }
                if String(element) == "NULL" { throw malformed }
            }
            elements.append(String(element))
            if index < end {
                guard scalars[index] == "," else { throw malformed }
                index += 1
            }
        }
        self = elements
    }
}

/// `bytea` in and out (hex format).
public struct PostgresBytes: PostgresEncodable, PostgresDecodable, Hashable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let digits = Array("0123456789abcdef".utf8)

    public var postgresText: String? {
        var text = [UInt8]("\\x".utf8)
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(Self.digits[Int(byte >> 4)])
            text.append(Self.digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public init(postgresText text: String) throws(PostgresError) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            throw PostgresError(kind: .decoding, message: "bytea not in hex format")
        }
        func nibble(_ c: UInt8) throws(PostgresError) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: throw PostgresError(kind: .decoding, message: "bytea has a non-hex digit")
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2 - 1)
        var index = 2
        while index < utf8.count {
            bytes.append(try nibble(utf8[index]) << 4 | nibble(utf8[index + 1]))
            index += 2
        }
        self.bytes = bytes
    }
}

/// A `timestamptz` as microseconds since the Unix epoch. Connections run with `TimeZone=UTC` and
/// ISO dates, so the text form is `YYYY-MM-DD HH:MM:SS[.ffffff]+00`.
public struct PostgresTimestamp: PostgresEncodable, PostgresDecodable, Hashable, Comparable {
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }
    public var seconds: Int64 { microsecondsSinceEpoch.floorDivided(by: 1_000_000) }
    public var nanos: Int32 { Int32(microsecondsSinceEpoch - seconds * 1_000_000) * 1000 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch }

    /// Bound as `to_timestamp`-free text: the epoch form PostgreSQL's input accepts everywhere.
    public var postgresText: String? {
        let (days, dayMicros) = (microsecondsSinceEpoch.floorDivided(by: 86_400_000_000),
                                 microsecondsSinceEpoch - microsecondsSinceEpoch.floorDivided(by: 86_400_000_000) * 86_400_000_000)
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        let seconds = dayMicros / 1_000_000
        let micros = dayMicros % 1_000_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(micros, 6))+00"
    }

    public init(postgresText text: String) throws(PostgresError) {
        // Read in place: a row holds several timestamps, and copying each one's bytes out would
        // cost an allocation apiece.
        var text = text
        guard let micros = text.withUTF8(Self.parse) else { throw Self.malformed(text) }
        self.microsecondsSinceEpoch = micros
    }

    /// `YYYY-MM-DD HH:MM:SS[.f{1,6}]+00` as microseconds since the epoch; nil when malformed.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard bytes.count >= 22, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var micros: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                micros += Int64(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        guard bytes.count - index == 3, bytes[index] == UInt8(ascii: "+"), bytes[index + 1] == UInt8(ascii: "0"),
            bytes[index + 2] == UInt8(ascii: "0")
        else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000 + micros
    }

    private static func malformed(_ text: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "\"\(text)\" is not a UTC timestamp")
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil).
enum CivilDate {
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func from(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
