import Testing

@testable import TandemRPC

@Suite("grpc-message percent-encoding")
struct PercentEncodingTests {
    static let examples: [(message: String, encoded: String)] = [
        ("a%b", "a%25b"),
        ("", ""),
        ("plain text, ~!@#$&*()[]{}<>?/\\|'\"", "plain text, ~!@#$&*()[]{}<>?/\\|'\""),
        ("100%", "100%25"),
        ("ü", "%C3%BC"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("line\nbreak", "line%0Abreak"),
        ("tab\there", "tab%09here"),
        ("\u{0}\u{1F}\u{7F}", "%00%1F%7F"),
        ("😀", "%F0%9F%98%80"),
    ]

    @Test("examples encode and decode", arguments: Self.examples)
    func roundTrip(message: String, encoded: String) {
        #expect(PercentEncoding.encode(message) == encoded)
        #expect(PercentEncoding.decode(encoded) == message)
    }

    @Test("encoded text only holds space to tilde, and % only before two hex digits")
    func encodedAlphabet() {
        let encoded = PercentEncoding.encode("a%b\u{1}é\u{7F} z")
        #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
        #expect(encoded == "a%25b%01%C3%A9%7F z")
    }

    static let lenient: [(encoded: String, message: String)] = [
        ("%", "%"),
        ("%4", "%4"),
        ("abc%", "abc%"),
        ("%zz", "%zz"),
        ("%4g", "%4g"),
        ("%%41", "%A"),
        ("%c3%bc", "ü"),
        ("%41%", "A%"),
        ("%FF", "\u{FFFD}"),
        ("%C3", "\u{FFFD}"),
    ]

    @Test("invalid sequences decode leniently, without failing", arguments: Self.lenient)
    func decodeLeniently(encoded: String, message: String) {
        #expect(PercentEncoding.decode(encoded) == message)
    }
}
