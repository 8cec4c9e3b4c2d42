/// A tiny deterministic PRNG (xorshift64*), so random-input tests fail the same way every run.
struct XorShift: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        precondition(seed != 0, "xorshift needs a non-zero seed")
        state = seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
