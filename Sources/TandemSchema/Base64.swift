/// Base64 without Foundation: the standard alphabet (RFC 4648 §4) for `-bin` metadata, where gRPC
/// peers must accept padded and unpadded values and should send unpadded ones, padded for the
/// `bytes` of the proto3 JSON mapping (`ProtoJSON`), and the URL-safe alphabet (§5) for tokens.
package enum Base64 {
    package enum Alphabet: Sendable {
        case standard
        case url

        fileprivate var characters: [UInt8] {
            switch self {
            case .standard: Base64.standardCharacters
            case .url: Base64.urlCharacters
            }
        }

        fileprivate var sextets: [UInt8] {
            switch self {
            case .standard: Base64.standardSextets
            case .url: Base64.urlSextets
            }
        }
    }

    private static let standardCharacters: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlCharacters: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let standardSextets = sextetTable(standardCharacters)
    private static let urlSextets = sextetTable(urlCharacters)

    /// The 6-bit value of each byte of the alphabet, 0xFF for any other byte.
    private static func sextetTable(_ characters: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in characters.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }

    /// The encoding of `bytes`, with `=` padding only if asked for.
    package static func encode(
        _ bytes: some Collection<UInt8>, padded: Bool = false, alphabet characters: Alphabet = .standard
    ) -> String {
        let alphabet = characters.characters
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            output.append(alphabet[Int(first >> 2)])
            output.append(alphabet[Int((first & 0x03) << 4 | (second ?? 0) >> 4)])
            if let second {
                output.append(alphabet[Int((second & 0x0F) << 2 | (third ?? 0) >> 6)])
            } else if padded {
                output.append(UInt8(ascii: "="))
            }
            if let third {
                output.append(alphabet[Int(third & 0x3F)])
            } else if padded {
                output.append(UInt8(ascii: "="))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, padded or not; `nil` if it is not base64 (a byte outside the
    /// alphabet, misplaced or excess padding, or a length no encoding has).
    package static func decode(_ text: some StringProtocol, alphabet: Alphabet = .standard) -> [UInt8]? {
        let sextets = alphabet.sextets
        var input = Array(text.utf8)
        if input.count % 4 == 0, input.last == UInt8(ascii: "=") {
            input.removeLast()
            if input.last == UInt8(ascii: "=") { input.removeLast() }
            // Padding only completes a final group of 2 or 3 characters.
            guard input.count % 4 >= 2 else { return nil }
        }
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let sextet = sextets[Int(byte)]
            guard sextet != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
