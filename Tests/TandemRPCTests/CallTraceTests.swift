import Testing
import TandemRPC

@Suite("W3C trace context and request ids")
struct CallTraceTests {
    @Test("A valid traceparent keeps its trace id and flags and gets a new span")
    func continues() {
        let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let trace = CallTrace.incoming(traceparent: header, requestID: "req-1")
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.spanID != "00f067aa0ba902b7" && trace.spanID.count == 16)
        #expect(trace.flags == 1 && trace.requestID == "req-1")
        #expect(trace.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(trace.spanID)-01")
        let child = trace.child()
        #expect(child.traceID == trace.traceID && child.spanID != trace.spanID && child.requestID == "req-1")
        // A later version may append fields; its first four are read.
        #expect(CallTrace.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra")?.flags == 0)
    }

    @Test(
        "Malformed traceparents start a new trace",
        arguments: [
            "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        ])
    func refuses(header: String) {
        #expect(CallTrace.parse(header) == nil)
        let trace = CallTrace.incoming(traceparent: header, requestID: nil)
        #expect(trace.traceID.count == 32 && trace.traceID != "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(CallTrace.parse(trace.traceparent)?.traceID == trace.traceID)
    }

    @Test("A request id is kept when it is 1 to 128 printable ASCII characters, else a new one is made")
    func requestIDs() {
        #expect(CallTrace.incoming(traceparent: nil, requestID: "abc-123").requestID == "abc-123")
        for bad in ["", "has space", String(repeating: "a", count: 129), "é"] {
            let id = CallTrace.incoming(traceparent: nil, requestID: bad).requestID
            #expect(id != bad && id.count == 16)
        }
    }

    @Test("New trace and span ids are distinct across 40,000 calls on four threads, and every hex digit turns up in every place")
    func newIdsAreDistinct() async {
        let traces = await withTaskGroup(of: [CallTrace].self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<10_000).map { _ in CallTrace.incoming(traceparent: nil, requestID: nil) } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(traces.map(\.traceID)).count == 40_000)
        #expect(Set(traces.map(\.spanID)).count == 40_000)
        for place in 0..<32 {
            let digits = Set(traces.map { Array($0.traceID.utf8)[place] })
            #expect(digits.count == 16, "trace id digit \(place) took only \(digits.count) values")
        }
    }
}
