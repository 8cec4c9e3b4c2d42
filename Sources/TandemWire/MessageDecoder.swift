/// Decoding is this visitor walking a message's fields while it reads the input.
///
/// Input written in field-number order (as every protobuf encoder writes it) is decoded in a
/// single pass over the field list. A tag whose number falls between two declared fields is
/// unknown and kept as bytes. A tag that arrives out of order starts another pass; every pass
/// consumes at least one tag, so hostile input costs at most (tags x fields) comparisons.
public struct MessageDecoder: FieldVisitor {
    public typealias Failure = WireError

    @usableFromInline var reader: WireReader
    /// Field number of the tag read ahead; 0 once the input is exhausted.
    @usableFromInline var pendingNumber = 0
    @usableFromInline var pendingWireType: UInt8 = 0
    /// Where the read-ahead tag starts, so an unknown field can be kept byte for byte.
    @usableFromInline var pendingStart = 0
    /// The number of the field visited last in this pass.
    @usableFromInline var previous = 0
    @usableFromInline var unknown: [UInt8] = []

    @inlinable
    init(reader: WireReader) {
        self.reader = reader
    }

    /// Decodes the message in `reader` into `message`, merging with what it already holds.
    @inlinable
    public static func merge<M: ProtoMessage>(_ message: inout M, from reader: inout WireReader) throws(WireError) {
        var decoder = MessageDecoder(reader: reader)
        do throws(WireError) {
            try decoder.advance()
            while decoder.pendingNumber != 0 {
                decoder.previous = 0
                try message.visitFields(&decoder)
                // Whatever lies beyond the last declared field is unknown.
                try decoder.keepUnknown(below: Int.max)
            }
        } catch {
            throw error.within(M.protoName)
        }
        if !decoder.unknown.isEmpty {
            message.unknownFields.bytes.append(contentsOf: decoder.unknown)
        }
        reader.position = decoder.reader.position
    }

    @inlinable
    mutating func advance() throws(WireError) {
        if reader.isAtEnd {
            pendingNumber = 0
            return
        }
        pendingStart = reader.position
        let tag = try reader.readTag()
        pendingNumber = tag.number
        pendingWireType = tag.wireType
    }

    /// Keeps as unknown every pending tag numbered between the previous declared field and `number`.
    @inlinable
    mutating func keepUnknown(below number: Int) throws(WireError) {
        while pendingNumber > previous && pendingNumber < number {
            do throws(WireError) {
                try reader.skipValue(wireType: pendingWireType)
            } catch {
                throw error.atFieldNumber(pendingNumber)
            }
            unknown.append(contentsOf: reader.bytes(from: pendingStart))
            try advance()
        }
    }

    @inlinable
    func checkWireType(_ expected: WireType) throws(WireError) {
        try Self.checkWireType(pendingWireType, expected)
    }

    /// Refuses a wire type other than `expected`, naming groups and wire types 6 and 7 as such.
    @inlinable
    static func checkWireType(_ wireType: UInt8, _ expected: WireType) throws(WireError) {
        if wireType == expected.rawValue { return }
        switch wireType {
        case WireType.startGroup.rawValue, WireType.endGroup.rawValue: throw WireError(.groupNotSupported)
        case 6, 7: throw WireError(.invalidWireType)
        default: throw WireError(.wrongWireType)
        }
    }

    @inlinable
    public mutating func visitSingular<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value
    ) throws(WireError) {
        try keepUnknown(below: number)
        while pendingNumber == number {
            do throws(WireError) {
                try checkWireType(C.wireType)
                try C.merge(&value, from: &reader)
            } catch {
                throw error.inField(name, number)
            }
            try advance()
        }
        previous = number
    }

    @inlinable
    public mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?
    ) throws(WireError) {
        try keepUnknown(below: number)
        while pendingNumber == number {
            do throws(WireError) {
                try checkWireType(C.wireType)
                var present = value ?? C.defaultValue
                try C.merge(&present, from: &reader)
                value = present
            } catch {
                throw error.inField(name, number)
            }
            try advance()
        }
        previous = number
    }

    @inlinable
    public mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]
    ) throws(WireError) {
        try keepUnknown(below: number)
        while pendingNumber == number {
            do throws(WireError) {
                if C.isPackable && pendingWireType == WireType.lengthDelimited.rawValue {
                    var packed = try reader.packedReader()
                    while !packed.isAtEnd {
                        value.append(try C.read(from: &packed))
                    }
                } else {
                    try checkWireType(C.wireType)
                    value.append(try C.read(from: &reader))
                }
            } catch {
                throw error.inField(name, number)
            }
            try advance()
        }
        previous = number
    }

    @inlinable
    public mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]
    ) throws(WireError) {
        try keepUnknown(below: number)
        while pendingNumber == number {
            do throws(WireError) {
                try checkWireType(.lengthDelimited)
                var entry = try reader.nestedReader()
                var key = K.defaultValue
                var element = V.defaultValue
                while !entry.isAtEnd {
                    let tag = try entry.readTag()
                    switch tag.number {
                    case 1:
                        try Self.checkWireType(tag.wireType, K.wireType)
                        key = try K.read(from: &entry)
                    case 2:
                        try Self.checkWireType(tag.wireType, V.wireType)
                        try V.merge(&element, from: &entry)
                    default:
                        try entry.skipValue(wireType: tag.wireType)
                    }
                }
                value[key] = element
            } catch {
                throw error.inField(name, number)
            }
            try advance()
        }
        previous = number
    }

    @inlinable
    public mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof
    ) throws(WireError) {
        try keepUnknown(below: number)
        while pendingNumber == number {
            do throws(WireError) {
                try checkWireType(C.wireType)
                var member = oneof.flatMap(extract) ?? C.defaultValue
                try C.merge(&member, from: &reader)
                oneof = embed(member)
            } catch {
                throw error.inField(name, number)
            }
            try advance()
        }
        previous = number
    }
}

extension WireReader {
    /// A reader over the next length-prefixed run of packed values (same nesting level).
    @inlinable
    mutating func packedReader() throws(WireError) -> WireReader {
        let length = try readVarint()
        guard length <= UInt64(end - position) else { throw WireError(.lengthOutOfBounds) }
        var packed = self
        packed.end = position + Int(length)
        position = packed.end
        return packed
    }
}

extension WireError {
    /// Names the field the error happened in, outermost name first.
    @usableFromInline
    func inField(_ name: StaticString, _ number: Int) -> WireError {
        var error = self
        if error.fieldPath.isEmpty && error.fieldNumber == nil { error.fieldNumber = number }
        error.fieldPath.insert(name.description, at: 0)
        return error
    }

    @usableFromInline
    func atFieldNumber(_ number: Int) -> WireError {
        var error = self
        if error.fieldNumber == nil { error.fieldNumber = number }
        return error
    }

    /// Records the message being decoded; the outermost message's name is the one that stays.
    @usableFromInline
    func within(_ messageName: String) -> WireError {
        var error = self
        error.message = messageName
        return error
    }
}
