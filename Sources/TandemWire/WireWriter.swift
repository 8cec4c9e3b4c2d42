/// Appends protobuf wire-format bytes to a growing buffer.
///
/// Nested messages are written in one pass: a one-byte length placeholder is reserved, the body
/// is written, and the length is patched in afterwards (shifting the body only when the length
/// needs more than one byte).
public struct WireWriter: Sendable {
    public var bytes: [UInt8]

    @inlinable
    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    @inlinable
    public mutating func writeTag(_ number: Int, _ wireType: WireType) {
        writeVarint(UInt64(truncatingIfNeeded: number << 3) | UInt64(wireType.rawValue))
    }

    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    @inlinable
    public mutating func writeBytes(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Reserves room for a length prefix; pass the result to ``endLengthDelimited(_:)``.
    @inlinable
    public mutating func beginLengthDelimited() -> Int {
        bytes.append(0)
        return bytes.count
    }

    /// Writes the length of everything appended since ``beginLengthDelimited()``.
    @inlinable
    public mutating func endLengthDelimited(_ bodyStart: Int) {
        let length = bytes.count - bodyStart
        if length < 0x80 {
            bytes[bodyStart - 1] = UInt8(truncatingIfNeeded: length)
            return
        }
        var prefixSize = 1
        var rest = length >> 7
        while rest != 0 {
            prefixSize += 1
            rest >>= 7
        }
        let extra = prefixSize - 1
        bytes.append(contentsOf: repeatElement(0, count: extra))
        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            (base + bodyStart + extra).update(from: base + bodyStart, count: length)
            var value = length
            var index = bodyStart - 1
            while value >= 0x80 {
                base[index] = UInt8(truncatingIfNeeded: value) | 0x80
                value >>= 7
                index += 1
            }
            base[index] = UInt8(truncatingIfNeeded: value)
        }
    }

    /// Appends a message's fields (without tag or length) and its unknown fields.
    @inlinable
    public mutating func writeMessageBody<M: ProtoMessage>(_ message: M) {
        var message = message
        message.visitFields(&self)
        if !message.unknownFields.isEmpty {
            bytes.append(contentsOf: message.unknownFields.bytes)
        }
    }
}
