/// Bytes written as space-separated hex pairs, e.g. `hex("08 96 01")`, so golden encodings read
/// like the protobuf documentation.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { pair in
        guard pair.count == 2, let byte = UInt8(pair, radix: 16) else {
            preconditionFailure("not a hex byte: \(pair)")
        }
        return byte
    }
}

extension Array where Element == UInt8 {
    /// The bytes as space-separated hex pairs, for readable failure messages.
    var hexDescription: String {
        map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
