import TandemWire
import Testing

/// A message to encode and decode again.
struct RoundTripCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var message: AllTypes

    init(_ label: String, _ set: (inout AllTypes) -> Void) {
        testDescription = label
        var message = AllTypes()
        set(&message)
        self.message = message
    }
}

@Suite("round trips")
struct RoundTripTests {
    static let cases: [RoundTripCase] = [
        RoundTripCase("default") { _ in },
        RoundTripCase("populated") { $0 = .populated },
        RoundTripCase("maxima") {
            $0.int32Value = .max
            $0.packedInt32 = [.max, .max]
            $0.packedFixed32 = [.max]
            $0.doubleValue = .greatestFiniteMagnitude
            $0.floatValue = .greatestFiniteMagnitude
            $0.int64Value = .max
            $0.uint32Value = .max
            $0.uint64Value = .max
            $0.sint32Value = .max
            $0.sint64Value = .max
            $0.fixed32Value = .max
            $0.fixed64Value = .max
            $0.sfixed32Value = .max
            $0.sfixed64Value = .max
            $0.color = Color(rawValue: .max)
            $0.stringToInt32 = ["max": .max]
            $0.int64ToNested = [.max: Nested(a: .max)]
            $0.optionalInt32 = .max
        },
        RoundTripCase("minima") {
            $0.int32Value = .min
            $0.packedInt32 = [.min, 0, .min]
            $0.doubleValue = -.greatestFiniteMagnitude
            $0.floatValue = -.greatestFiniteMagnitude
            $0.int64Value = .min
            $0.sint32Value = .min
            $0.sint64Value = .min
            $0.sfixed32Value = .min
            $0.sfixed64Value = .min
            $0.color = Color(rawValue: .min)
            $0.stringToInt32 = ["min": .min]
            $0.int64ToNested = [.min: Nested(a: .min)]
            $0.optionalInt32 = .min
        },
        RoundTripCase("infinities and subnormals") {
            $0.doubleValue = -.infinity
            $0.floatValue = .infinity
            $0.packedFixed32 = [0, 0]
            $0.repeatedNested = [Nested(a: 0, name: "\(Double.leastNonzeroMagnitude)")]
        },
        RoundTripCase("smallest subnormal double") { $0.doubleValue = .leastNonzeroMagnitude },
        RoundTripCase("smallest subnormal float") { $0.floatValue = -.leastNonzeroMagnitude },
        RoundTripCase("non-ASCII strings") {
            $0.stringValue = "héllo wörld — 日本語"
            $0.repeatedString = ["Ελληνικά", "עברית", "中文"]
            $0.stringToInt32 = ["ключ": 1, "κλειδί": 2]
            $0.choice = .name("naïve café")
        },
        RoundTripCase("4-byte UTF-8") {
            $0.stringValue = "😀𝄞🇺🇳"
            $0.nested = Nested(a: 1, name: "👩‍👩‍👧‍👦")
            $0.optionalString = "\u{10FFFF}"
        },
        RoundTripCase("empty strings with presence") {
            $0.choice = .name("")
            $0.optionalString = ""
            $0.repeatedString = ["", "", ""]
            $0.stringToInt32 = ["": 7]
        },
        RoundTripCase("1 MiB string") { $0.stringValue = String(repeating: "ü", count: 512 * 1024) },
        RoundTripCase("1 MiB string in a nested message") {
            $0.nested = Nested(a: 3, name: String(repeating: "a", count: 1 << 20))
        },
        RoundTripCase("every byte value") { $0.bytesValue = (0...255).map { UInt8($0) } },
        RoundTripCase("unknown enum values") { $0.color = Color(rawValue: 99) },
        RoundTripCase("oneof message member") { $0.choice = .nested(Nested(a: -5, name: "n")) },
        RoundTripCase("many map entries") {
            for key in 0..<300 {
                $0.stringToInt32["key \(key)"] = Int32(key)
                $0.int64ToNested[Int64(key) - 150] = Nested(a: Int32(key))
            }
        },
        RoundTripCase("long repeated fields") {
            $0.packedInt32 = (0..<5000).map { Int32($0) * 431 - 1_000_000 }
            $0.packedFixed32 = (0..<5000).map { UInt32($0) &* 2_654_435_761 }
            $0.repeatedString = (0..<500).map { "s\($0)" }
            $0.repeatedNested = (0..<500).map { Nested(a: Int32($0)) }
        },
    ]

    @Test("encode then decode gives an equal message, and encoding again gives the same bytes", arguments: cases)
    func roundTrip(_ roundTrip: RoundTripCase) throws {
        let encoded = roundTrip.message.serializedBytes()
        let decoded = try AllTypes(serializedBytes: encoded)
        #expect(decoded == roundTrip.message)
        #expect(decoded.serializedBytes() == encoded)
        let borrowed = try encoded.withUnsafeBytes { try AllTypes(decoding: $0) }
        #expect(borrowed == roundTrip.message)
    }

    @Test(
        "strings keep their exact UTF-8, including forms Swift considers equal",
        arguments: [
            "e\u{301}", "\u{E9}", "\u{212B}", "A\u{30A}", "\u{1F1FA}\u{1F1F3}", "\u{0}", "a\u{0}b",
        ])
    func exactUTF8(_ string: String) throws {
        var message = AllTypes()
        message.stringValue = string
        message.repeatedString = [string]
        message.stringToInt32 = [string: 1]
        let decoded = try AllTypes(serializedBytes: message.serializedBytes())
        #expect(Array(decoded.stringValue.utf8) == Array(string.utf8))
        #expect(decoded.repeatedString.map { Array($0.utf8) } == [Array(string.utf8)])
        #expect(decoded.stringToInt32.keys.map { Array($0.utf8) } == [Array(string.utf8)])
    }

    @Test("-0.0 keeps its sign bit on the wire and back")
    func negativeZero() throws {
        var message = AllTypes()
        message.doubleValue = -0.0
        message.floatValue = -0.0
        let encoded = message.serializedBytes()
        #expect(encoded == hex("51 00 00 00 00 00 00 00 80 5d 00 00 00 80"))
        let decoded = try AllTypes(serializedBytes: encoded)
        // `==` cannot tell -0.0 from 0.0, so compare the bits.
        #expect(decoded.doubleValue.bitPattern == (-0.0 as Double).bitPattern)
        #expect(decoded.floatValue.bitPattern == (-0.0 as Float).bitPattern)
    }

    @Test("a NaN keeps its exact bits")
    func nanPayload() throws {
        var message = AllTypes()
        message.doubleValue = Double(nan: 0x1234, signaling: false)
        message.floatValue = -Float(nan: 0x56, signaling: false)
        let decoded = try AllTypes(serializedBytes: message.serializedBytes())
        #expect(decoded.doubleValue.bitPattern == message.doubleValue.bitPattern)
        #expect(decoded.floatValue.bitPattern == message.floatValue.bitPattern)
    }

    @Test("a deep chain of recursive messages round-trips")
    func recursiveChain() throws {
        let chain = Recursive.chain(depth: WireReader.maximumDepth)
        let decoded = try Recursive(serializedBytes: chain.serializedBytes())
        #expect(decoded == chain)
    }
}
