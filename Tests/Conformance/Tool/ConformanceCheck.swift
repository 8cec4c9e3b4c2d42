import Foundation
import TandemSchema

/// The Swift side of the conformance check, over a corpus written by conformance.py generate.
///
/// For every case: decode Python's bytes, compare the dump with Python's and the re-encoding
/// with Python's deterministic bytes, then build the message from Python's dump alone and write
/// its encoding to NAME.swift.bin for conformance.py verify.
struct ConformanceCheck {
    let corpus: String
    let types: [String: any ProtoMessage.Type]
    /// Types registered twice under one name: the first wins, the rest are failures.
    let duplicateNames: [String]

    init(corpus: String, registered: [any ProtoMessage.Type]) {
        self.corpus = corpus
        var types: [String: any ProtoMessage.Type] = [:]
        var duplicates: [String] = []
        for type in registered {
            if types[type.protoName] == nil { types[type.protoName] = type } else { duplicates.append(type.protoName) }
        }
        self.types = types
        self.duplicateNames = duplicates
    }

    /// Runs every case; prints one line per failure and the summary. Returns whether all passed.
    func run() throws(ConformanceError) -> Bool {
        let manifest = try JSONParser.parse(try read("manifest.json"))
        guard let cases = manifest["cases"]?.arrayValue else { throw ConformanceError("manifest.json has no cases") }
        try write("swift-types.txt", Array(types.keys.sorted().map { $0 + "\n" }.joined().utf8))

        var results: [String: JSON] = [:]
        var missingTypes: [String: Int] = [:]
        var passed = 0
        var failed = 0
        for entry in cases {
            guard let name = entry["name"]?.stringValue, let typeName = entry["type"]?.stringValue else {
                throw ConformanceError("manifest.json: a case without name or type")
            }
            var problems: [String]
            if let type = types[typeName] {
                do throws(ConformanceError) {
                    problems = try check(type, name)
                } catch {
                    problems = ["cannot read the case: \(error)"]
                }
                for problem in problems { print("FAIL \(name): \(problem)") }
            } else {
                problems = ["no Swift type for \(typeName) in Schema.messageTypes"]
                missingTypes[typeName, default: 0] += 1
            }
            results[name] = .array(problems.map { .string($0) })
            if problems.isEmpty { passed += 1 } else { failed += 1 }
        }
        for (typeName, count) in missingTypes.sorted(by: { $0.key < $1.key }) {
            print("FAIL \(typeName): no Swift type in Schema.messageTypes (\(count) cases)")
        }
        for name in duplicateNames {
            print("FAIL \(name): registered by more than one Swift type in Schema.messageTypes")
            failed += 1
        }
        try write("swift-results.json", Array(JSON.object(results).rendered.utf8))
        print("conformance (swift side): \(passed) passed, \(failed) failed")
        return failed == 0
    }

    /// The problems of one case; empty when it passes.
    private func check<M: ProtoMessage>(_ type: M.Type, _ name: String) throws(ConformanceError) -> [String] {
        let input = try read(name + ".input.bin")
        let canonical = try read(name + ".python.bin")
        let expected = try JSONParser.parse(try read(name + ".json"))
        var problems: [String] = []

        // Python to Swift: decode, compare the value, re-encode and compare the bytes.
        var decoded: M?
        do throws(WireError) {
            decoded = try M(serializedBytes: input)
        } catch {
            problems.append("decoding Python's bytes failed: \(error)")
        }
        if let decoded {
            do throws(ConformanceError) {
                if let difference = JSON.firstDifference(try CanonicalValue.dumpMessage(decoded), expected) {
                    problems.append("decoded value differs: \(difference)")
                }
            } catch {
                problems.append("dumping the decoded message failed: \(error)")
            }
            let encoded = decoded.serializedBytes()
            if encoded != canonical {
                problems.append(
                    "re-encoding differs from Python's deterministic bytes: \(Self.bytesDifference(encoded, canonical))"
                )
            }
        }

        // Swift to Python: build the message from the dump alone and leave its bytes for verify.
        do throws(ConformanceError) {
            let built = try CanonicalValue.loadMessage(M.self, expected, at: "")
            // Not `built == decoded`: a NaN field makes a message unequal to itself.
            if let difference = JSON.firstDifference(try CanonicalValue.dumpMessage(built), expected) {
                problems.append("the message built from the dump dumps differently: \(difference)")
            }
            try write(name + ".swift.bin", built.serializedBytes())
        } catch {
            problems.append("building the message from Python's dump failed: \(error)")
        }
        return problems
    }

    static func bytesDifference(_ actual: [UInt8], _ expected: [UInt8]) -> String {
        let index =
            zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actual.count, expected.count)
        let start = max(0, index - 4)
        func window(_ bytes: [UInt8]) -> String {
            CanonicalValue.hex(Array(bytes[min(start, bytes.count)..<min(index + 12, bytes.count)]))
        }
        return "first difference at byte \(index) of \(expected.count) (Swift wrote \(actual.count)): "
            + "Swift \(window(actual)) Python \(window(expected)) (from byte \(start))"
    }

    private func read(_ file: String) throws(ConformanceError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: corpus + "/" + file) else {
            throw ConformanceError("cannot read \(corpus)/\(file)")
        }
        return [UInt8](data)
    }

    private func write(_ file: String, _ bytes: [UInt8]) throws(ConformanceError) {
        guard FileManager.default.createFile(atPath: corpus + "/" + file, contents: Data(bytes)) else {
            throw ConformanceError("cannot write \(corpus)/\(file)")
        }
    }
}
