import CAllocationCounter
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Signals that let a benchmark script count the server's heap allocations over a load it sends.
///
/// SIGUSR2 switches counting on or off (off at start, so timed runs only pay for a flag check);
/// SIGUSR1 prints `allocations N`, the running count. Allocations per call is
/// (count after N calls − count before) ÷ N. Each line is flushed at once.
enum AllocationSignals {
    /// Whether counting is on; changed only on the signal queue.
    private static let counting = Atomic<Bool>(false)

    /// Installs both handlers; keep the returned sources alive for as long as they should work.
    static func install() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "allocation-signals")
        let report = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: queue)
        report.setEventHandler {
            emit("allocations \(tandem_allocation_count())")
        }
        let toggle = DispatchSource.makeSignalSource(signal: SIGUSR2, queue: queue)
        toggle.setEventHandler {
            let on = !counting.load(ordering: .relaxed)
            counting.store(on, ordering: .relaxed)
            tandem_allocation_counting(on)
            emit("allocation counting \(on ? "on" : "off")")
        }
        for (number, source) in [(SIGUSR1, report), (SIGUSR2, toggle)] {
            // The default action of both signals ends the process; Dispatch needs them ignored.
            signal(number, SIG_IGN)
            source.resume()
        }
        return [report, toggle]
    }

    private static func emit(_ line: String) {
        print(line)
        fflush(nil)  // every stream: Swift 6 refuses `stdout`, a mutable C global
    }
}
