/// Reads protobuf wire-format values from borrowed memory, checking every bound.
///
/// A reader never outlives the buffer it was made from: the decoding entry points create one
/// inside `withUnsafeBytes` and finish with it before returning.
public struct WireReader {
    /// Messages may nest this deep; one more level is refused with ``WireError/Code/nestingTooDeep``.
    public static let maximumDepth = 100

    @usableFromInline let base: UnsafeRawPointer?
    @usableFromInline var position: Int
    @usableFromInline var end: Int
    /// How many messages enclose the one being read.
    @usableFromInline var depth: Int

    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        base = buffer.baseAddress
        position = 0
        end = buffer.count
        depth = 0
    }

    @inlinable
    public var isAtEnd: Bool { position >= end }

    @inlinable
    public var remaining: Int { end - position }

    @inlinable
    public mutating func readVarint() throws(WireError) -> UInt64 {
        guard let base else { throw WireError(.truncated) }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw WireError(.truncated) }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            if shift == 63 && byte > 1 { throw WireError(.overlongVarint) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { throw WireError(.overlongVarint) }
        }
    }

    @inlinable
    public mutating func readFixed32() throws(WireError) -> UInt32 {
        guard let base, end - position >= 4 else { throw WireError(.truncated) }
        let value = base.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: value)
    }

    @inlinable
    public mutating func readFixed64() throws(WireError) -> UInt64 {
        guard let base, end - position >= 8 else { throw WireError(.truncated) }
        let value = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: value)
    }

    /// Reads a length prefix and returns the bounds of the bytes it covers, advancing past them.
    @inlinable
    public mutating func readLengthDelimited() throws(WireError) -> UnsafeRawBufferPointer {
        let length = try readVarint()
        guard length <= UInt64(end - position) else { throw WireError(.lengthOutOfBounds) }
        let count = Int(length)
        guard count > 0, let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let slice = UnsafeRawBufferPointer(start: base + position, count: count)
        position += count
        return slice
    }

    @inlinable
    public mutating func readString() throws(WireError) -> String {
        let slice = try readLengthDelimited()
        if slice.isEmpty { return "" }
        let utf8 = slice.assumingMemoryBound(to: UInt8.self)
        // String(decoding:as:) would repair invalid bytes instead of refusing them.
        guard UTF8Validation.isValid(utf8) else { throw WireError(.invalidUTF8) }
        return String(decoding: utf8, as: UTF8.self)
    }

    @inlinable
    public mutating func readBytes() throws(WireError) -> [UInt8] {
        [UInt8](try readLengthDelimited())
    }

    /// A reader over the next `length`-prefixed bytes, one nesting level deeper.
    @inlinable
    mutating func nestedReader() throws(WireError) -> WireReader {
        guard depth < Self.maximumDepth else { throw WireError(.nestingTooDeep) }
        let length = try readVarint()
        guard length <= UInt64(end - position) else { throw WireError(.lengthOutOfBounds) }
        var nested = self
        nested.end = position + Int(length)
        nested.depth = depth + 1
        position = nested.end
        return nested
    }

    /// Reads a tag, refusing field numbers outside 1...2^29-1.
    @inlinable
    mutating func readTag() throws(WireError) -> (number: Int, wireType: UInt8) {
        let tag = try readVarint()
        let number = tag >> 3
        guard number != 0, number <= UInt64(FieldNumber.maximum) else {
            throw WireError(.invalidFieldNumber, fieldNumber: number <= UInt64(Int32.max) ? Int(number) : nil)
        }
        return (Int(number), UInt8(truncatingIfNeeded: tag & 7))
    }

    /// Skips one value of the given wire type.
    @inlinable
    mutating func skipValue(wireType: UInt8) throws(WireError) {
        switch wireType {
        case WireType.varint.rawValue: _ = try readVarint()
        case WireType.fixed64.rawValue: _ = try readFixed64()
        case WireType.lengthDelimited.rawValue: _ = try readLengthDelimited()
        case WireType.fixed32.rawValue: _ = try readFixed32()
        case WireType.startGroup.rawValue, WireType.endGroup.rawValue: throw WireError(.groupNotSupported)
        default: throw WireError(.invalidWireType)
        }
    }

    /// The bytes from `start` to the current position.
    @inlinable
    func bytes(from start: Int) -> UnsafeRawBufferPointer {
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + start, count: position - start)
    }
}
