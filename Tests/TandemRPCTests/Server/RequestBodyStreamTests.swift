import NIOCore
import Synchronization
import Testing

@testable import TandemRPC

@Suite("request body stream")
struct RequestBodyStreamTests {
    @Test("chunks under the buffer limit return their window at once; later ones when taken")
    func flowControlAccounting() async throws {
        let reported = Mutex<[Int]>([])
        let stream = RequestBodyStream(bufferedBytesLimit: 10) { count in reported.withLock { $0.append(count) } }
        #expect(stream.yield(ByteBuffer(bytes: Array(repeating: 1, count: 6))) == true)
        #expect(stream.yield(ByteBuffer(bytes: Array(repeating: 2, count: 6))) == false)
        stream.finish()
        var received: [Int] = []
        for try await chunk in stream { received.append(chunk.readableBytes) }
        #expect(received == [6, 6])
        #expect(reported.withLock { $0 } == [6])
    }

    @Test("a waiting consumer gets a chunk as it arrives, then the end")
    func waitingConsumer() async throws {
        let stream = RequestBodyStream { _ in }
        let consumer = Task {
            var total = 0
            for try await chunk in stream { total += chunk.readableBytes }
            return total
        }
        try await Task.sleep(for: .milliseconds(20))
        stream.yield(ByteBuffer(bytes: [1, 2, 3]))
        try await Task.sleep(for: .milliseconds(20))
        stream.finish()
        #expect(try await consumer.value == 3)
    }

    @Test("a failure reaches the consumer, and a cancelled consumer stops waiting")
    func failureAndCancellation() async throws {
        struct Reset: Error {}
        let failing = RequestBodyStream { _ in }
        failing.finish(throwing: Reset())
        await #expect(throws: Reset.self) {
            for try await _ in failing {}
        }
        let idle = RequestBodyStream { _ in }
        let consumer = Task {
            for try await _ in idle {}
        }
        try await Task.sleep(for: .milliseconds(20))
        consumer.cancel()
        await #expect(throws: CancellationError.self) { try await consumer.value }
    }
}
