internal import COpenSSL
import TandemRPC
import TandemSchema

/// The few cryptographic operations services need, from OpenSSL.
public enum Crypto {
    /// `count` bytes from OpenSSL's CSPRNG.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "OpenSSL's random generator failed")
        return bytes
    }

    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable(sha256(buffer:)) { return digest }
        return Array(bytes).withUnsafeBufferPointer(sha256(buffer:))
    }

    /// SHA-256 of a text's UTF-8 bytes, read in place (a credential is hashed on every call).
    public static func sha256(utf8 text: Substring) -> [UInt8] {
        var text = text
        return text.withUTF8(sha256(buffer:))
    }

    private static func sha256(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Int(SHA256_DIGEST_LENGTH)) { output, count in
            tandem_sha256(input.baseAddress, input.count, output.baseAddress)
            count = Int(SHA256_DIGEST_LENGTH)
        }
    }

    /// HMAC-SHA256 of `message` keyed with `key`.
    public static func hmacSHA256(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        key.withUnsafeBufferPointer { key in
            message.withUnsafeBufferPointer { message in
                output.withUnsafeMutableBufferPointer { out in
                    _ = HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), message.baseAddress, message.count, out.baseAddress, &length)
                }
            }
        }
        return output
    }

    /// Compares in time that depends on the length only, never on where the bytes differ.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { a in b.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 } }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    public static func hex(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes from lower-case hex; nil for anything else.
    public static func bytes(hex: String) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexDigits.firstIndex(of: utf8[index]), let low = hexDigits.firstIndex(of: utf8[index + 1]) else {
                return nil
            }
            bytes.append(UInt8(high << 4 | low))
            index += 2
        }
        return bytes
    }

    /// Unpadded base64url (RFC 4648 §5).
    public static func base64URL(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes, alphabet: .url)
    }

    /// The bytes of unpadded base64url text; nil for anything else.
    public static func bytes(base64URL text: String) -> [UInt8]? {
        Base64.decode(text, alphabet: .url)
    }
}
