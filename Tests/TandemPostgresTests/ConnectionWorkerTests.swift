import Foundation
import Testing
@testable import TandemPostgres

@Suite("A pool connection's thread")
struct ConnectionWorkerTests {
    /// The name of the thread a job runs on, as Linux keeps it.
    static func threadName(of worker: ConnectionWorker) async -> String {
        await withCheckedContinuation { continuation in
            worker.submit {
                let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                continuation.resume(returning: name.trimmingCharacters(in: .newlines))
            }
        }
    }

    @Test("goes by its name, cut to the 15 bytes Linux keeps")
    func named() async {
        let options = PostgresConnection.Options(url: "postgresql://127.0.0.1:1/none")
        let short = ConnectionWorker(id: 1, options: options, name: "pg1-main")
        let long = ConnectionWorker(id: 2, options: options, name: "pg2-a-long-cluster-name")
        defer {
            short.stop()
            long.stop()
        }
        #expect(await Self.threadName(of: short) == "pg1-main")
        #expect(await Self.threadName(of: long) == "pg2-a-long-clus")
        #expect(PoolThread.name("pg12-ü-cluster-x") == "pg12-ü-cluster")
    }
}
