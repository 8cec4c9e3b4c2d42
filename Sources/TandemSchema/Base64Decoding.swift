/// Standard base64 (RFC 4648 §4) decoding for data compiled into the module as text, without
/// Foundation. Line breaks and other ASCII whitespace between characters are skipped, so a long
/// value can be written as a multi-line string literal.
enum Base64Decoding {
    /// The 6-bit value of each byte of the alphabet; `skip` for whitespace; `invalid` otherwise.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        for byte in " \t\n\r".utf8 {
            table[Int(byte)] = skip
        }
        return table
    }()
    private static let invalid: UInt8 = 0xFF
    private static let skip: UInt8 = 0xFE

    /// The bytes `text` encodes; `nil` if it is not base64: a byte outside the alphabet, padding
    /// anywhere but at the end, or a length no encoding has. Padding is optional.
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3)
        var accumulator: UInt32 = 0
        var pending = 0
        var padding = 0
        for byte in text.utf8 {
            let value = sextets[Int(byte)]
            if value == skip { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard value != invalid, padding == 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            pending += 1
            if pending == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                pending = 0
            }
        }
        switch pending {
        case 0:
            guard padding == 0 else { return nil }
        case 2:
            guard padding == 0 || padding == 2, accumulator & 0x0F == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            guard padding == 0 || padding == 1, accumulator & 0x03 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default:
            return nil
        }
        return output
    }
}
