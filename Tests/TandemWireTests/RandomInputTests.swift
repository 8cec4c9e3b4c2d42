import TandemWire
import Testing

@Suite("random input")
struct RandomInputTests {
    static let codes: Set<WireError.Code> = [
        .truncated, .overlongVarint, .lengthOutOfBounds, .wrongWireType, .groupNotSupported,
        .invalidWireType, .invalidFieldNumber, .nestingTooDeep, .invalidUTF8,
    ]

    /// Decodes `bytes`; when that succeeds, re-encoding and decoding again must change nothing.
    /// Returns whether the input decoded.
    static func check<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8]) -> Bool {
        let decoded: M
        do throws(WireError) {
            decoded = try M(serializedBytes: bytes)
        } catch {
            #expect(codes.contains(error.code))
            #expect(error.message == M.protoName)
            return false
        }
        let encoded = decoded.serializedBytes()
        let again = try? M(serializedBytes: encoded)
        #expect(again != nil, "\(bytes.hexDescription)")
        // A decoded NaN is unequal to itself; the canonical bytes still compare.
        if decoded == decoded {
            #expect(again == decoded, "\(bytes.hexDescription)")
        }
        #expect(again?.serializedBytes() == encoded, "\(bytes.hexDescription)")
        return true
    }

    @Test("20,000 random inputs of 0 to 64 bytes never trap", arguments: [AllTypes.protoName, Recursive.protoName])
    func randomBytes(messageName: String) {
        var generator = XorShift(seed: 0x5EED_7A4D_E300_0001)
        var decodedCount = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let decoded =
                messageName == AllTypes.protoName ? Self.check(AllTypes.self, bytes) : Self.check(Recursive.self, bytes)
            if decoded { decodedCount += 1 }
        }
        // Some random inputs are valid messages (the empty one at least), so the round trip runs.
        #expect(decodedCount > 100)
    }

    @Test("20,000 mutations of a valid encoding never trap")
    func mutatedBytes() {
        var generator = XorShift(seed: 0xC0FF_EE00_D15E_A5E5)
        var message = AllTypes.populated
        message.nested = Nested(a: 1, name: String(repeating: "n", count: 150))
        let valid = message.serializedBytes()
        let recursive = Recursive.chain(depth: 4).serializedBytes()
        var decodedCount = 0
        for iteration in 0..<20_000 {
            var bytes = iteration.isMultiple(of: 2) ? valid : recursive
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0...3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &generator)
                case 2: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if bytes.isEmpty { break }
            }
            let decoded =
                iteration.isMultiple(of: 2) ? Self.check(AllTypes.self, bytes) : Self.check(Recursive.self, bytes)
            if decoded { decodedCount += 1 }
        }
        #expect(decodedCount > 100)
    }
}
