import TandemWire
import Testing

/// The string check compared with the standard library's own UTF-8 validation, over every short
/// sequence and around the eight-byte ASCII fast path.
@Suite("UTF-8 validation agrees with the standard library")
struct UTF8ValidationTests {
    /// What reading `utf8` as a string field's value gives: the string's bytes, or `nil` when it
    /// is refused as invalid UTF-8. Any other outcome is a failure of its own.
    static func read(_ utf8: [UInt8]) -> [UInt8]? {
        var writer = WireWriter()
        writer.writeBytes(utf8)
        return writer.bytes.withUnsafeBytes { buffer in
            var reader = WireReader(buffer)
            do throws(WireError) {
                let string = try reader.readString()
                return reader.isAtEnd ? Array(string.utf8) : [0xFF, 0xFF]
            } catch {
                return error.code == .invalidUTF8 ? nil : [0xFF, 0xFF]
            }
        }
    }

    /// Collects the inputs where the module and the standard library disagree.
    struct Disagreements {
        var inputs: [String] = []

        mutating func check(_ utf8: [UInt8]) {
            let expected = String(validating: utf8, as: UTF8.self).map { Array($0.utf8) }
            if UTF8ValidationTests.read(utf8) != expected { inputs.append(utf8.hexDescription) }
        }

        func expectNone(sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(
                inputs.isEmpty, "\(inputs.count) disagreements, first: \(inputs.prefix(10))",
                sourceLocation: sourceLocation)
        }
    }

    @Test("every one- and two-byte sequence")
    func short() {
        var disagreements = Disagreements()
        for first in 0...255 {
            disagreements.check([UInt8(first)])
            for second in 0...255 {
                disagreements.check([UInt8(first), UInt8(second)])
            }
        }
        disagreements.expectNone()
    }

    /// Bytes either side of every boundary the UTF-8 rules draw.
    static let edges: [UInt8] = [
        0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xF4, 0xF5, 0xFF,
    ]

    @Test("three-byte sequences: every lead and second byte, edge third bytes")
    func threeBytes() {
        var disagreements = Disagreements()
        for lead in 0xC0...0xFF {
            for second in 0...255 {
                for third in Self.edges {
                    disagreements.check([UInt8(lead), UInt8(second), third])
                }
            }
        }
        disagreements.expectNone()
    }

    @Test("four-byte sequences: every four-byte lead and second byte, edge third and fourth bytes")
    func fourBytes() {
        var disagreements = Disagreements()
        for lead in 0xF0...0xF7 {
            for second in 0...255 {
                for third in Self.edges {
                    for fourth in [0x7F, 0x80, 0xBF, 0xC0] as [UInt8] {
                        disagreements.check([UInt8(lead), UInt8(second), third, fourth])
                    }
                }
            }
        }
        disagreements.expectNone()
    }

    @Test("a sequence at every offset from the eight-byte ASCII runs", arguments: 0...17)
    func offsets(asciiPrefix: Int) {
        var disagreements = Disagreements()
        let prefix = [UInt8](repeating: 0x61, count: asciiPrefix)
        let sequences: [[UInt8]] = [
            [0xC3, 0xA9], [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x98, 0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80],
            [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFF],
        ]
        for sequence in sequences {
            disagreements.check(prefix + sequence)
            disagreements.check(prefix + sequence + prefix)
            disagreements.check(sequence + prefix)
            // Cut short at each byte of the sequence.
            for cut in 1..<sequence.count {
                disagreements.check(prefix + sequence[..<cut])
            }
        }
        disagreements.expectNone()
    }

    @Test("random byte strings, mostly non-ASCII")
    func random() {
        var disagreements = Disagreements()
        var generator = XorShift(seed: 0x0DD_F00D_5EED)
        for _ in 0..<30_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ -> UInt8 in
                switch Int.random(in: 0...3, using: &generator) {
                case 0: UInt8.random(in: 0...0x7F, using: &generator)
                case 1: UInt8.random(in: 0x80...0xBF, using: &generator)
                default: UInt8.random(in: 0xC0...0xFF, using: &generator)
                }
            }
            disagreements.check(bytes)
        }
        disagreements.expectNone()
    }

    @Test("random valid text round-trips unchanged")
    func randomValid() {
        var generator = XorShift(seed: 0xFEED_FACE)
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...30, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<count {
                let ranges: [ClosedRange<UInt32>] = [
                    0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF,
                ]
                let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
                scalars.append(Unicode.Scalar(UInt32.random(in: range, using: &generator))!)
            }
            let utf8 = Array(String(scalars).utf8)
            #expect(Self.read(utf8) == utf8)
        }
    }
}
