import Foundation

/// A PostgreSQL server in a temporary directory, reachable only through a Unix socket in that
/// directory, stopped and removed when the benchmark ends. PostgreSQL refuses to run as root, so
/// as root the server and its clients run as the unprivileged `postgres` account.
struct ThrowawayPostgres {
    let directory: URL
    let binaries: URL
    let port = 54_329
    let asPostgresUser: Bool

    /// Starts a server, or returns nil with the reason when PostgreSQL is not installed.
    static func start() throws -> ThrowawayPostgres? {
        guard let bindir = try? run("/usr/bin/pg_config", ["--bindir"]).trimmingCharacters(in: .whitespacesAndNewlines),
            FileManager.default.isExecutableFile(atPath: bindir + "/initdb")
        else { return nil }
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = ThrowawayPostgres(
            directory: directory, binaries: URL(fileURLWithPath: bindir), asPostgresUser: getuid() == 0)
        if server.asPostgresUser {
            _ = try run("/bin/chown", ["-R", "postgres:postgres", directory.path])
        }
        _ = try server.tool("initdb", ["-D", server.data, "-U", "postgres", "-A", "trust", "--no-instructions"])
        _ = try server.tool(
            "pg_ctl",
            [
                "-D", server.data, "-l", directory.appendingPathComponent("server.log").path, "-w", "-o",
                "-p \(server.port) -k \(directory.path) -c listen_addresses='' -c shared_buffers=512MB -c max_wal_size=4GB",
                "start",
            ])
        return server
    }

    var data: String { directory.appendingPathComponent("data").path }

    /// Runs SQL through psql and returns its output.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        try tool(
            "psql",
            [
                "-h", directory.path, "-p", "\(port)", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-qAt", "-c", sql,
            ])
    }

    func stop() {
        _ = try? tool("pg_ctl", ["-D", data, "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    private func tool(_ name: String, _ arguments: [String]) throws -> String {
        let path = binaries.appendingPathComponent(name).path
        if asPostgresUser {
            return try Self.run("/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        }
        return try Self.run(path, arguments)
    }

    /// Runs a program to completion and returns its standard output. Output goes through files,
    /// not pipes: `pg_ctl start` leaves a server behind, and a pipe it inherits would never close.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-run-\(UUID().uuidString)")
        let outputURL = scratch.appendingPathExtension("out")
        let errorURL = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let status = try spawnAndWait(executable, arguments, stdout: outputURL.path, stderr: errorURL.path)
        let output = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw BenchError("\(executable) \(arguments.prefix(3).joined(separator: " ")) failed: \(errors)")
        }
        return output
    }
}

/// posix_spawn and waitpid: Foundation's `Process` on Linux can miss the exit of a child whose
/// own child (the server `pg_ctl` starts) lives on, and then waits forever.
private func spawnAndWait(_ executable: String, _ arguments: [String], stdout: String, stderr: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchError("could not start \(executable): error \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw BenchError("waiting for \(executable) failed: errno \(errno)") }
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
    return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
