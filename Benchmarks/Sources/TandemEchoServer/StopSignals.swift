import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM and SIGINT as an async sequence, so the server can shut down gracefully on either.
///
/// Outside `main.swift` on purpose: closures written in top-level code are main-actor isolated,
/// and a signal handler runs on a Dispatch queue.
struct StopSignals {
    let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init() {
        let queue = DispatchQueue(label: "stop-signals")
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.signals = signals
        sources = [SIGTERM, SIGINT].map { number in
            // The default action ends the process at once; Dispatch needs the signal ignored.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }
}
