/// One top-level field as it lies in a valid encoding, found by a parser written for the tests
/// so that their expectations do not depend on the decoder under test.
struct WireRecord: Hashable, Sendable {
    var number: Int
    var wireType: Int
    /// Byte offsets: the tag starts at `start`, the value at `valueStart`, the value's payload
    /// (after its length prefix, for length-delimited values) at `payloadStart`; the record ends
    /// before `end`.
    var start: Int
    var valueStart: Int
    var payloadStart: Int
    var end: Int

    /// Splits a valid encoding into its top-level fields, in wire order.
    static func split(_ bytes: [UInt8]) -> [WireRecord] {
        var records: [WireRecord] = []
        var position = 0
        func varint() -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[position]
                position += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }
        while position < bytes.count {
            let start = position
            let tag = varint()
            let valueStart = position
            var payloadStart = position
            switch tag & 7 {
            case 0: _ = varint()
            case 1: position += 8
            case 2:
                let length = Int(varint())
                payloadStart = position
                position += length
            case 5: position += 4
            default: preconditionFailure("not a valid test encoding")
            }
            records.append(
                WireRecord(
                    number: Int(tag >> 3), wireType: Int(tag & 7), start: start, valueStart: valueStart,
                    payloadStart: payloadStart, end: position))
        }
        precondition(position == bytes.count, "not a valid test encoding")
        return records
    }
}
