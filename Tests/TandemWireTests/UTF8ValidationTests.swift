import Testing

@testable import TandemWire

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    /// The standard library's validating initialiser is the reference.
    static func reference(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
    }

    @Test(
        "edge sequences agree with the standard library",
        arguments: [
            [], [0x41], [0x7F], [0x80], [0xC2, 0x80], [0xC1, 0xBF], [0xDF, 0xBF], [0xE0, 0xA0, 0x80],
            [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x9A],
            Array("abcdefgh\u{E9}ijklmnop".utf8), Array("0123456789abcdef".utf8) + [0xFF],
        ] as [[UInt8]])
    func edgeSequences(_ bytes: [UInt8]) {
        #expect(Self.isValid(bytes) == Self.reference(bytes))
    }

    @Test("random byte strings agree with the standard library")
    func randomBytes() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        // Mostly ASCII with lead and continuation bytes mixed in, so every branch is reached.
        let alphabet: [UInt8] = [0x41, 0x7A, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xA0, 0x90]
        var disagreements = 0
        var valid = 0
        for _ in 0..<50_000 {
            let count = Int(next() % 24)
            let bytes = (0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            if Self.isValid(bytes) != Self.reference(bytes) { disagreements += 1 }
            if Self.reference(bytes) { valid += 1 }
        }
        #expect(disagreements == 0)
        #expect(valid > 1_000, "the generator must produce valid strings too")
    }
}
