public import Foundation

/// Server-assigned ids: version 7 UUIDs (a millisecond timestamp, then randomness), so that ids
/// sort roughly by creation time and index well.
public enum Identifiers {
    public static func uuidV7(now: Date = Date()) -> String {
        var bytes = Crypto.randomBytes(16)
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0f)
        bytes[8] = 0x80 | (bytes[8] & 0x3f)
        // 8-4-4-4-12 lower-case hex digits, written straight into the string's storage.
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = Crypto.hexDigits[Int(byte >> 4)]
                text[position + 1] = Crypto.hexDigits[Int(byte & 0x0f)]
                position += 2
            }
            return position
        }
    }

    /// Whether `text` is a UUID in the canonical lower-case form (any version).
    public static func isUUID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 36 else { return false }
            for index in 0..<36 {
                let byte = bytes[index]
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard byte == UInt8(ascii: "-") else { return false }
                } else {
                    guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
                    else { return false }
                }
            }
            return true
        }
    }
}
