import CAllocationCounter

/// Heap allocations per operation, from the interposed malloc family's call counter.
enum AllocationCount {
    /// Runs `body` once to warm up (lazy globals, metadata), then `iterations` more times counted.
    static func perOperation(iterations: Int = 1_000, _ body: (Int) -> Void) -> Double {
        body(1)
        tandem_allocation_counting(true)
        defer { tandem_allocation_counting(false) }
        let before = tandem_allocation_count()
        body(iterations)
        let after = tandem_allocation_count()
        return Double(after - before) / Double(iterations)
    }

    /// Whether the counter sees allocations at all (a `[Int]` of fresh storage must count).
    static func isCounting() -> Bool {
        tandem_allocation_counting(true)
        defer { tandem_allocation_counting(false) }
        let before = tandem_allocation_count()
        blackHole([Int](repeating: 7, count: 1_000))
        return tandem_allocation_count() > before
    }
}
