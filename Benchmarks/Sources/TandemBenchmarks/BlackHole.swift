/// Consumes a value the optimizer cannot see through, so the work that produced it is kept.
@inline(never)
@_optimize(none)
func blackHole<T>(_ value: T) {}
