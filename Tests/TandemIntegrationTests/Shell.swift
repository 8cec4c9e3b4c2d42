import Foundation

enum Shell {
    /// Runs `work` on a thread of its own: waiting for a child must not hold one of Swift's few
    /// executor threads, which the in-process servers the child may be calling need.
    static func offExecutor<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    /// Runs `command` with /bin/sh and waits for it; its exit status. posix_spawn and waitpid, not
    /// Foundation's Process, whose waitUntilExit can wait forever inside an async test.
    static func run(_ command: String) -> Int32 {
        var pid: pid_t = 0
        let strings: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // The exit code of a normal exit (WEXITSTATUS), else a negative value.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }

    /// Runs `executable` with `arguments` and `environment` added; its exit status, standard
    /// output and standard error.
    static func capture(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async
        -> (status: Int32, stdout: String, stderr: String)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-shell-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let err = folder.appendingPathComponent("err").path
        let variables = environment.map { "\($0.key)=\(quoted($0.value))" }.joined(separator: " ")
        let command = "env -u TANDEM_API_KEY -u TANDEM_ADMIN_TOKEN -u TANDEM_ADDRESS \(variables) \(quoted(executable)) "
            + arguments.map(quoted).joined(separator: " ") + " </dev/null >\(quoted(out)) 2>\(quoted(err))"
        let status = await offExecutor { run(command) }
        return (
            status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        )
    }

    /// Starts `executable` in the background with `environment` added, its output to `log`; its pid.
    static func start(_ executable: String, environment: [String: String], log: String) throws -> pid_t {
        var pid: pid_t = 0
        let variables = environment.map { "\($0.key)=\(quoted($0.value))" }.joined(separator: " ")
        let strings: [String] = ["/bin/sh", "-c", "exec env \(variables) \(quoted(executable)) </dev/null >\(quoted(log)) 2>&1"]
        let arguments: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ) == 0 else {
            throw CocoaError(.executableLoad)
        }
        return pid
    }

    /// Waits for `pid` to end; its exit status (negative when a signal ended it).
    static func wait(_ pid: pid_t) async -> Int32 {
        await offExecutor { waitSynchronously(pid) }
    }

    static func waitSynchronously(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A product built beside the test bundle (`tandemctl`, `tandem-tasks`, ...).
    static func product(_ name: String) -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: beside.path) ? beside.path : ".build/debug/\(name)"
    }
}
