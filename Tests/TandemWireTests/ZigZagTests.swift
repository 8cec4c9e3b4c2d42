import TandemWire
import Testing

@Suite("ZigZag")
struct ZigZagTests {
    static let pairs32: [(Int32, UInt32)] = [
        (0, 0), (-1, 1), (1, 2), (-2, 3), (2, 4), (63, 126), (-64, 127), (64, 128),
        (.max, 0xFFFF_FFFE), (.min, 0xFFFF_FFFF),
    ]

    static let pairs64: [(Int64, UInt64)] = [
        (0, 0), (-1, 1), (1, 2), (-2, 3), (2, 4), (Int64(Int32.max), 0xFFFF_FFFE), (Int64(Int32.min), 0xFFFF_FFFF),
        (.max, 0xFFFF_FFFF_FFFF_FFFE), (.min, 0xFFFF_FFFF_FFFF_FFFF),
    ]

    @Test("32-bit encode and decode", arguments: pairs32)
    func zigZag32(signed: Int32, unsigned: UInt32) {
        #expect(ZigZag.encode(signed) == unsigned)
        #expect(ZigZag.decode(unsigned) == signed)
    }

    @Test("64-bit encode and decode", arguments: pairs64)
    func zigZag64(signed: Int64, unsigned: UInt64) {
        #expect(ZigZag.encode(signed) == unsigned)
        #expect(ZigZag.decode(unsigned) == signed)
    }

    @Test("decode inverts encode across the whole range", arguments: [1, 2, 3])
    func inverse(seed: UInt64) {
        var generator = XorShift(seed: seed)
        for _ in 0..<10_000 {
            let value64 = Int64(bitPattern: generator.next())
            #expect(ZigZag.decode(ZigZag.encode(value64)) == value64)
            let value32 = Int32(truncatingIfNeeded: value64)
            #expect(ZigZag.decode(ZigZag.encode(value32)) == value32)
        }
    }
}
